import { base, en, en_US, es, es_MX, Faker, fr, pt_PT, type LocaleDefinition } from '@faker-js/faker';
import type { Weighted } from './random.ts';

// Where the demo customers live. The tenant is a Spanish retailer: most customers are in Spain,
// the rest in the markets a Spanish company typically trades with. Templates: `#` any digit,
// `[a-b]` a digit in that range (see fillDigits).

export interface City {
  name: string;
  region: string;
  /** Share of the country's customers. */
  weight: number;
  postalCode: string;
  /** National landline number, area code included. */
  landline: string;
  /** Overrides the country's language mix (Catalan-speaking areas). */
  languages?: Weighted<string>;
  /** Streets are signed in Catalan (Carrer, Plaça). */
  catalanStreets?: boolean;
  /** The demo retailer's shops in the city, for `preferredStore`. */
  stores?: readonly string[];
}

export interface Country {
  code: 'ES' | 'MX' | 'AR' | 'CO' | 'US' | 'PT' | 'FR';
  /** Names and street addresses come from these faker locales. */
  locales: LocaleDefinition[];
  /** Street addresses built from Spanish street names rather than the locale's. */
  spanishStreets: boolean;
  peopleWeight: number;
  organizationWeight: number;
  languages: Weighted<string>;
  /** Chance that a person carries two surnames (García López). */
  twoSurnames: number;
  cities: readonly City[];
  /** National mobile numbers. */
  mobiles: readonly string[];
  emailProviders: Weighted<string>;
  webSuffix: string;
  /** Legal forms that end a company's legal name. */
  legalForms: Weighted<string>;
  /** Shared mailbox names of a company's contact address. */
  companyMailboxes: readonly string[];
}

const CATALAN: Weighted<string> = [['ca', 55], ['es', 40], ['en', 5]];
const VALENCIAN: Weighted<string> = [['es', 75], ['ca', 20], ['en', 5]];

