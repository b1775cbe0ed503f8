import type { Prisma, Sql } from '../../../src/plugin-api.ts';

export type CustomerMergeRow = Prisma.CustomerMergeModel;

/** One kind of row of one participant, with how many rows the merge changed (CustomerMerge.moved). */
export interface MovedCount {
  participant: string;
  rows: string;
  label: string;
  count: number;
}

/** A row a participant changed, as identity keeps it to give back at unmerge. */
export interface StoredChange {
  participant: string;
  rows: string;
  rowId: string;
  previous: Readonly<Record<string, unknown>> | null;
}

const MERGE_COLUMNS = `m.id::text AS id, m."tenantId", m."survivorId"::text AS "survivorId", m."mergedIds"::text[] AS "mergedIds", m."fieldChoices",
  m.status::text AS status, m.moved, m."mergedAt", m."mergedBy", m."unmergedAt", m."unmergedBy"`;

/**
 * Records a merge with every change its participants made, in one statement whatever their number:
 * the merge row, then the changes from parallel arrays.
 */
export async function insertMerge(
  sql: Sql,
  merge: Pick<CustomerMergeRow, 'id' | 'tenantId' | 'survivorId' | 'mergedIds' | 'mergedAt' | 'mergedBy'> & { fieldChoices: Record<string, string>; moved: readonly MovedCount[] },
  changes: readonly StoredChange[],
): Promise<CustomerMergeRow> {
  const [row] = await sql.query<CustomerMergeRow>(
    `WITH m AS (
       INSERT INTO "CustomerMerge" (id, "tenantId", "survivorId", "mergedIds", "fieldChoices", status, moved, "mergedAt", "mergedBy")
       VALUES ($1::uuid, $2, $3::uuid, $4::uuid[], $5::jsonb, 'MERGED', $6::jsonb, $7::timestamp(3), $8)
       RETURNING *
     ), changes AS (
       INSERT INTO "CustomerMergeChange" ("tenantId", "mergeId", participant, rows, "rowId", previous)
       SELECT $2, $1::uuid, c.participant, c.rows, c.row_id, c.previous
       FROM unnest($9::text[], $10::text[], $11::text[], $12::jsonb[]) WITH ORDINALITY AS c(participant, rows, row_id, previous, ordinal)
       ORDER BY c.ordinal
       RETURNING 1
     )
     SELECT ${MERGE_COLUMNS}, (SELECT count(*) FROM changes) AS written FROM m`,
    [
      merge.id,
      merge.tenantId,
      merge.survivorId,
      merge.mergedIds,
      JSON.stringify(merge.fieldChoices),
      JSON.stringify(merge.moved),
      merge.mergedAt,
      merge.mergedBy,
      changes.map((change) => change.participant),
      changes.map((change) => change.rows),
      changes.map((change) => change.rowId),
      changes.map((change) => (change.previous === null ? null : JSON.stringify(change.previous))),
    ],
  );
  const { written: _written, ...stored } = row as CustomerMergeRow & { written: unknown };
  return stored;
}

/** The merge, locked until commit (an unmerge and another unmerge of it wait for each other); null when the tenant has none. */
export async function lockMerge(sql: Sql, tenantId: string, id: string): Promise<CustomerMergeRow | null> {
  const [row] = await sql.query<CustomerMergeRow>(`SELECT ${MERGE_COLUMNS} FROM "CustomerMerge" m WHERE m."tenantId" = $1 AND m.id = $2::uuid FOR UPDATE`, [tenantId, id]);
  return row ?? null;
}

/** Every change of a merge, in the order the participants made them. */
export async function changesOfMerge(sql: Sql, tenantId: string, mergeId: string): Promise<StoredChange[]> {
  return sql<StoredChange>`
    SELECT participant, rows, "rowId", previous FROM "CustomerMergeChange"
    WHERE "tenantId" = ${tenantId} AND "mergeId" = ${mergeId}::uuid ORDER BY id`;
}

export async function markUnmerged(sql: Sql, tenantId: string, id: string, at: Date, by: string): Promise<CustomerMergeRow> {
  const [row] = await sql.query<CustomerMergeRow>(
    `UPDATE "CustomerMerge" m SET status = 'UNMERGED', "unmergedAt" = $3::timestamp(3), "unmergedBy" = $4
     WHERE m."tenantId" = $1 AND m.id = $2::uuid RETURNING ${MERGE_COLUMNS}`,
    [tenantId, id, at, by],
  );
  return row!;
}

/**
 * The merges still in force whose survivor is one of `survivorIds`, newest first: with the aliases
 * of a page of customers, what says which merge made each alias. One statement.
 */
export async function mergesInForceInto(sql: Sql, tenantId: string, survivorIds: readonly string[]): Promise<CustomerMergeRow[]> {
  if (survivorIds.length === 0) return [];
  return sql.query<CustomerMergeRow>(
    `SELECT ${MERGE_COLUMNS} FROM "CustomerMerge" m
     WHERE m."tenantId" = $1 AND m."survivorId" = ANY($2::uuid[]) AND m.status = 'MERGED'
     ORDER BY m."mergedAt" DESC, m.id DESC`,
    [tenantId, survivorIds],
  );
}

/** The merge in force that made this customer an alias (merged it into another), or null. */
export async function mergeInForceOf(sql: Sql, tenantId: string, customerId: string): Promise<CustomerMergeRow | null> {
  const [row] = await sql.query<CustomerMergeRow>(
    `SELECT ${MERGE_COLUMNS} FROM "CustomerMerge" m
     WHERE m."tenantId" = $1 AND m.status = 'MERGED' AND $2::uuid = ANY(m."mergedIds")
     ORDER BY m."mergedAt" DESC, m.id DESC LIMIT 1`,
    [tenantId, customerId],
  );
  return row ?? null;
}
