import { CURRENCY_OF_COUNTRY, PRICE_LISTS, UTC_OFFSET_HOURS } from './catalog.ts';

/**
 * What something priced at `euros` costs a customer of `country` in the demo: in their country's
 * currency (euros elsewhere), converted and rounded as the demo's price lists are.
 */
export function demoPrice(country: string | null, euros: number): { amount: string; currency: string } {
  const currency = (country === null ? undefined : CURRENCY_OF_COUNTRY[country]) ?? 'EUR';
  const { rate, roundTo } = PRICE_LISTS[currency];
  const cents = Math.max(roundTo, Math.round((euros * rate * 100) / roundTo) * roundTo);
  return { amount: (cents / 100).toFixed(2), currency };
}

/** Hours to add to a customer's local time (winter time) to get UTC in the demo; Spain's where the country is unknown. */
export function demoUtcOffsetHours(country: string | null): number {
  return (country === null ? undefined : UTC_OFFSET_HOURS[country]) ?? UTC_OFFSET_HOURS.ES!;
}
