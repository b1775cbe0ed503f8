/** `[value, weight]` pairs; weights need not add up to anything in particular. */
export type Weighted<T> = readonly (readonly [T, number])[];

/**
 * A small seeded generator (sfc32) for the hundreds of thousands of draws the history needs:
 * reproducible like faker, which seeds it, and an order of magnitude cheaper per draw.
 */
export class DemoRandom {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: number) {
    this.#a = 0x9e3779b9;
    this.#b = 0x243f6a88;
    this.#c = 0xb7e15162;
    this.#d = seed >>> 0;
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

  /** Whole number in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
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

  /** Log-normal with mean 1: most draws near the median, a long tail of large ones. */
  spread(sigma: number): number {
    const u = 1 - this.next();
    const v = this.next();
    const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return Math.exp(sigma * normal - (sigma * sigma) / 2);
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
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
