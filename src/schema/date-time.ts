import { GraphQLScalarType } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';

// What Date.prototype.toISOString writes for years 0000–9999. Tested without captures, and the
// date's numbers read by character code: this runs for every time of every timeline entry.
const CANONICAL = /^\d{4}-\d{2}-\d{2}T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

const digitsAt = (text: string, start: number, count: number) => {
  let number = 0;
  for (let index = start; index < start + count; index++) number = number * 10 + text.charCodeAt(index) - 48;
  return number;
};

/** A date-time string exactly as `toISOString` writes it, naming a day that exists. */
export function isCanonicalDateTime(value: string): boolean {
  if (!CANONICAL.test(value)) return false;
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 2);
  const day = digitsAt(value, 8, 2);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const daysInMonth = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return day <= daysInMonth;
}

/**
 * The instant a date-time text names, read exactly as the DateTime scalar reads it; null when it is
 * not one (a malformed text, or a day that does not exist such as 2026-02-30). For inputs checked
 * with the rest of their item rather than by the scalar.
 */
export function parseDateTime(text: string): Date | null {
  try {
    const parsed: unknown = DateTimeResolver.parseValue(text);
    return parsed instanceof Date && !Number.isNaN(parsed.getTime()) ? parsed : null;
  } catch {
    return null;
  }
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
