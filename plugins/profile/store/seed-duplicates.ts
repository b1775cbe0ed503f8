import type { SeedContext } from '../../../src/plugin-api.ts';
import { renderAddress } from '../contact-normalization.ts';

/**
 * A customer of the demo made into a second record of another, as a slip at the till or another
 * channel makes one: `id` (an existing customer of the same kind) takes this name (a person's
 * first and last name and birth date, an organization's name and tax id) and these contact
 * points, and keeps everything else of its own (its history, owner, audiences).
 */
export type SeedDuplicateRecord = {
  id: string;
  /** Stored as given (lower-cased); an e-mail must not be another active customer's. */
  emails: string[];
  /** E.164. */
  phones: string[];
  addresses: { street: string; postalCode: string | null; city: string | null; country: string }[];
  createdAt: Date;
} & ({ kind: 'PERSON'; firstName: string; lastName: string; birthDate: string | null } | { kind: 'ORGANIZATION'; name: string; taxId: string | null });

/**
 * For identity's demo seed: rewrites existing customers as second records of others, so the
 * tenant keeps the number of customers it was seeded with. Their own contact points are replaced.
 */
export async function seedDuplicateRecords(context: SeedContext, records: readonly SeedDuplicateRecord[]): Promise<void> {
  if (records.length === 0) return;
  context.progress.step('duplicate records', records.length);
  const names = records.map((record) =>
    record.kind === 'PERSON'
      ? { id: record.id, kind: record.kind, firstName: record.firstName, lastName: record.lastName, birthDate: record.birthDate }
      : { id: record.id, kind: record.kind, name: record.name, taxId: record.taxId },
  );
  await context.sql.query(
    `UPDATE "Customer" c
     SET "firstName" = r."firstName", "lastName" = r."lastName", "birthDate" = r."birthDate",
         "displayName" = COALESCE(r.name, r."firstName" || ' ' || r."lastName"),
         "legalName" = CASE WHEN r.kind = 'ORGANIZATION' THEN r.name ELSE c."legalName" END,
         "taxId" = CASE WHEN r.kind = 'ORGANIZATION' THEN r."taxId" ELSE c."taxId" END
     FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, kind text, "firstName" text, "lastName" text, "birthDate" date, name text, "taxId" text)
     WHERE c."tenantId" = $1 AND c.id = r.id AND c.kind::text = r.kind`,
    [context.tenantId, JSON.stringify(names)],
  );
  await context.sql.query(`DELETE FROM "ContactPoint" WHERE "tenantId" = $1 AND "customerId" = ANY($2::uuid[])`, [context.tenantId, records.map((record) => record.id)]);
  context.progress.advance(records.length);
  const points = records.flatMap((record) => {
    const row = (kind: 'EMAIL' | 'PHONE' | 'ADDRESS', value: string, index: number, address: SeedDuplicateRecord['addresses'][number] | null) => ({
      // Derived from the record's id, so the same seed writes the same rows.
      id: `${record.id.slice(0, 24)}${(0xd0 + ['EMAIL', 'PHONE', 'ADDRESS'].indexOf(kind) * 16 + index).toString(16).padStart(12, '0')}`,
      tenantId: context.tenantId,
      customerId: record.id,
      kind,
      value,
      label: null,
      isPrimary: index === 0,
      isActive: true,
      street: address?.street ?? null,
      postalCode: address?.postalCode ?? null,
      city: address?.city ?? null,
      region: null,
      country: address?.country ?? null,
      createdAt: record.createdAt.toISOString(),
    });
    return [
      ...record.emails.map((email, index) => row('EMAIL', email.toLowerCase(), index, null)),
      ...record.phones.map((phone, index) => row('PHONE', phone, index, null)),
      ...record.addresses.map((address, index) => row('ADDRESS', renderAddress(address), index, address)),
    ];
  });
  await context.insert('duplicate records: contact points', 'ContactPoint', points);
}
