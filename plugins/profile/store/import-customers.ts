import type { Sql, TenantScope } from '../../../src/plugin-api.ts';
import { newRowId } from '../../../src/plugin-api.ts';
import { customerGlobalId } from '../customer-ids.ts';
import { consentChanged, contactPointAdded, customerCreated, customerUpdated } from '../events.ts';
import type { CustomerKind } from './enums.ts';
import { planChangesAnything, planCustomer, refKey, type CustomerPlan, type ImportedCustomer, type ImportedFields, type StoredCustomer, type StoredPoint } from './import-plan.ts';

export type { ImportedAddress, ImportedCustomer } from './import-plan.ts';

/** Where an import writes: a tenant's transaction (a request's or a background job's) and its clock. */
export interface ProfileImportScope {
  sql: Sql;
  tenantId: string;
  now: Date;
  events: Pick<TenantScope['events'], 'emitMany'>;
}

export type CustomerImport = { action: 'CREATE'; customer: ImportedCustomer } | { action: 'UPDATE'; customerId: string; customer: ImportedCustomer };

export interface CustomerImportSettings {
  /** Replace values a customer already has (otherwise only blanks are filled). */
  overwrite: boolean;
  /** Owner of the customers created; null leaves them unowned. */
  ownerId: string | null;
  /** Recorded as the source of the consents written. */
  consentSource: string;
}

export type CustomerImportResult =
  | { outcome: 'CREATED' | 'UPDATED' | 'UNCHANGED'; customerId: string; kind: CustomerKind }
  | { outcome: 'REFUSED'; reason: string };

interface Planned {
  index: number;
  id: string;
  kind: CustomerKind;
  created: boolean;
  plan: CustomerPlan;
}

/**
 * Creates and updates customers for an import, set-based: a batch costs the same dozen statements
 * whatever its size (a lock on its e-mails, four reads, five writes, four event inserts), never a
 * statement per row. Each customer's changes are planned in memory against the rows as stored
 * (locked until commit), and it emits the profile's usual events, so other areas see imported
 * customers as they see any other: `customer.created` for a new one, `customer.updated`,
 * `customer.contactPointAdded` and `customer.consentChanged` for what changed. An import that would
 * take an e-mail or an external reference another customer holds, or update a customer that is
 * gone, is refused alone (with why); the others are written.
 */
export async function importCustomers(scope: ProfileImportScope, imports: readonly CustomerImport[], settings: CustomerImportSettings): Promise<CustomerImportResult[]> {
  if (imports.length === 0) return [];
  const { sql, tenantId } = scope;
  const targetIds = [...new Set(imports.flatMap((item) => (item.action === 'UPDATE' ? [item.customerId] : [])))];
  const emails = [...new Set(imports.flatMap((item) => item.customer.emails))].sort();
  const refs = imports.flatMap((item) => item.customer.externalRefs);

  // The same key as createPerson's lock on one e-mail, taken in one order: concurrent imports and
  // requests for an e-mail wait for each other instead of racing to the unique index.
  if (emails.length > 0) {
    await sql`SELECT count(pg_advisory_xact_lock(hashtextextended('email:' || ${tenantId}::text || ':' || e, 0)))::int AS locked FROM (SELECT unnest(${emails}::text[]) AS e ORDER BY 1) wanted`;
  }
  const stored = await sql<StoredCustomer>`
    SELECT id::text, kind::text, "archivedAt", "displayName", "firstName", "lastName", to_char("birthDate", 'YYYY-MM-DD') AS "birthDate", "legalName", "taxId",
           language, country, region, city
    FROM "Customer" WHERE "tenantId" = ${tenantId} AND id = ANY(${targetIds}::uuid[]) ORDER BY id FOR UPDATE`;
  const points = await sql<StoredPoint & { customerId: string; isActive: boolean }>`
    SELECT "customerId"::text, kind::text, value, "isPrimary", "isActive" FROM "ContactPoint"
    WHERE "tenantId" = ${tenantId} AND ("customerId" = ANY(${targetIds}::uuid[]) OR (kind = 'EMAIL' AND "isActive" AND value = ANY(${emails}::text[])))`;
  const consents = await sql<{ customerId: string; channel: string; status: string }>`
    SELECT "customerId"::text, channel::text, status::text FROM "Consent" WHERE "tenantId" = ${tenantId} AND "customerId" = ANY(${targetIds}::uuid[])`;
  const heldRefs = await sql<{ customerId: string; source: string; externalId: string }>`
    SELECT "customerId"::text, source, "externalId" FROM "ExternalRef"
    WHERE "tenantId" = ${tenantId}
      AND ("customerId" = ANY(${targetIds}::uuid[])
           OR (source, "externalId") IN (SELECT * FROM unnest(${refs.map((ref) => ref.source)}::text[], ${refs.map((ref) => ref.externalId)}::text[])))`;

  const customers = new Map(stored.map((customer) => [customer.id, customer]));
  const pointsOf = groupBy(points, (point) => point.customerId);
  const consentsOf = groupBy(consents, (consent) => consent.customerId);
  const refsOf = groupBy(heldRefs, (ref) => ref.customerId);
  // Who holds each e-mail and reference, as the batch goes: earlier imports of the batch claim theirs.
  const emailHolders = new Map(points.filter((point) => point.kind === 'EMAIL' && point.isActive).map((point) => [point.value, point.customerId]));
  const refHolders = new Map(heldRefs.map((ref) => [refKey(ref), ref.customerId]));

  const results: CustomerImportResult[] = [];
  const planned: Planned[] = [];
  for (const [index, item] of imports.entries()) {
    const existing = item.action === 'UPDATE' ? customers.get(item.customerId) : undefined;
    if (item.action === 'UPDATE' && (!existing || existing.archivedAt !== null || existing.kind !== item.customer.kind)) {
      results.push({ outcome: 'REFUSED', reason: 'the customer it matched is archived, merged or gone' });
      continue;
    }
    const id = existing?.id ?? newRowId();
    const refusal = claimKeys(item.customer, id, emailHolders, refHolders);
    if (refusal) {
      results.push({ outcome: 'REFUSED', reason: refusal });
      continue;
    }
    const plan = planCustomer(
      item.customer,
      existing
        ? {
            customer: existing,
            points: pointsOf.get(id) ?? [],
            consents: new Map((consentsOf.get(id) ?? []).map((consent) => [consent.channel, consent.status])),
            refs: new Set((refsOf.get(id) ?? []).map(refKey)),
          }
        : null,
      settings.overwrite,
    );
    if (existing && !planChangesAnything(plan)) {
      results.push({ outcome: 'UNCHANGED', customerId: id, kind: existing.kind });
      continue;
    }
    results.push({ outcome: existing ? 'UPDATED' : 'CREATED', customerId: id, kind: item.customer.kind });
    planned.push({ index, id, kind: item.customer.kind, created: !existing, plan });
  }
  await writePlans(scope, planned, settings);
  return results;
}

