import type { FieldError } from '../../../src/plugin-api.ts';

/** What an import of customers can fill, with what each column must hold. */
export const CUSTOMER_FIELDS = {
  kind: 'PERSON or ORGANIZATION (default: the import\'s `kind` option).',
  name: "An organization's name; for a person, the full name, used when first and last name are not mapped (the first word is taken as the first name).",
  firstName: "A person's first name.",
  lastName: "A person's last name(s).",
  birthDate: 'A date: ISO (1984-03-21), or day/month/year (21/03/1984) by the `dateOrder` option.',
  legalName: "An organization's registered name.",
  taxId: 'A tax id (NIF, VAT number).',
  language: 'A BCP 47 language tag (es, pt-BR).',
  email: 'An e-mail address.',
  email2: 'A second e-mail address.',
  phone: 'A phone number: international (+34 600 000 000), or national in the row\'s country or the default country.',
  phone2: 'A second phone number.',
  street: 'Street and number of a postal address (with the postal code, city and country columns).',
  postalCode: 'The postal code of the address.',
  city: 'City (of the customer, and of the address).',
  region: 'Region or province.',
  country: 'Country: ISO code (ES) or name (Spain, España).',
  consentEmail: 'Consent to e-mail: yes/no (true/false, 1/0, sí, granted/withdrawn, opt-in/opt-out); empty says nothing.',
  consentSms: 'Consent to SMS, as consentEmail.',
  consentPhone: 'Consent to phone calls, as consentEmail.',
  consentPost: 'Consent to post, as consentEmail.',
  externalId: "The customer's id in the source system: kept as an external reference (source, id) and matched exactly on re-import.",
} as const;
export type CustomerField = keyof typeof CUSTOMER_FIELDS;

/** What an import of interactions can fill. */
export const INTERACTION_FIELDS = {
  externalId: "The interaction's id in the source system (required): a second import of it is recognised, not stored.",
  customerExternalId: "The customer's id in the source system (the `customerSource` option, or the import's source).",
  customerEmail: "The customer's e-mail, when the file has no customer id.",
  channel: 'The channel (POINT_OF_SALE, EMAIL, WEB, CALL_CENTER_INBOUND …; case and spaces do not matter).',
  direction: 'INBOUND or OUTBOUND (default INBOUND).',
  kind: 'PURCHASE, INQUIRY, COMPLAINT, VISIT, CAMPAIGN_RESPONSE, SURVEY_RESPONSE, SERVICE or OTHER.',
  occurredAt: 'When it happened: ISO 8601 with offset (2026-03-01T10:00:00Z), or a date (taken as midnight UTC).',
  summary: 'A summary (up to 2,000 characters).',
  agentId: 'The user id of the agent involved.',
  amount: 'A purchase amount: 49.90 (or 49,90).',
  currency: 'The ISO 4217 currency of the amount (EUR).',
  surveyScore: 'A survey score, 0–10.',
} as const;
export type InteractionField = keyof typeof INTERACTION_FIELDS;

export type ImportKind = 'CUSTOMERS' | 'INTERACTIONS';

/** Target field ← column of the file (a CSV header, or an NDJSON key; `a.b` reaches into an object). */
export type ColumnMapping = Readonly<Record<string, string>>;

export const MAX_COLUMN_NAME = 200;

export function fieldsOf(kind: ImportKind): Readonly<Record<string, string>> {
  return kind === 'CUSTOMERS' ? CUSTOMER_FIELDS : INTERACTION_FIELDS;
}

/** Every problem of a mapping at once, each under `at` and the field it concerns. */
export function mappingProblems(kind: ImportKind, mapping: ColumnMapping, at: readonly string[]): FieldError[] {
  const problems: FieldError[] = [];
  const fields = fieldsOf(kind);
  for (const [field, column] of Object.entries(mapping)) {
    if (!(field in fields)) problems.push({ path: [...at, field], message: `is not a field of a ${kind.toLowerCase()} import (${Object.keys(fields).join(', ')})` });
    else if (column.trim() === '' || column.length > MAX_COLUMN_NAME) problems.push({ path: [...at, field], message: `must name a column (1–${MAX_COLUMN_NAME} characters)` });
  }
  const has = (field: string) => field in mapping;
  if (kind === 'CUSTOMERS') {
    if (!has('name') && !(has('firstName') && has('lastName'))) problems.push({ path: [...at], message: 'must map name, or firstName and lastName' });
  } else {
    for (const required of ['externalId', 'channel', 'kind', 'occurredAt']) if (!has(required)) problems.push({ path: [...at, required], message: 'must be mapped' });
    if (!has('customerExternalId') && !has('customerEmail')) problems.push({ path: [...at], message: 'must map customerExternalId or customerEmail (how each interaction finds its customer)' });
  }
  return problems;
}

/** The mapped columns a CSV header lacks: the whole file is refused before anything is written. */
export function missingColumns(mapping: ColumnMapping, header: readonly string[]): string[] {
  const present = new Set(header.map((name) => name.trim()));
  return Object.entries(mapping)
    .filter(([, column]) => !present.has(column.trim()))
    .map(([field, column]) => `"${column}" (mapped to ${field})`);
}

/** Parses the CLI's `field=Column,field=Column` (a column with a comma or `=` is quoted: field="A, B"). */
export function parseMappingText(text: string): Record<string, string> {
  const mapping: Record<string, string> = {};
  const pattern = /\s*([A-Za-z0-9]+)\s*=\s*(?:"((?:[^"]|"")*)"|([^,]*))\s*(?:,|$)/gy;
  let consumed = 0;
  for (let match = pattern.exec(text); match && match[0].length > 0; match = pattern.exec(text)) {
    mapping[match[1]!] = match[2] !== undefined ? match[2].replace(/""/g, '"') : match[3]!.trim();
    consumed = pattern.lastIndex;
  }
  if (consumed < text.length) throw new Error(`cannot read the mapping from "${text.slice(consumed)}": write field=Column,field=Column`);
  return mapping;
}
