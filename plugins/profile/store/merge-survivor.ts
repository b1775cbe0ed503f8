import type { CustomerMergePlan, MergeScope, Sql } from '../../../src/plugin-api.ts';
import { CUSTOMER_COLUMNS, type CustomerRow } from './customer-rows.ts';
import { changedColumns, resolveMergedProfile, sameValue, type MergedProfile, type SurvivorColumn } from '../merge/merge-fields.ts';
import { changesOf, restoreColumns, type MergePart } from './merge-rows.ts';

const SURVIVOR = 'profile.survivor';

/** The survivor and the merged records (in the plan's order), in one statement; the merged ones archived or not. */
export async function customersOfMerge(sql: Sql, tenantId: string, plan: Pick<CustomerMergePlan, 'survivorId' | 'mergedIds'>): Promise<{ survivor: CustomerRow; merged: CustomerRow[] }> {
  const rows = await sql.query<CustomerRow>(`SELECT ${CUSTOMER_COLUMNS} FROM "Customer" c WHERE c."tenantId" = $1 AND c.id = ANY($2::uuid[])`, [
    tenantId,
    [plan.survivorId, ...plan.mergedIds],
  ]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const survivor = byId.get(plan.survivorId);
  const merged = plan.mergedIds.map((id) => byId.get(id));
  if (!survivor || merged.some((row) => !row)) throw new Error('A customer of the merge is not in the tenant');
  return { survivor, merged: merged as CustomerRow[] };
}

/** What the survivor's profile becomes with this plan, and its row now: the dry run's answer. */
export async function mergedProfileOf(scope: Pick<MergeScope, 'sql' | 'tenantId'>, plan: CustomerMergePlan): Promise<{ survivor: CustomerRow; profile: MergedProfile }> {
  const { survivor, merged } = await customersOfMerge(scope.sql, scope.tenantId, plan);
  return { survivor, profile: resolveMergedProfile(survivor, merged, plan.fieldChoices) };
}

/**
 * The survivor's own fields: the field choices, blanks filled from the merged records, audiences
 * united. Runs last in a merge, so first in an unmerge, while the merged records still carry the
 * merge's instant (`archivedAt`).
 */
export const survivorMerge: MergePart = {
  rows: [SURVIVOR],

  async preview(scope, plan) {
    const { survivor, profile } = await mergedProfileOf(scope, plan);
    return [{ rows: SURVIVOR, label: 'survivor profile updated', count: Object.keys(changedColumns(survivor, profile)).length > 0 ? 1 : 0 }];
  },

  async merge({ sql, tenantId, now }, plan) {
    const { survivor, merged } = await customersOfMerge(sql, tenantId, plan);
    const changes = changedColumns(survivor, resolveMergedProfile(survivor, merged, plan.fieldChoices));
    const columns = Object.keys(changes) as SurvivorColumn[];
    if (columns.length === 0) return [];
    await writeColumns(sql, tenantId, plan.survivorId, { ...changes, updatedAt: now });
    const previous: Record<string, unknown> = { updatedAt: survivor.updatedAt };
    for (const column of columns) previous[column] = survivor[column];
    return [{ rows: SURVIVOR, rowId: plan.survivorId, previous: JSON.parse(JSON.stringify(previous)) as Record<string, unknown> }];
  },

  async unmerge({ sql, tenantId }, plan, changes) {
    const [change] = changesOf(changes, SURVIVOR);
    if (!change) return;
    const { survivor, merged } = await customersOfMerge(sql, tenantId, plan);
    // What the merge wrote, worked out again from the survivor as it was and the (frozen) merged
    // records: a column that still holds it goes back; one changed since keeps the newer value.
    const before = { ...survivor, ...change.previous } as CustomerRow;
    const written = resolveMergedProfile(before, merged, plan.fieldChoices).values;
    const stillAsWritten = (column: string) => {
      // The merge's instant is the merged records' archiving: an update since moved it on.
      if (column === 'updatedAt') return merged.some((record) => sameValue(record.archivedAt, survivor.updatedAt));
      return column in written && sameValue(survivor[column as SurvivorColumn], written[column as SurvivorColumn]);
    };
    const restore = Object.keys(change.previous).filter(stillAsWritten);
    if (restore.length === 0) return;
    await restoreColumns(sql, tenantId, { table: 'Customer', columns: restore, rows: [change], guard: 't.id = $3::uuid', extra: [plan.survivorId] });
  },
};

/** Sets columns of one customer from JSON values, each cast to its column's type by the table's row type. */
async function writeColumns(sql: Sql, tenantId: string, id: string, values: Record<string, unknown>): Promise<void> {
  const columns = Object.keys(values);
  await sql.query(
    `UPDATE "Customer" c SET (${columns.map((column) => `"${column}"`).join(', ')}) =
       (SELECT ${columns.map((column) => `p."${column}"`).join(', ')} FROM jsonb_populate_record(NULL::"Customer", $3::jsonb) AS p)
     WHERE c."tenantId" = $1 AND c.id = $2::uuid`,
    [tenantId, id, JSON.stringify(values)],
  );
}
