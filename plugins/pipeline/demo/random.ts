import type { Faker } from '@faker-js/faker';

/** `[value, weight]` pairs; weights need not add up to anything in particular. */
export type Weighted<T> = readonly (readonly [T, number])[];

const DAY_MS = 86_400_000;

/** The draws the sales demo makes, all from the plugin's seeded faker: the same seed, the same pipeline. */
export class DemoDraws {
  readonly #faker: Faker;

  constructor(faker: Faker) {
    this.#faker = faker;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.#faker.number.float({ min: 0, max: 1, fractionDigits: 6 }) % 1;
  }

  int(min: number, max: number): number {
    return this.#faker.number.int({ min, max });
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }

  weighted<T>(entries: Weighted<T>): T {
    let total = 0;
    for (const [, weight] of entries) total += weight;
    let target = this.next() * total;
    for (const [value, weight] of entries) {
      target -= weight;
      if (target < 0) return value;
    }
    return entries[entries.length - 1]![0];
  }

  /** Exponential with the given mean: waiting times. */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** Log-normal with median 1: deal sizes, a long tail of large ones. */
  spread(sigma: number): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
  }

  /** A moment `days` (fractional) after `from`, at a working hour (08:00–19:59 UTC). */
  workingTime(from: Date, days: number): Date {
    const day = new Date(from.getTime() + Math.floor(days) * DAY_MS);
    day.setUTCHours(this.int(8, 19), this.int(0, 59), this.int(0, 59), this.int(0, 999));
    return day;
  }

  /** A UUIDv7 for a row created at `at`, like Prisma's `uuid(7)`, with reproducible random bits. */
  uuidV7(at: Date): string {
    const time = at.getTime().toString(16).padStart(12, '0');
    const hex = (digits: number) => this.#faker.string.hexadecimal({ length: digits, casing: 'lower', prefix: '' });
    const variant = (0x8000 | this.int(0, 0x3fff)).toString(16);
    return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${hex(3)}-${variant}-${hex(12)}`;
  }
}

export const DAY = DAY_MS;
