import { SeededRandom, type Weighted } from '../../../src/plugin-api.ts';

export type { Weighted };

/**
 * A small seeded generator (sfc32) for the hundreds of thousands of draws the history needs:
 * reproducible like faker, which seeds it, and an order of magnitude cheaper per draw.
 */
export class DemoRandom extends SeededRandom {
  /** Log-normal with mean 1: most draws near the median, a long tail of large ones. */
  spread(sigma: number): number {
    const u = 1 - this.next();
    const v = this.next();
    const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return Math.exp(sigma * normal - (sigma * sigma) / 2);
  }

  /** A UUIDv7 for a row created at `at`, like Prisma's `uuid(7)`, with reproducible random bits. */
  uuidV7(at: Date): string {
    const time = at.getTime().toString(16).padStart(12, '0');
    const hex = (digits: number) => Math.floor(this.next() * 16 ** digits).toString(16).padStart(digits, '0');
    const variant = (0x8000 | Math.floor(this.next() * 0x4000)).toString(16);
    return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${hex(3)}-${variant}-${hex(6)}${hex(6)}`;
  }
}

/**
 * Weighted choice over a fixed list by binary search on cumulative weights: days of a two-year
 * calendar, hours of a day. `between` restricts the draw to a range of positions.
 */
export class Cumulative {
  readonly #sums: number[] = [];

  constructor(weights: readonly number[]) {
    let sum = 0;
    for (const weight of weights) this.#sums.push((sum += weight));
  }

  get length(): number {
    return this.#sums.length;
  }

  /** A position in [from, to) drawn by weight; -1 when the range weighs nothing. */
  between(random: DemoRandom, from: number, to: number): number {
    const low = from <= 0 ? 0 : this.#sums[from - 1]!;
    const high = to <= 0 ? 0 : this.#sums[Math.min(to, this.#sums.length) - 1]!;
    if (high <= low) return -1;
    const target = low + random.next() * (high - low);
    let lo = Math.max(0, from);
    let hi = Math.min(to, this.#sums.length) - 1;
    while (lo < hi) {
      const middle = (lo + hi) >> 1;
      if (this.#sums[middle]! <= target) lo = middle + 1;
      else hi = middle;
    }
    return lo;
  }
}
