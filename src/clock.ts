/**
 * Where Nexo reads the time: every write's timestamp, every "last 30 days", SLA clocks, token
 * expiry, the demo's "now". The server is given one; tests give theirs, so no code reads the wall
 * clock directly and behaviour can be checked on any day.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = Object.freeze({ now: () => new Date() });

/** A clock stopped at `instant` until moved: tests set and advance time with it. */
export interface ManualClock extends Clock {
  set(instant: Date): void;
  advance(milliseconds: number): void;
}

export function manualClock(instant: Date): ManualClock {
  let current = instant.getTime();
  return {
    now: () => new Date(current),
    set: (next) => {
      current = next.getTime();
    },
    advance: (milliseconds) => {
      current += milliseconds;
    },
  };
}
