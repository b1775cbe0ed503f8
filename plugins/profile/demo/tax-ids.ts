import type { Faker } from '@faker-js/faker';
import type { Country } from './countries.ts';
import { asciiSlug, fillDigits } from './random.ts';

/**
 * A company tax number in the country's own format, with a correct check digit where the
 * format has one, so validators in downstream systems accept the demo data.
 */
export function companyTaxId(faker: Faker, country: Country['code'], details: { legalForm: string; postalCode: string; name: string; foundedAt: Date }): string {
  switch (country) {
    case 'ES':
      return spanishCif(faker, details.legalForm, details.postalCode);
    case 'PT':
      return withCheck(`5${fillDigits(faker, '#######')}`, portugueseCheck);
    case 'FR':
      return withCheck(fillDigits(faker, '[1-9]#######'), luhnCheck);
    case 'AR':
      return argentineCuit(faker);
    case 'CO':
      return colombianNit(faker);
    case 'MX':
      return mexicanRfc(faker, details.name, details.foundedAt);
    case 'US':
      return `${faker.helpers.arrayElement(['12', '20', '27', '45', '46', '47', '81', '82', '84', '88'])}-${fillDigits(faker, '#######')}`;
  }
}

/** CIF: A for a S.A., B for a S.L., the province from the postal code, seven digits, a check digit. */
function spanishCif(faker: Faker, legalForm: string, postalCode: string): string {
  const letter = legalForm === 'S.A.' ? 'A' : 'B';
  const digits = `${postalCode.slice(0, 2)}${fillDigits(faker, '#####')}`;
  let sum = 0;
  [...digits].forEach((digit, index) => {
    const value = Number(digit);
    if (index % 2 === 1) sum += value;
    else sum += Math.floor((value * 2) / 10) + ((value * 2) % 10);
  });
  return `${letter}${digits}${(10 - (sum % 10)) % 10}`;
}

function withCheck(digits: string, check: (digits: string) => number): string {
  return `${digits}${check(digits)}`;
}

function portugueseCheck(digits: string): number {
  const sum = [...digits].reduce((total, digit, index) => total + Number(digit) * (9 - index), 0);
  const remainder = sum % 11;
  return remainder < 2 ? 0 : 11 - remainder;
}

/** SIREN: Luhn over nine digits. */
function luhnCheck(digits: string): number {
  const sum = [...digits].reverse().reduce((total, digit, index) => {
    const value = index % 2 === 0 ? Number(digit) * 2 : Number(digit);
    return total + (value > 9 ? value - 9 : value);
  }, 0);
  return (10 - (sum % 10)) % 10;
}

function argentineCuit(faker: Faker): string {
  const weights = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  for (;;) {
    const body = `30${fillDigits(faker, '########')}`;
    const remainder = [...body].reduce((total, digit, index) => total + Number(digit) * weights[index]!, 0) % 11;
    const check = remainder === 0 ? 0 : 11 - remainder;
    // A check of 10 is not issued; AFIP moves such companies to another prefix.
    if (check < 10) return `${body.slice(0, 2)}-${body.slice(2)}-${check}`;
  }
}

function colombianNit(faker: Faker): string {
  const body = fillDigits(faker, '[8-9]########');
  const weights = [41, 37, 29, 23, 19, 17, 13, 7, 3];
  const remainder = [...body].reduce((total, digit, index) => total + Number(digit) * weights[index]!, 0) % 11;
  return `${body}-${remainder > 1 ? 11 - remainder : remainder}`;
}

/** RFC of a company: three letters of its name, its founding date, a three-character homoclave. */
function mexicanRfc(faker: Faker, name: string, foundedAt: Date): string {
  const letters = asciiSlug(name).replace(/[0-9]/g, '').toUpperCase().padEnd(3, 'X').slice(0, 3);
  const date = foundedAt.toISOString().slice(2, 10).replaceAll('-', '');
  return `${letters}${date}${faker.string.alphanumeric({ length: 3, casing: 'upper' })}`;
}
