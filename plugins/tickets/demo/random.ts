import type { Faker } from '@faker-js/faker';

// Draws for the demo tickets, all from the plugin's seeded faker: the same seed, the same desk.

export type Weighted<T> = readonly (readonly [T, number])[];

export class DemoDice {
  readonly #faker: Faker;

  constructor(faker: Faker) {
    this.#faker = faker;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.#faker.number.float({ min: 0, max: 1, fractionDigits: 6 }) % 1;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  int(min: number, max: number): number {
    return this.#faker.number.int({ min, max });
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  weighted<T>(entries: Weighted<T>): T {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let target = this.next() * total;
    for (const [value, weight] of entries) {
      target -= weight;
      if (target < 0) return value;
    }
    return entries[entries.length - 1]![0];
  }

  /** Log-normal with the given median: most draws near it, a long tail above. */
  logNormal(median: number, sigma: number): number {
    const u = 1 - this.next();
    const v = this.next();
    return median * Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
  }

  /** A UUIDv7 for a row created at `at`, like Prisma's `uuid(7)`, with reproducible random bits. */
  uuidV7(at: Date): string {
    const time = at.getTime().toString(16).padStart(12, '0');
    const hex = (digits: number) => this.#faker.string.hexadecimal({ length: digits, casing: 'lower', prefix: '' });
    const variant = (0x8000 | this.int(0, 0x3fff)).toString(16);
    return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${hex(3)}-${variant}-${hex(12)}`;
  }
}
