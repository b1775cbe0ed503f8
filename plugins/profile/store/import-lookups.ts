import type { Sql } from '../../../src/plugin-api.ts';
import type { CustomerKind } from './enums.ts';

/** What an import looks customers up by: references in other systems, e-mails and phones (normalized). */
export interface ImportKeys {
  refs: readonly { source: string; externalId: string }[];
  emails: readonly string[];
  phones: readonly string[];
}

export interface KeyHolder {
  id: string;
  kind: CustomerKind;
  /** Archived (or merged away): a reference still names it, but nothing can be written to it. */
  archived: boolean;
}

export interface ImportKeyHolders {
  /** By `source \0 externalId`. */
  byRef: Map<string, KeyHolder>;
  /** The live customer holding each active e-mail. */
  byEmail: Map<string, KeyHolder>;
  /** The live customers holding each phone (a shared line may have several). */
  byPhone: Map<string, KeyHolder[]>;
}

/**
 * The customers holding any of the keys of an import batch, in one statement over the profile's
 * indexes (external references by (source, id), contact points by (kind, value)).
 */
export async function findImportKeyHolders(scope: { sql: Sql; tenantId: string }, keys: ImportKeys): Promise<ImportKeyHolders> {
  const holders: ImportKeyHolders = { byRef: new Map(), byEmail: new Map(), byPhone: new Map() };
  if (keys.refs.length + keys.emails.length + keys.phones.length === 0) return holders;
  const rows = await scope.sql<{ via: string; a: string; b: string | null; id: string; kind: CustomerKind; archived: boolean }>`
    SELECT 'REF' AS via, r.source AS a, r."externalId" AS b, c.id::text, c.kind::text, c."archivedAt" IS NOT NULL AS archived
    FROM "ExternalRef" r JOIN "Customer" c ON c."tenantId" = r."tenantId" AND c.id = r."customerId"
    WHERE r."tenantId" = ${scope.tenantId}
      AND (r.source, r."externalId") IN (SELECT * FROM unnest(${keys.refs.map((ref) => ref.source)}::text[], ${keys.refs.map((ref) => ref.externalId)}::text[]))
    UNION ALL
    SELECT p.kind::text, p.value, NULL, c.id::text, c.kind::text, false
    FROM "ContactPoint" p JOIN "Customer" c ON c."tenantId" = p."tenantId" AND c.id = p."customerId"
    WHERE p."tenantId" = ${scope.tenantId} AND p."isActive" AND c."archivedAt" IS NULL
      AND ((p.kind = 'EMAIL' AND p.value = ANY(${keys.emails}::text[])) OR (p.kind = 'PHONE' AND p.value = ANY(${keys.phones}::text[])))`;
  for (const row of rows) {
    const holder = { id: row.id, kind: row.kind, archived: row.archived };
    if (row.via === 'REF') holders.byRef.set(`${row.a}\u0000${row.b}`, holder);
    else if (row.via === 'EMAIL') holders.byEmail.set(row.a, holder);
    else {
      const list = holders.byPhone.get(row.a) ?? [];
      if (!list.some((known) => known.id === holder.id)) list.push(holder);
      holders.byPhone.set(row.a, list);
    }
  }
  return holders;
}
