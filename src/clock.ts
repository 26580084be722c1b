/** The source of the current time; injected wherever time matters so tests move time instead of sleeping. */
export interface Clock {
  now(): Date;
}

/** The real wall clock. */
export const systemClock: Clock = { now: () => new Date() };
