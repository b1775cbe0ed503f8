import type { Faker } from '@faker-js/faker';

/** `[value, weight]` pairs; weights need not add up to anything in particular. */
export type Weighted<T> = readonly (readonly [T, number])[];

const DAY_MS = 86_400_000;

/**
 * The draws the sales demo makes: a small seeded generator (sfc32), seeded once from the plugin's
 * faker, so the same seed gives the same pipeline, at a fraction of faker's cost per draw.
 */
export class DemoDraws {
  #a = 0x9e3779b9;
  #b = 0x243f6a88;
  #c = 0xb7e15162;
  #d: number;

  constructor(faker: Faker) {
    this.#d = faker.number.int(0xffff_ffff) >>> 0;
    for (let i = 0; i < 15; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return (t >>> 0) / 4_294_967_296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
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
    const hex = (digits: number) => Array.from({ length: digits }, () => Math.floor(this.next() * 16).toString(16)).join('');
    const variant = (0x8000 | this.int(0, 0x3fff)).toString(16);
    return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${hex(3)}-${variant}-${hex(12)}`;
  }
}

export const DAY = DAY_MS;
