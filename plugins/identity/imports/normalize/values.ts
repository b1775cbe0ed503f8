import { getCountries, isSupportedCountry } from 'libphonenumber-js/max';

// How an import reads the loose values of files people export from other systems: countries by
// code or name, yes/no words, dates in the order the file writes them.

/** Lower case, accents folded, letters and digits only: "España" and "espana" are one key. */
export function foldKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

// Names of every country in the languages customers' files are most often written in.
const NAME_LOCALES = ['en', 'es', 'pt', 'fr', 'de', 'it', 'ca', 'nl'];
let countryNames: Map<string, string> | null = null;

function countriesByName(): Map<string, string> {
  if (countryNames) return countryNames;
  countryNames = new Map();
  for (const locale of NAME_LOCALES) {
    const names = new Intl.DisplayNames([locale], { type: 'region' });
    for (const code of getCountries()) {
      const name = names.of(code);
      if (name && name !== code) countryNames.set(foldKey(name), code);
    }
  }
  for (const [alias, code] of Object.entries(COUNTRY_ALIASES)) countryNames.set(foldKey(alias), code);
  return countryNames;
}

// Common short forms the locale names do not give.
const COUNTRY_ALIASES: Record<string, string> = {
  USA: 'US', 'United States of America': 'US', EEUU: 'US', 'EE. UU.': 'US', UK: 'GB', 'Great Britain': 'GB', England: 'GB',
  ESP: 'ES', PRT: 'PT', FRA: 'FR', DEU: 'DE', ITA: 'IT', MEX: 'MX', ARG: 'AR', COL: 'CO', CHL: 'CL', PER: 'PE', GBR: 'GB', NLD: 'NL', BEL: 'BE',
};

/** The ISO 3166-1 alpha-2 code of a country given by code or by name; null when it is not one. */
export function countryCode(text: string): string | null {
  const trimmed = text.trim();
  if (/^[A-Za-z]{2}$/.test(trimmed)) {
    const code = trimmed.toUpperCase();
    if (isSupportedCountry(code)) return code;
  }
  return countriesByName().get(foldKey(trimmed)) ?? null;
}

const GRANTED = new Set(['yes', 'y', 'si', 's', 'true', '1', 'granted', 'optin', 'x', 'ja', 'oui', 'sim']);
const WITHDRAWN = new Set(['no', 'n', 'false', '0', 'withdrawn', 'optout', 'revoked', 'nein', 'non', 'nao']);

/** A consent answer: GRANTED, WITHDRAWN, or null when the word is neither. */
export function consentAnswer(text: string): 'GRANTED' | 'WITHDRAWN' | null {
  const key = foldKey(text);
  if (GRANTED.has(key)) return 'GRANTED';
  if (WITHDRAWN.has(key)) return 'WITHDRAWN';
  return null;
}

export type DateOrder = 'DMY' | 'MDY';

/**
 * A calendar date as `YYYY-MM-DD`: ISO always, otherwise three numbers separated by `/`, `-` or
 * `.` in the given order (a four-digit year may also come first). Null when it is not a real day.
 */
export function calendarDate(text: string, order: DateOrder): string | null {
  const trimmed = text.trim();
  let year: number, month: number, day: number;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(trimmed);
  const parts = /^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})$/.exec(trimmed);
  if (iso) [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (parts && parts[1]!.length === 4) [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  else if (parts && parts[3]!.length === 4) {
    const [first, second] = [Number(parts[1]), Number(parts[2])];
    [day, month] = order === 'DMY' ? [first, second] : [second, first];
    year = Number(parts[3]);
  } else return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

/** A decimal amount as written in either convention (49.90, 49,90, 1.234,50, 1,234.50) → "1234.50"; null if not one. */
export function decimalText(text: string): string | null {
  const trimmed = text.trim().replace(/\s/g, '');
  if (/^\d+([.,]\d+)?$/.test(trimmed)) return trimmed.replace(',', '.');
  if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(trimmed)) return trimmed.replace(/\./g, '').replace(',', '.');
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(trimmed)) return trimmed.replace(/,/g, '');
  return null;
}
