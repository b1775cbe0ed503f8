import { emailSchema, normalizePhone, type ImportedAddress, type ImportedCustomer } from '../../../profile/plugin.ts';
import type { ImportOptions } from '../import-options.ts';
import { calendarDate, consentAnswer, countryCode, foldKey } from './values.ts';

export type RowReading<Value> = { ok: true; value: Value } | { ok: false; problems: string[] };

const KINDS: Record<string, 'PERSON' | 'ORGANIZATION'> = {
  person: 'PERSON', persona: 'PERSON', individual: 'PERSON', p: 'PERSON',
  organization: 'ORGANIZATION', organisation: 'ORGANIZATION', organizacion: 'ORGANIZATION', company: 'ORGANIZATION', empresa: 'ORGANIZATION', o: 'ORGANIZATION',
};
const CONSENT_FIELDS = [['consentEmail', 'EMAIL'], ['consentSms', 'SMS'], ['consentPhone', 'PHONE'], ['consentPost', 'POST']] as const;
const LANGUAGE = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/;

/**
 * One mapped row of a customers file as the profile stores a customer: e-mails as the profile
 * normalizes them, phones in E.164 read with the row's country (or the default one), countries as
 * ISO codes, dates as calendar days. Every problem of the row is reported at once; a row with any
 * problem is refused whole, so nothing half-read is written.
 */
export function readCustomerRow(values: Readonly<Record<string, string | null>>, options: ImportOptions, now: Date): RowReading<ImportedCustomer> {
  const problems: string[] = [];
  const value = (field: string) => values[field] ?? null;
  for (const [field, text] of Object.entries(values)) if (text?.includes('\u0000')) problems.push(`${field} contains a NUL character`);
  const bounded = (field: string, max: number) => {
    const text = value(field);
    if (text !== null && text.length > max) problems.push(`${field} is longer than ${max} characters`);
    return text;
  };

  const kindText = value('kind');
  const kind = kindText === null ? options.kind : KINDS[foldKey(kindText)];
  if (!kind) problems.push(`kind "${kindText}" is neither PERSON nor ORGANIZATION`);

  const name = bounded('name', 200);
  let firstName = bounded('firstName', 100);
  let lastName = bounded('lastName', 100);
  let displayName = '';
  if (kind === 'PERSON') {
    if (firstName === null && lastName === null && name !== null) {
      const words = name.split(/\s+/);
      firstName = words[0]!;
      lastName = words.slice(1).join(' ') || null;
    }
    if (firstName === null) problems.push('has no first name');
    if (lastName === null) problems.push('has no last name');
    displayName = `${firstName ?? ''} ${lastName ?? ''}`.trim();
  } else if (kind === 'ORGANIZATION') {
    displayName = name ?? value('legalName') ?? '';
    if (displayName === '') problems.push('has no name');
    firstName = null;
    lastName = null;
  }

  let birthDate: string | null = null;
  const birthText = value('birthDate');
  if (birthText !== null && kind === 'PERSON') {
    birthDate = calendarDate(birthText, options.dateOrder);
    if (birthDate === null) problems.push(`birthDate "${birthText}" is not a date (${options.dateOrder === 'DMY' ? 'day/month/year' : 'month/day/year'} or YYYY-MM-DD)`);
    else if (birthDate > now.toISOString().slice(0, 10)) problems.push(`birthDate ${birthDate} is in the future`);
    else if (birthDate < '1900-01-01') problems.push(`birthDate ${birthDate} is before 1900`);
  }

  const language = value('language');
  if (language !== null && !LANGUAGE.test(language)) problems.push(`language "${language}" is not a language tag such as "es" or "pt-BR"`);

  const countryText = value('country');
  const country = countryText === null ? null : countryCode(countryText);
  if (countryText !== null && country === null) problems.push(`country "${countryText}" is not a country (an ISO code such as ES, or its name)`);

  const emails: string[] = [];
  for (const field of ['email', 'email2']) {
    const text = value(field);
    if (text === null) continue;
    const email = emailSchema.safeParse(text);
    if (email.success) {
      if (!emails.includes(email.data)) emails.push(email.data);
    } else problems.push(`${field} "${text}" is not a valid e-mail address`);
  }
  const phones: string[] = [];
  for (const field of ['phone', 'phone2']) {
    const text = value(field);
    if (text === null) continue;
    const phone = normalizePhone(text, country ?? options.defaultCountry);
    if (phone.ok) {
      if (!phones.includes(phone.e164)) phones.push(phone.e164);
    } else problems.push(`${field}: ${phone.message}`);
  }

  const addresses: ImportedAddress[] = [];
  const street = bounded('street', 200);
  const postalCode = bounded('postalCode', 20);
  const city = bounded('city', 100);
  const region = bounded('region', 100);
  if (street !== null) {
    const addressCountry = country ?? options.defaultCountry;
    if (addressCountry === null) problems.push('has an address without a country (map a country column or give a default country)');
    else addresses.push({ street, postalCode, city, region, country: addressCountry });
  }

  const consents: ImportedCustomer['consents'] = [];
  for (const [field, channel] of CONSENT_FIELDS) {
    const text = value(field);
    if (text === null) continue;
    const status = consentAnswer(text);
    if (status === null) problems.push(`${field} "${text}" is neither yes nor no`);
    else consents.push({ channel, status });
  }

  const externalId = bounded('externalId', 200);
  bounded('legalName', 200);
  bounded('taxId', 50);
  if (problems.length > 0 || !kind) return { ok: false, problems };
  return {
    ok: true,
    value: {
      kind,
      displayName,
      firstName,
      lastName,
      birthDate,
      // Tax ids and legal names are an organization's fields in the profile.
      legalName: kind === 'ORGANIZATION' ? value('legalName') : null,
      taxId: kind === 'ORGANIZATION' ? normalizedTaxId(value('taxId')) : null,
      language,
      country,
      region,
      city,
      emails,
      phones,
      addresses,
      consents,
      externalRefs: externalId === null ? [] : [{ source: options.source, externalId }],
    },
  };
}

function normalizedTaxId(text: string | null): string | null {
  return text === null ? null : text.replace(/[\s.-]/g, '').toUpperCase();
}
