import type { ImportedCustomer } from '../../profile/plugin.ts';

// Rows of one batch that are one customer (the same id in the source system, or the same e-mail)
// are written as one, as if imported one after the other: the later row fills (or, with
// OVERWRITE, replaces) what the earlier left, and adds its contact data.

export interface RowOfBatch {
  line: number;
  content: string;
  customer: ImportedCustomer;
}

export interface RowGroup {
  rows: RowOfBatch[];
  customer: ImportedCustomer;
  /** Per row after the first: whether it added anything to the rows before it. */
  contributed: boolean[];
}

const SCALARS = ['firstName', 'lastName', 'birthDate', 'legalName', 'taxId', 'language', 'country', 'region', 'city'] as const;

/** The batch's rows grouped by shared keys (union of rows sharing an external reference or an e-mail), in first-line order. */
export function groupRows(rows: readonly RowOfBatch[], overwrite: boolean): RowGroup[] {
  const parent = rows.map((_, index) => index);
  const root = (index: number): number => (parent[index] === index ? index : (parent[index] = root(parent[index]!)));
  const firstWith = new Map<string, number>();
  rows.forEach((row, index) => {
    const keys = [...row.customer.externalRefs.map((ref) => `ref:${ref.source}\u0000${ref.externalId}`), ...row.customer.emails.map((email) => `email:${email}`)];
    for (const key of keys) {
      const earlier = firstWith.get(key);
      if (earlier === undefined) firstWith.set(key, index);
      else {
        const [a, b] = [root(earlier), root(index)];
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  });
  const groups = new Map<number, RowOfBatch[]>();
  rows.forEach((row, index) => {
    const key = root(index);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  });
  return [...groups.values()].map((members) => {
    let customer = members[0]!.customer;
    const contributed: boolean[] = [];
    for (const member of members.slice(1)) {
      const folded = foldCustomer(customer, member.customer, overwrite);
      contributed.push(JSON.stringify(folded) !== JSON.stringify(customer));
      customer = folded;
    }
    return { rows: members, customer, contributed };
  });
}

/** `later` applied on `earlier`, as the profile would apply it on the customer `earlier` made. */
export function foldCustomer(earlier: ImportedCustomer, later: ImportedCustomer, overwrite: boolean): ImportedCustomer {
  if (later.kind !== earlier.kind) return earlier;
  const folded: ImportedCustomer = { ...earlier };
  for (const field of SCALARS) {
    const value = later[field];
    if (value !== null && (folded[field] === null || overwrite)) folded[field] = value;
  }
  if (overwrite || folded.kind === 'PERSON') folded.displayName = folded.kind === 'PERSON' ? `${folded.firstName ?? ''} ${folded.lastName ?? ''}`.trim() : later.displayName;
  const union = <Item>(a: readonly Item[], b: readonly Item[], key: (item: Item) => string) => {
    const seen = new Set(a.map(key));
    return [...a, ...b.filter((item) => !seen.has(key(item)))];
  };
  folded.emails = union(earlier.emails, later.emails, (email) => email);
  folded.phones = union(earlier.phones, later.phones, (phone) => phone);
  folded.addresses = union(earlier.addresses, later.addresses, (address) => JSON.stringify(address));
  folded.externalRefs = union(earlier.externalRefs, later.externalRefs, (ref) => `${ref.source}\u0000${ref.externalId}`);
  // Consent as the profile applies it: a first answer stands, a withdrawal always applies.
  const consents = new Map(earlier.consents.map((consent) => [consent.channel, consent.status]));
  for (const consent of later.consents) if (!consents.has(consent.channel) || consent.status === 'WITHDRAWN') consents.set(consent.channel, consent.status);
  folded.consents = [...consents].map(([channel, status]) => ({ channel, status }));
  return folded;
}
