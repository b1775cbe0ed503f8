import type { Faker } from '@faker-js/faker';

/** `[value, weight]` pairs; weights need not add up to anything in particular. */
export type Weighted<T> = readonly (readonly [T, number])[];

export function pickWeighted<T>(faker: Faker, entries: Weighted<T>): T {
  return faker.helpers.weightedArrayElement(entries.map(([value, weight]) => ({ value, weight })));
}

export function chance(faker: Faker, probability: number): boolean {
  return faker.number.float({ min: 0, max: 1 }) < probability;
}

/**
 * Weighted choice among many candidates (thousands of organizations) in logarithmic time,
 * where faker's linear scan would make the seed quadratic.
 */
export class WeightedPool<T> {
  readonly #items: readonly T[];
  readonly #cumulative: number[] = [];

  constructor(items: readonly T[], weightOf: (item: T) => number) {
    this.#items = items;
    let sum = 0;
    for (const item of items) this.#cumulative.push((sum += weightOf(item)));
  }

  get size(): number {
    return this.#items.length;
  }

  pick(faker: Faker): T {
    const total = this.#cumulative.at(-1) ?? 0;
    if (total <= 0) throw new Error('WeightedPool.pick() on an empty pool');
    const target = faker.number.float({ min: 0, max: total });
    let low = 0;
    let high = this.#cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.#cumulative[middle]! <= target) low = middle + 1;
      else high = middle;
    }
    return this.#items[low]!;
  }
}

export function between(faker: Faker, from: Date, to: Date): Date {
  if (to.getTime() <= from.getTime()) return new Date(from);
  return faker.date.between({ from, to });
}

export function yearsBefore(date: Date, years: number): Date {
  const earlier = new Date(date);
  earlier.setUTCFullYear(earlier.getUTCFullYear() - years);
  return earlier;
}

export function latest(...dates: Date[]): Date {
  return new Date(Math.max(...dates.map((date) => date.getTime())));
}

/** `YYYY-MM-DD` in UTC, for `@db.Date` columns. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * A UUIDv7 for a row created at `createdAt`, like the ids Prisma's `uuid(7)` gives live rows, so
 * demo ids sort by creation just as real ones do. The random bits come from faker: reproducible.
 */
export function uuidV7(faker: Faker, createdAt: Date): string {
  const time = createdAt.getTime().toString(16).padStart(12, '0');
  const randomA = faker.number.int(0xfff).toString(16).padStart(3, '0');
  // The variant's two bits (10) lead the fourth group.
  const randomB = (0x8000 | faker.number.int(0x3fff)).toString(16);
  const randomC = faker.number.int(0xffff_ffff_ffff).toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${randomA}-${randomB}-${randomC}`;
}

/** Fills a template: `#` is any digit, `[a-b]` a digit in that range, anything else stays. */
export function fillDigits(faker: Faker, template: string): string {
  return template.replace(/\[(\d)-(\d)\]|#/g, (_match, low: string | undefined, high: string | undefined) =>
    String(low === undefined ? faker.number.int(9) : faker.number.int({ min: Number(low), max: Number(high) })),
  );
}

/** Lower-case ASCII letters and digits only: for e-mail local parts and domains. */
export function asciiSlug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}
