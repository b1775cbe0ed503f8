import { parsePhoneNumberWithError, type CountryCode } from 'libphonenumber-js/max';
import { z } from 'zod';

/** E-mail as stored and compared: trimmed and lower-cased, so one address cannot be two customers. */
export const emailSchema = z
  .string()
  .trim()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email('must be a valid e-mail address'))
  .transform((email) => email.toLowerCase());

/**
 * Phones are stored in E.164. A national number needs a country to be understood: the customer's,
 * or the one given with the phone.
 */
export function normalizePhone(raw: string, defaultCountry: string | null | undefined): { ok: true; e164: string } | { ok: false; message: string } {
  try {
    const phone = parsePhoneNumberWithError(raw.trim(), defaultCountry ? { defaultCountry: defaultCountry.toUpperCase() as CountryCode } : undefined);
    if (!phone.isValid()) return { ok: false, message: `"${raw}" is not a valid phone number${phone.country ? ` for ${phone.country}` : ''}` };
    return { ok: true, e164: phone.number };
  } catch {
    return {
      ok: false,
      message: defaultCountry
        ? `"${raw}" is not a phone number`
        : `"${raw}" is not a phone number in international format (+34 600 000 000); give a country to read national numbers`,
    };
  }
}

/** One-line rendering of a postal address, used for display and text search. */
export function renderAddress(address: { street: string; postalCode?: string | null; city?: string | null; region?: string | null; country: string }): string {
  const locality = [address.postalCode, address.city].filter(Boolean).join(' ');
  return [address.street, locality, address.region, address.country].filter(Boolean).join(', ');
}
