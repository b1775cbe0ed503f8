import { Cumulative, type DemoRandom } from './random.ts';

/** When a channel is busy: shops close on Sundays, the call center keeps office hours, the web never sleeps. */
export type Rhythm = 'store' | 'callCenter' | 'office' | 'online';

/** How strongly the time of year matters: purchases follow the sales, campaigns a little, the rest not. */
export type Season = 'sales' | 'campaigns' | 'flat';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

// Sunday first, like Date.getUTCDay().
const WEEKDAYS: Record<Rhythm, readonly number[]> = {
  store: [0.25, 0.8, 0.8, 0.9, 1, 1.25, 1.7],
  callCenter: [0, 1.3, 1.15, 1.05, 1, 0.9, 0.35],
  office: [0, 1, 1.1, 1.1, 1, 0.8, 0],
  online: [1.15, 1, 0.95, 0.95, 0.95, 0.95, 1],
};

// Local hours 0–23.
const HOURS: Record<Rhythm, readonly number[]> = {
  store: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.6, 0.9, 1.2, 1.3, 0.8, 0.6, 0.8, 1.1, 1.4, 1.5, 1.2, 0.5, 0, 0],
  callCenter: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0.8, 1.4, 1.5, 1.3, 1, 0.7, 0.9, 1.1, 1, 0.8, 0.5, 0.3, 0, 0, 0],
  office: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1.3, 1.3, 1.1, 0.6, 0.4, 0.9, 1.1, 1, 0.5, 0, 0, 0, 0, 0],
  online: [0.35, 0.2, 0.1, 0.06, 0.05, 0.08, 0.2, 0.45, 0.7, 0.85, 0.95, 1, 1.1, 1.2, 1.05, 0.95, 0.95, 1, 1.05, 1.15, 1.3, 1.45, 1.35, 0.8],
};

// January and July are the Spanish sales; November has Black Friday; December is Christmas.
const SALES_MONTHS = [1.5, 0.8, 0.9, 1, 1, 1.1, 1.5, 1.05, 0.9, 1, 1.35, 1.9];

/**
 * The demo history's calendar: a weight for every day of the two years before `now`, per rhythm
 * and season, so a draw lands on a Saturday in December far more often than on a Sunday in
 * February, and on a shop's busy hours rather than at night.
 */
export class Calendar {
  readonly start: number;
  readonly end: number;
  readonly #days = new Map<string, Cumulative>();
  readonly #hours = new Map<Rhythm, Cumulative>();

  constructor(now: Date, years: number) {
    const start = new Date(now);
    start.setUTCFullYear(start.getUTCFullYear() - years);
    this.start = Math.floor(start.getTime() / DAY_MS) * DAY_MS;
    this.end = now.getTime();
    const dayCount = Math.ceil((this.end - this.start) / DAY_MS);
    for (const rhythm of Object.keys(WEEKDAYS) as Rhythm[]) {
      this.#hours.set(rhythm, new Cumulative(HOURS[rhythm]));
      for (const season of ['sales', 'campaigns', 'flat'] as const) {
        const weights = Array.from({ length: dayCount }, (_, index) => dayWeight(new Date(this.start + index * DAY_MS), rhythm, season));
        this.#days.set(`${rhythm}:${season}`, new Cumulative(weights));
      }
    }
  }

  /**
   * An instant in [from, to] on a day and hour the rhythm makes likely, in local time for a UTC
   * offset of `utcOffsetHours`; null when the range has no open hour.
   */
  draw(random: DemoRandom, rhythm: Rhythm, season: Season, from: number, to: number, utcOffsetHours: number): Date | null {
    const low = Math.max(from, this.start);
    const high = Math.min(to, this.end);
    if (high <= low) return null;
    const days = this.#days.get(`${rhythm}:${season}`)!;
    const firstDay = Math.floor((low - this.start) / DAY_MS);
    const lastDay = Math.floor((high - this.start) / DAY_MS);
    for (let attempt = 0; attempt < 4; attempt++) {
      const day = days.between(random, firstDay, lastDay + 1);
      if (day < 0) return null;
      const hour = this.#hours.get(rhythm)!.between(random, 0, 24);
      const instant = this.start + day * DAY_MS + (hour + utcOffsetHours) * HOUR_MS + Math.floor(random.next() * HOUR_MS);
      if (instant >= low && instant <= high) return new Date(instant - (instant % 1000));
    }
    // Only a range of a few hours can miss every time: nothing happened in it, then.
    return null;
  }
}

function dayWeight(date: Date, rhythm: Rhythm, season: Season): number {
  let weight = WEEKDAYS[rhythm][date.getUTCDay()]!;
  if (season === 'flat' || weight === 0) return weight;
  const month = date.getUTCMonth();
  const day = date.getUTCDate();
  let factor = SALES_MONTHS[month]!;
  if (month === 10 && date.getUTCDay() === 5 && day >= 22 && day <= 28) factor *= 3; // Black Friday: the fourth Friday
  if (month === 11 && day >= 15 && day <= 24) factor *= 1.4; // Christmas shopping
  if (month === 0 && day === 7) factor *= 2.2; // first day of the winter sales
  if (month === 6 && day === 1) factor *= 1.8; // first day of the summer sales
  weight *= season === 'sales' ? factor : Math.sqrt(factor);
  return weight;
}
