import { renderAddress } from '../contact-normalization.ts';
import type { ConsentChannel, CustomerKind } from './enums.ts';

// What an imported row does to a customer, decided in memory from the customer as stored: the
// fields it fills (or overwrites), the contact points, consents and references it adds. The same
// row imported twice plans nothing the second time.

export interface ImportedAddress {
  street: string;
  postalCode: string | null;
  city: string | null;
  region: string | null;
  /** ISO 3166-1 alpha-2. */
  country: string;
}

/** A customer as an import delivers it: normalized (e-mails lower-cased, phones E.164, countries alpha-2). */
export interface ImportedCustomer {
  kind: CustomerKind;
  displayName: string;
  firstName: string | null;
  lastName: string | null;
  /** YYYY-MM-DD. */
  birthDate: string | null;
  legalName: string | null;
  taxId: string | null;
  language: string | null;
  country: string | null;
  region: string | null;
  city: string | null;
  emails: string[];
  phones: string[];
  addresses: ImportedAddress[];
  consents: { channel: ConsentChannel; status: 'GRANTED' | 'WITHDRAWN' }[];
  externalRefs: { source: string; externalId: string }[];
}

/** The profile fields an import writes, in the order `customer.updated` lists them. */
export const IMPORTED_FIELDS = ['birthDate', 'city', 'country', 'displayName', 'firstName', 'language', 'lastName', 'legalName', 'region', 'taxId'] as const;
export type ImportedField = (typeof IMPORTED_FIELDS)[number];
export type ImportedFields = Record<ImportedField, string | null>;

/** A stored customer as the plan compares it. */
export interface StoredCustomer extends ImportedFields {
  id: string;
  kind: CustomerKind;
  archivedAt: Date | null;
}

export interface StoredPoint {
  kind: 'EMAIL' | 'PHONE' | 'ADDRESS';
  value: string;
  isPrimary: boolean;
}

export interface NewPoint extends StoredPoint {
  street: string | null;
  postalCode: string | null;
  city: string | null;
  region: string | null;
  country: string | null;
}

export interface CustomerPlan {
  /** Field values after the import, and which of them changed. */
  fields: ImportedFields;
  changed: ImportedField[];
  points: NewPoint[];
  consents: { channel: ConsentChannel; status: 'GRANTED' | 'WITHDRAWN' }[];
  refs: { source: string; externalId: string }[];
}

export function fieldsOf(customer: ImportedCustomer): ImportedFields {
  return {
    birthDate: customer.birthDate,
    city: customer.city,
    country: customer.country,
    displayName: customer.displayName,
    firstName: customer.firstName,
    language: customer.language,
    lastName: customer.lastName,
    legalName: customer.legalName,
    region: customer.region,
    taxId: customer.taxId,
  };
}

/**
 * The plan for `incoming` on `stored` (null: a new customer). Fields: a blank is filled; a value
 * already there is replaced only with `overwrite`. A person's display name follows a changed first
 * or last name. Contact points and references the customer lacks are added (the first of a kind
 * becomes primary). Consent: a channel without an answer takes the imported one, and a withdrawal
 * always applies; a file never turns a withdrawal back into consent (that needs the channel that
 * collected it).
 */
export function planCustomer(
  incoming: ImportedCustomer,
  stored: { customer: ImportedFields; points: readonly StoredPoint[]; consents: ReadonlyMap<string, string>; refs: ReadonlySet<string> } | null,
  overwrite: boolean,
): CustomerPlan {
  const wanted = fieldsOf(incoming);
  const fields = { ...(stored?.customer ?? wanted) };
  const changed: ImportedField[] = [];
  if (stored) {
    for (const field of IMPORTED_FIELDS) {
      if (field === 'displayName') continue;
      const value = wanted[field];
      if (value === null || value === fields[field]) continue;
      if (fields[field] === null || overwrite) {
        fields[field] = value;
        changed.push(field);
      }
    }
    const named = incoming.kind === 'PERSON' && (changed.includes('firstName') || changed.includes('lastName'));
    const displayName = named ? `${fields.firstName ?? ''} ${fields.lastName ?? ''}`.trim() : overwrite ? wanted.displayName : fields.displayName;
    if (displayName && displayName !== fields.displayName) {
      fields.displayName = displayName;
      changed.push('displayName');
    }
    changed.sort();
  }

  const has = new Set((stored?.points ?? []).map((point) => `${point.kind}:${point.value}`));
  const primary = new Set((stored?.points ?? []).filter((point) => point.isPrimary).map((point) => point.kind));
  const points: NewPoint[] = [];
  const add = (point: Omit<NewPoint, 'isPrimary'>) => {
    const key = `${point.kind}:${point.value}`;
    if (has.has(key)) return;
    has.add(key);
    points.push({ ...point, isPrimary: !primary.has(point.kind) });
    primary.add(point.kind);
  };
  const bare = { street: null, postalCode: null, city: null, region: null, country: null };
  for (const email of incoming.emails) add({ kind: 'EMAIL', value: email, ...bare });
  for (const phone of incoming.phones) add({ kind: 'PHONE', value: phone, ...bare });
  for (const address of incoming.addresses) add({ kind: 'ADDRESS', value: renderAddress(address), ...address });

  const consents = incoming.consents.filter(({ channel, status }) => {
    const current = stored?.consents.get(channel);
    return current === undefined || (current === 'GRANTED' && status === 'WITHDRAWN');
  });
  const refs = incoming.externalRefs.filter((ref) => !stored?.refs.has(refKey(ref)));
  return { fields, changed, points, consents, refs };
}

export function refKey(ref: { source: string; externalId: string }): string {
  return `${ref.source}\u0000${ref.externalId}`;
}

export function planChangesAnything(plan: CustomerPlan): boolean {
  return plan.changed.length > 0 || plan.points.length > 0 || plan.consents.length > 0 || plan.refs.length > 0;
}
