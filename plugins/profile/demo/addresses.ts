import type { Faker } from '@faker-js/faker';
import type { City, Country } from './countries.ts';
import { chance, fillDigits, pickWeighted, type Weighted } from './random.ts';

export interface Location {
  country: Country;
  city: City;
}

export interface PostalAddress {
  street: string;
  postalCode: string;
  city: string;
  region: string;
  country: Country['code'];
}

export function pickLocation(faker: Faker, countries: readonly Country[], weightOf: (country: Country) => number): Location {
  const country = pickWeighted(faker, countries.map((candidate) => [candidate, weightOf(candidate)] as const));
  const city = pickWeighted(faker, country.cities.map((candidate) => [candidate, candidate.weight] as const));
  return { country, city };
}

/** `local` writes the street in the country's own style; `faker` draws everything else. */
export function postalAddress(faker: Faker, local: Faker, { country, city }: Location): PostalAddress {
  const street = country.spanishStreets ? spanishStreet(faker, city) : localStreet(faker, local);
  return { street, postalCode: fillDigits(faker, city.postalCode), city: city.name, region: city.region, country: country.code };
}

// faker's Spanish street names ("Polígono Luisa") read oddly; these are the ones every Spanish town has.
const STREET_KINDS: Weighted<string> = [['Calle', 60], ['Avenida', 20], ['Paseo', 8], ['Plaza', 7], ['Ronda', 5]];
const CATALAN_STREET_KINDS: Weighted<string> = [['Carrer', 65], ['Avinguda', 15], ['Passeig', 8], ['Plaça', 7], ['Rambla', 5]];
const STREET_NAMES = [
  'Mayor', 'Real', 'de Alcalá', 'de la Constitución', 'del Carmen', 'de San Francisco', 'de Santiago', 'de la Paz',
  'del Sol', 'de Goya', 'de Cervantes', 'de Colón', 'de Blasco Ibáñez', 'de Ramón y Cajal', 'de la Estación', 'del Mar',
  'de Andalucía', 'de Castilla', 'de Pablo Picasso', 'de Antonio Machado', 'de Federico García Lorca',
  'de Isabel la Católica', 'de los Reyes Católicos', 'de la Libertad', 'Nueva', 'del Pilar', 'de San Juan', 'de Velázquez',
  'de Serrano', 'de la Castellana', 'de Juan de la Cierva', 'de Severo Ochoa', 'de las Flores', 'del Doctor Fleming',
];
const CATALAN_STREET_NAMES = [
  'Major', 'de Balmes', 'de Mallorca', 'de Provença', 'de Girona', 'de Sant Joan', 'de la Diputació', "del Comte d'Urgell",
  'de Muntaner', 'de Pau Claris', 'de Sants', 'Nou', 'de la Indústria', 'de Gràcia', 'de Catalunya', 'de Jaume I',
];
const DOORS = ['A', 'B', 'C', 'D', 'izda.', 'dcha.'];

function spanishStreet(faker: Faker, city: City): string {
  const catalan = city.catalanStreets === true;
  const kind = pickWeighted(faker, catalan ? CATALAN_STREET_KINDS : STREET_KINDS);
  const name = faker.helpers.arrayElement(catalan ? CATALAN_STREET_NAMES : STREET_NAMES);
  const number = faker.number.int({ min: 1, max: 180 });
  // Most Spaniards live in flats: floor and door follow the number.
  const flat = chance(faker, 0.65) ? `, ${faker.number.int({ min: 1, max: 9 })}º ${faker.helpers.arrayElement(DOORS)}` : '';
  return `${kind} ${name}, ${number}${flat}`;
}

function localStreet(faker: Faker, local: Faker): string {
  const street = local.location.streetAddress();
  return chance(faker, 0.3) ? `${street}, ${local.location.secondaryAddress()}` : street;
}