/** Takes the customer's e-mails and references for `id`; why not, when another customer holds one. */
function claimKeys(customer: ImportedCustomer, id: string, emailHolders: Map<string, string>, refHolders: Map<string, string>): string | null {
  for (const email of customer.emails) {
    const holder = emailHolders.get(email);
    if (holder !== undefined && holder !== id) return `the e-mail ${email} belongs to another customer`;
  }
  for (const ref of customer.externalRefs) {
    const holder = refHolders.get(refKey(ref));
    if (holder !== undefined && holder !== id) return `${ref.source} id ${ref.externalId} belongs to another customer`;
  }
  for (const email of customer.emails) emailHolders.set(email, id);
  for (const ref of customer.externalRefs) refHolders.set(refKey(ref), id);
  return null;
}

async function writePlans(scope: ProfileImportScope, planned: readonly Planned[], settings: CustomerImportSettings): Promise<void> {
  if (planned.length === 0) return;
  const { sql, tenantId, now } = scope;
  const created = planned.filter((item) => item.created);
  const updated = planned.filter((item) => !item.created);
  const column = (items: readonly Planned[], field: keyof ImportedFields) => items.map((item) => item.plan.fields[field]);

  if (created.length > 0) {
    await sql`
      INSERT INTO "Customer" (id, "tenantId", kind, "displayName", audiences, lifecycle, "lifecycleChangedAt", "ownerId", language, country, region, city,
                              "firstName", "lastName", "birthDate", "legalName", "taxId", traits, "createdAt", "updatedAt")
      SELECT c.id, ${tenantId}, c.kind::"CustomerKind", c."displayName", ARRAY['PROSPECT']::"Audience"[], 'ACTIVE', ${now}::timestamp(3), ${settings.ownerId},
             c.language, c.country, c.region, c.city, c."firstName", c."lastName", c."birthDate"::date, c."legalName", c."taxId", '{}'::jsonb, ${now}::timestamp(3), ${now}::timestamp(3)
      FROM unnest(${created.map((item) => item.id)}::uuid[], ${created.map((item) => item.kind)}::text[], ${column(created, 'displayName')}::text[],
                  ${column(created, 'language')}::text[], ${column(created, 'country')}::text[], ${column(created, 'region')}::text[], ${column(created, 'city')}::text[],
                  ${column(created, 'firstName')}::text[], ${column(created, 'lastName')}::text[], ${column(created, 'birthDate')}::text[],
                  ${column(created, 'legalName')}::text[], ${column(created, 'taxId')}::text[])
        AS c(id, kind, "displayName", language, country, region, city, "firstName", "lastName", "birthDate", "legalName", "taxId")`;
  }
  if (updated.length > 0) {
    await sql`
      UPDATE "Customer" c SET "displayName" = u."displayName", language = u.language, country = u.country, region = u.region, city = u.city,
             "firstName" = u."firstName", "lastName" = u."lastName", "birthDate" = u."birthDate"::date, "legalName" = u."legalName", "taxId" = u."taxId",
             "updatedAt" = ${now}::timestamp(3)
      FROM unnest(${updated.map((item) => item.id)}::uuid[], ${column(updated, 'displayName')}::text[], ${column(updated, 'language')}::text[],
                  ${column(updated, 'country')}::text[], ${column(updated, 'region')}::text[], ${column(updated, 'city')}::text[],
                  ${column(updated, 'firstName')}::text[], ${column(updated, 'lastName')}::text[], ${column(updated, 'birthDate')}::text[],
                  ${column(updated, 'legalName')}::text[], ${column(updated, 'taxId')}::text[])
        AS u(id, "displayName", language, country, region, city, "firstName", "lastName", "birthDate", "legalName", "taxId")
      WHERE c."tenantId" = ${tenantId} AND c.id = u.id`;
  }

  const points = planned.flatMap((item) => item.plan.points.map((point) => ({ ...point, customerId: item.id, id: newRowId() })));
  if (points.length > 0) {
    const of = <Key extends keyof (typeof points)[number]>(key: Key) => points.map((point) => point[key]);
    await sql`
      INSERT INTO "ContactPoint" (id, "tenantId", "customerId", kind, value, "isPrimary", "isActive", street, "postalCode", city, region, country, "createdAt")
      SELECT p.id, ${tenantId}, p."customerId", p.kind::"ContactPointKind", p.value, p."isPrimary", true, p.street, p."postalCode", p.city, p.region, p.country, ${now}::timestamp(3)
      FROM unnest(${of('id')}::uuid[], ${of('customerId')}::uuid[], ${of('kind')}::text[], ${of('value')}::text[], ${of('isPrimary')}::boolean[],
                  ${of('street')}::text[], ${of('postalCode')}::text[], ${of('city')}::text[], ${of('region')}::text[], ${of('country')}::text[])
        AS p(id, "customerId", kind, value, "isPrimary", street, "postalCode", city, region, country)`;
  }
  const consents = planned.flatMap((item) => item.plan.consents.map((consent) => ({ ...consent, customerId: item.id })));
  if (consents.length > 0) {
    await sql`
      INSERT INTO "Consent" (id, "tenantId", "customerId", channel, status, "changedAt", source)
      SELECT c.id, ${tenantId}, c."customerId", c.channel::"ConsentChannel", c.status::"ConsentStatus", ${now}::timestamp(3), ${settings.consentSource}
      FROM unnest(${consents.map(() => newRowId())}::uuid[], ${consents.map((consent) => consent.customerId)}::uuid[],
                  ${consents.map((consent) => consent.channel)}::text[], ${consents.map((consent) => consent.status)}::text[]) AS c(id, "customerId", channel, status)
      ON CONFLICT ("customerId", channel) DO UPDATE SET status = EXCLUDED.status, "changedAt" = EXCLUDED."changedAt", source = EXCLUDED.source`;
  }
  const refs = planned.flatMap((item) => item.plan.refs.map((ref) => ({ ...ref, customerId: item.id })));
  if (refs.length > 0) {
    await sql`
      INSERT INTO "ExternalRef" (id, "tenantId", "customerId", source, "externalId", "createdAt")
      SELECT r.id, ${tenantId}, r."customerId", r.source, r."externalId", ${now}::timestamp(3)
      FROM unnest(${refs.map(() => newRowId())}::uuid[], ${refs.map((ref) => ref.customerId)}::uuid[], ${refs.map((ref) => ref.source)}::text[],
                  ${refs.map((ref) => ref.externalId)}::text[]) AS r(id, "customerId", source, "externalId")`;
  }
  await emitImportEvents(scope, planned);
}

