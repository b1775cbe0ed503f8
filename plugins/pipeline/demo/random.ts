import type { Faker } from '@faker-js/faker';
import { SeededRandom, type Weighted } from '../../../src/plugin-api.ts';

export type { Weighted };

const DAY_MS = 86_400_000;

/**
 * The draws the sales demo makes: a small seeded generator (sfc32), seeded once from the plugin's
 * faker, so the same seed gives the same pipeline, at a fraction of faker's cost per draw.
 */
export class DemoDraws extends SeededRandom {
  constructor(faker: Faker) {
    super(faker.number.int(0xffff_ffff));
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
