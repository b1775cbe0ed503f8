import { GraphQLScalarType } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';

// What Date.prototype.toISOString writes for years 0000–9999.
const CANONICAL = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

/** A date-time string exactly as `toISOString` writes it, naming a day that exists. */
export function isCanonicalDateTime(value: string): boolean {
  const parts = CANONICAL.exec(value);
  if (!parts) return false;
  const year = Number(parts[1]);
  const month = Number(parts[2]);
  const day = Number(parts[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const daysInMonth = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return day <= daysInMonth;
}

/**
 * graphql-scalars' DateTime, except that a string already in the form it answers with passes
 * through as it is. graphql-scalars turns such a string into a Date, which the response's JSON
 * turns back into the same string: for event log entries, whose times travel as these strings
 * (the relay publishes them, the timeline reads them as JSON), that was two conversions per time.
 */
export const DateTime = new GraphQLScalarType({
  ...DateTimeResolver.toConfig(),
  serialize: (value: unknown) => (typeof value === 'string' && isCanonicalDateTime(value) ? value : DateTimeResolver.serialize(value)),
});