async function emitImportEvents(scope: ProfileImportScope, planned: readonly Planned[]): Promise<void> {
  const about = (item: Planned) => {
    const nodeId = customerGlobalId({ id: item.id, kind: item.kind });
    return { subjectId: nodeId, customer: { id: item.id, nodeId } };
  };
  await scope.events.emitMany(
    customerCreated,
    planned.filter((item) => item.created).map((item) => ({ ...about(item), payload: { kind: item.kind, displayName: item.plan.fields.displayName ?? '' } })),
  );
  await scope.events.emitMany(
    customerUpdated,
    planned.filter((item) => !item.created && item.plan.changed.length > 0).map((item) => ({ ...about(item), payload: { changed: item.plan.changed } })),
  );
  // A new customer's contact points come with it, as createPerson's do: only those added to a customer are events.
  await scope.events.emitMany(
    contactPointAdded,
    planned.filter((item) => !item.created).flatMap((item) => item.plan.points.map((point) => ({ ...about(item), payload: { kind: point.kind, value: point.value, isPrimary: point.isPrimary } }))),
  );
  await scope.events.emitMany(
    consentChanged,
    planned.flatMap((item) => item.plan.consents.map((consent) => ({ ...about(item), payload: { channel: consent.channel, status: consent.status } }))),
  );
}

function groupBy<Item>(items: readonly Item[], key: (item: Item) => string): Map<string, Item[]> {
  const groups = new Map<string, Item[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}


