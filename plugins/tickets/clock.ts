/** Where the tickets area reads the time: the SLA arithmetic, the scheduler and every write. Tests inject a fixed one. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
