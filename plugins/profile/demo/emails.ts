import type { Faker } from '@faker-js/faker';
import { asciiSlug, pickWeighted, type Weighted } from './random.ts';

type LocalPart = (first: string, last: string, faker: Faker) => string;

// How people actually spell their personal addresses.
const PERSONAL_PATTERNS: Weighted<LocalPart> = [
  [(first, last) => `${first}.${last}`, 30],
  [(first, last) => `${first}${last}`, 15],
  [(first, last) => `${first[0]}${last}`, 12],
  [(first, last) => `${first}_${last}`, 6],
  [(first, last, faker) => `${first}.${last}${faker.number.int({ min: 1, max: 99 })}`, 15],
  [(first, _last, faker) => `${first}${faker.number.int({ min: 60, max: 99 })}`, 10],
  [(first, last) => `${last}.${first}`, 7],
  [(first, last, faker) => `${first}${last[0]}${faker.number.int({ min: 1, max: 999 })}`, 5],
];

/**
 * Issues lower-cased e-mail addresses, none twice: the table allows an address to one active
 * customer of a tenant.
 */
export class EmailDirectory {
  readonly #faker: Faker;
  readonly #issued = new Set<string>();
  readonly #domains = new Set<string>();

  constructor(faker: Faker) {
    this.#faker = faker;
  }

  personal(firstName: string, lastName: string, provider: string): string {
    const pattern = pickWeighted(this.#faker, PERSONAL_PATTERNS);
    return this.#issue(pattern(slugOfFirst(firstName), slugOfFirst(lastName), this.#faker), provider);
  }

  work(firstName: string, lastName: string, domain: string): string {
    return this.#issue(`${slugOfFirst(firstName)}.${slugOfFirst(lastName)}`, domain);
  }

  mailbox(name: string, domain: string): string {
    return this.#issue(name, domain);
  }

  /** The first free `<name>.<tld>` for a company; `-2`, `-3` … on a clash. */
  domain(companyName: string, suffix: string): string {
    const name = asciiSlug(companyName).slice(0, 30) || 'empresa';
    let candidate = `${name}.${suffix}`;
    for (let clash = 2; this.#domains.has(candidate); clash++) candidate = `${name}-${clash}.${suffix}`;
    this.#domains.add(candidate);
    return candidate;
  }

  #issue(localPart: string, domain: string): string {
    let address = `${localPart}@${domain}`.toLowerCase();
    for (let clash = 2; this.#issued.has(address); clash++) address = `${localPart}${clash}@${domain}`.toLowerCase();
    this.#issued.add(address);
    return address;
  }
}

/** "María José" → "maria", "García López" → "garcia". */
function slugOfFirst(name: string): string {
  return asciiSlug(name.split(/[\s-]+/)[0] ?? name) || 'cliente';
}
