import type { Faker } from '@faker-js/faker';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { City, Country } from './countries.ts';
import { fillDigits } from './random.ts';

const ATTEMPTS = 50;

/** Hands out valid, distinct E.164 numbers, so no two demo customers share a phone by accident. */
export class PhoneDirectory {
  readonly #faker: Faker;
  readonly #issued = new Set<string>();

  constructor(faker: Faker) {
    this.#faker = faker;
  }

  mobile(country: Country): string {
    return this.#issue(country, country.mobiles);
  }

  landline(country: Country, city: City): string {
    return this.#issue(country, [city.landline]);
  }

  #issue(country: Country, templates: readonly string[]): string {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const national = fillDigits(this.#faker, this.#faker.helpers.arrayElement(templates));
      const phone = parsePhoneNumberFromString(national, country.code);
      // Validated with the same full metadata the API validates input with.
      if (phone?.isValid() && !this.#issued.has(phone.number)) {
        this.#issued.add(phone.number);
        return phone.number;
      }
    }
    throw new Error(`No valid ${country.code} phone number from ${templates.join(' | ')} after ${ATTEMPTS} attempts`);
  }
}