export const COUNTRIES: readonly Country[] = [
  {
    code: 'ES',
    locales: [es, en, base],
    spanishStreets: true,
    peopleWeight: 80,
    organizationWeight: 85,
    languages: [['es', 88], ['en', 7], ['fr', 3], ['pt', 2]],
    twoSurnames: 0.75,
    cities: [
      { name: 'Madrid', region: 'Comunidad de Madrid', weight: 30, postalCode: '280[0-4]#', landline: '91[2-7]######', stores: ['Madrid Gran Vía', 'Madrid Castellana', 'Madrid La Vaguada'] },
      { name: 'Barcelona', region: 'Cataluña', weight: 20, postalCode: '080[0-3]#', landline: '93[2-4]######', languages: CATALAN, catalanStreets: true, stores: ['Barcelona Diagonal', "Barcelona Portal de l'Àngel"] },
      { name: 'Valencia', region: 'Comunitat Valenciana', weight: 9, postalCode: '460[0-2]#', landline: '96[3-4]######', languages: VALENCIAN, stores: ['Valencia Colón'] },
      { name: 'Sevilla', region: 'Andalucía', weight: 7, postalCode: '410[0-1]#', landline: '95[4-5]######', stores: ['Sevilla Nervión'] },
      { name: 'Zaragoza', region: 'Aragón', weight: 5, postalCode: '500[0-1]#', landline: '976######', stores: ['Zaragoza Independencia'] },
      { name: 'Málaga', region: 'Andalucía', weight: 5, postalCode: '290[0-1]#', landline: '95[1-2]######', stores: ['Málaga Larios'] },
      { name: 'Bilbao', region: 'País Vasco', weight: 4, postalCode: '480[0-1]#', landline: '94[4-7]######', stores: ['Bilbao Abando'] },
      { name: 'Murcia', region: 'Región de Murcia', weight: 3, postalCode: '300[0-1]#', landline: '968######' },
      { name: 'Palma', region: 'Illes Balears', weight: 3, postalCode: '070[0-1]#', landline: '971######', languages: CATALAN, catalanStreets: true },
      { name: 'Alicante', region: 'Comunitat Valenciana', weight: 3, postalCode: '030[0-1]#', landline: '96[5-6]######', languages: VALENCIAN },
      { name: 'Valladolid', region: 'Castilla y León', weight: 2, postalCode: '470[0-1]#', landline: '983######' },
      { name: 'Vigo', region: 'Galicia', weight: 2, postalCode: '362[0-1]#', landline: '986######' },
      { name: 'A Coruña', region: 'Galicia', weight: 2, postalCode: '150[0-1]#', landline: '981######' },
      { name: 'Granada', region: 'Andalucía', weight: 2, postalCode: '180[0-1]#', landline: '958######' },
      { name: 'Oviedo', region: 'Principado de Asturias', weight: 2, postalCode: '330[0-1]#', landline: '985######' },
      { name: 'Pamplona', region: 'Comunidad Foral de Navarra', weight: 2, postalCode: '310[0-1]#', landline: '948######' },
      { name: 'Santander', region: 'Cantabria', weight: 1, postalCode: '390[0-1]#', landline: '942######' },
      { name: 'Las Palmas de Gran Canaria', region: 'Canarias', weight: 2, postalCode: '350[0-1]#', landline: '928######' },
      { name: 'Girona', region: 'Cataluña', weight: 1, postalCode: '170[0-1]#', landline: '972######', languages: CATALAN, catalanStreets: true },
      { name: 'Tarragona', region: 'Cataluña', weight: 1, postalCode: '430[0-1]#', landline: '977######', languages: CATALAN, catalanStreets: true },
      { name: 'Lleida', region: 'Cataluña', weight: 1, postalCode: '250[0-1]#', landline: '973######', languages: CATALAN, catalanStreets: true },
    ],
    mobiles: ['6########', '7[1-4]#######'],
    emailProviders: [['gmail.com', 45], ['hotmail.com', 15], ['hotmail.es', 10], ['yahoo.es', 8], ['outlook.es', 10], ['telefonica.net', 4], ['icloud.com', 8]],
    webSuffix: 'es',
    legalForms: [['S.L.', 70], ['S.A.', 25], ['S.L.U.', 5]],
    companyMailboxes: ['info', 'contacto', 'administracion', 'pedidos', 'comercial'],
  },
  {
    code: 'MX',
    locales: [es_MX, es, en, base],
    spanishStreets: false,
    peopleWeight: 5,
    organizationWeight: 3,
    languages: [['es', 95], ['en', 5]],
    twoSurnames: 0.6,
    cities: [
      { name: 'Ciudad de México', region: 'Ciudad de México', weight: 50, postalCode: '0[1-9]###', landline: '55[2-9]#######', stores: ['Ciudad de México Polanco'] },
      { name: 'Guadalajara', region: 'Jalisco', weight: 20, postalCode: '44###', landline: '33[2-9]#######' },
      { name: 'Monterrey', region: 'Nuevo León', weight: 18, postalCode: '64###', landline: '81[2-9]#######' },
      { name: 'Querétaro', region: 'Querétaro', weight: 7, postalCode: '76###', landline: '442[2-9]######' },
      { name: 'Mérida', region: 'Yucatán', weight: 5, postalCode: '97###', landline: '999[2-9]######' },
    ],
    mobiles: ['55[2-9]#######', '33[2-9]#######', '81[2-9]#######'],
    emailProviders: [['gmail.com', 55], ['hotmail.com', 25], ['outlook.com', 10], ['yahoo.com.mx', 10]],
    webSuffix: 'com.mx',
    legalForms: [['S.A. de C.V.', 75], ['S. de R.L. de C.V.', 25]],
    companyMailboxes: ['contacto', 'ventas', 'info'],
  },
  {
    code: 'AR',
    locales: [es_MX, es, en, base],
    spanishStreets: false,
    peopleWeight: 3,
    organizationWeight: 1,
    languages: [['es', 96], ['en', 4]],
    twoSurnames: 0.1,
    cities: [
      { name: 'Buenos Aires', region: 'Ciudad Autónoma de Buenos Aires', weight: 60, postalCode: '1[0-4]##', landline: '11[4-6]#######' },
      { name: 'Córdoba', region: 'Córdoba', weight: 20, postalCode: '5000', landline: '351[4-5]######' },
      { name: 'Rosario', region: 'Santa Fe', weight: 12, postalCode: '2000', landline: '341[4-5]######' },
      { name: 'Mendoza', region: 'Mendoza', weight: 8, postalCode: '5500', landline: '261[4-5]######' },
    ],
    // Argentine mobiles are dialled with a 9 before the area code.
    mobiles: ['911[2-6]#######', '9351[5-6]######'],
    emailProviders: [['gmail.com', 60], ['hotmail.com', 25], ['yahoo.com.ar', 15]],
    webSuffix: 'com.ar',
    legalForms: [['S.R.L.', 55], ['S.A.', 45]],
    companyMailboxes: ['info', 'contacto', 'ventas'],
  },
  {
    code: 'CO',
    locales: [es_MX, es, en, base],
    spanishStreets: false,
    peopleWeight: 3,
    organizationWeight: 1,
    languages: [['es', 96], ['en', 4]],
    twoSurnames: 0.5,
    cities: [
      { name: 'Bogotá', region: 'Bogotá D.C.', weight: 50, postalCode: '11####', landline: '601[2-7]######' },
      { name: 'Medellín', region: 'Antioquia', weight: 25, postalCode: '050###', landline: '604[2-5]######' },
      { name: 'Cali', region: 'Valle del Cauca', weight: 15, postalCode: '760###', landline: '602[3-6]######' },
      { name: 'Barranquilla', region: 'Atlántico', weight: 10, postalCode: '080###', landline: '605[3-4]######' },
    ],
    mobiles: ['30[0-5]#######', '31[0-9]#######', '32[0-1]#######'],
    emailProviders: [['gmail.com', 60], ['hotmail.com', 25], ['outlook.com', 15]],
    webSuffix: 'com.co',
    legalForms: [['S.A.S.', 80], ['S.A.', 20]],
    companyMailboxes: ['info', 'contacto', 'gerencia'],
  },
  {
    code: 'US',
    locales: [en_US, en, base],
    spanishStreets: false,
    peopleWeight: 3,
    organizationWeight: 2,
    languages: [['en', 75], ['es', 25]],
    twoSurnames: 0,
    cities: [
      { name: 'New York', region: 'New York', weight: 30, postalCode: '100##', landline: '212[2-9]######' },
      { name: 'Miami', region: 'Florida', weight: 30, postalCode: '331##', landline: '305[2-9]######' },
      { name: 'Los Angeles', region: 'California', weight: 15, postalCode: '900##', landline: '213[2-9]######' },
      { name: 'Houston', region: 'Texas', weight: 15, postalCode: '770##', landline: '713[2-9]######' },
      { name: 'Chicago', region: 'Illinois', weight: 10, postalCode: '606##', landline: '312[2-9]######' },
    ],
    mobiles: ['646[2-9]######', '786[2-9]######', '310[2-9]######', '832[2-9]######', '773[2-9]######'],
    emailProviders: [['gmail.com', 55], ['yahoo.com', 15], ['outlook.com', 15], ['icloud.com', 15]],
    webSuffix: 'com',
    legalForms: [['Inc.', 60], ['LLC', 40]],
    companyMailboxes: ['info', 'hello', 'sales', 'contact'],
  },
  {
    code: 'PT',
    locales: [pt_PT, en, base],
    spanishStreets: false,
    peopleWeight: 3,
    organizationWeight: 4,
    languages: [['pt', 93], ['en', 5], ['es', 2]],
    twoSurnames: 0.5,
    cities: [
      { name: 'Lisboa', region: 'Lisboa', weight: 45, postalCode: '1[0-9]##-###', landline: '21[3-9]######', stores: ['Lisboa Chiado'] },
      { name: 'Porto', region: 'Porto', weight: 30, postalCode: '4[0-3]##-###', landline: '22[2-6]######' },
      { name: 'Braga', region: 'Braga', weight: 10, postalCode: '47##-###', landline: '253######' },
      { name: 'Coimbra', region: 'Coimbra', weight: 8, postalCode: '30##-###', landline: '239######' },
      { name: 'Faro', region: 'Faro', weight: 7, postalCode: '8000-###', landline: '289######' },
    ],
    mobiles: ['91#######', '92#######', '93#######', '96#######'],
    emailProviders: [['gmail.com', 55], ['sapo.pt', 20], ['hotmail.com', 15], ['outlook.pt', 10]],
    webSuffix: 'pt',
    legalForms: [['Lda.', 75], ['S.A.', 25]],
    companyMailboxes: ['geral', 'info', 'comercial'],
  },
  {
    code: 'FR',
    locales: [fr, en, base],
    spanishStreets: false,
    peopleWeight: 3,
    organizationWeight: 4,
    languages: [['fr', 93], ['en', 5], ['es', 2]],
    twoSurnames: 0,
    cities: [
      { name: 'Paris', region: 'Île-de-France', weight: 40, postalCode: '750[0-1][1-9]', landline: '1[4-5]#######' },
      { name: 'Lyon', region: 'Auvergne-Rhône-Alpes', weight: 15, postalCode: '6900[1-9]', landline: '4[7-8]#######' },
      { name: 'Marseille', region: "Provence-Alpes-Côte d'Azur", weight: 15, postalCode: '130[0-1][1-6]', landline: '491######' },
      { name: 'Toulouse', region: 'Occitanie', weight: 12, postalCode: '31[0-5]00', landline: '56#######' },
      { name: 'Bordeaux', region: 'Nouvelle-Aquitaine', weight: 10, postalCode: '33[0-3]00', landline: '5[5-7]#######' },
      { name: 'Lille', region: 'Hauts-de-France', weight: 8, postalCode: '59000', landline: '3[2-3]#######' },
    ],
    mobiles: ['6########', '7[5-8]#######'],
    emailProviders: [['gmail.com', 45], ['orange.fr', 20], ['free.fr', 15], ['laposte.net', 10], ['hotmail.fr', 10]],
    webSuffix: 'fr',
    legalForms: [['SAS', 55], ['SARL', 35], ['SA', 10]],
    companyMailboxes: ['contact', 'info', 'commercial'],
  },
];

export function countryByCode(code: Country['code']): Country {
  const country = COUNTRIES.find((candidate) => candidate.code === code);
  if (!country) throw new Error(`Unknown demo country ${code}`);
  return country;
}

/**
 * One faker per country for names and streets, seeded from the tenant's faker so the whole seed
 * stays reproducible.
 */
export function createLocalFakers(faker: Faker, now: Date): ReadonlyMap<Country['code'], Faker> {
  return new Map(
    COUNTRIES.map((country) => [
      country.code,
      new Faker({ locale: country.locales, seed: faker.number.int(2 ** 31 - 1), config: { defaultRefDate: () => new Date(now) } }),
    ]),
  );
}

/** One surname: the Spanish locales join two by default, and the country decides how many a person carries. */
export function surname(local: Faker): string {
  const surnames = local.rawDefinitions.person?.last_name?.generic;
  return surnames ? local.helpers.arrayElement(surnames) : local.person.lastName();
}
