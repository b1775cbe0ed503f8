import type { CustomerMergeParticipant, CustomerMergePlan, MergeChange, MergeMoveCount, MergeScope } from './customer-merge.ts';

/** A table whose rows belong to customers through one or more columns, and simply follow them on a merge. */
export interface RepointedRows {
  /** Stable name of the kind of row, `area.rows` (MergeMoveCount.rows). */
  rows: string;
  /** What a person reads in the dry run: "interactions", "deals" … */
  label: string;
  /**
   * The table, as its model is named: one of the calling area's own, written in the code, never
   * taken from input. Write it in double quotes, as SQL does, so the boundaries test sees whose it is.
   */
  table: string;
  /** The columns that hold a customer's row id (uuid): each one pointing at a merged customer moves. */
  customerColumns: readonly string[];
  /** The row id column. Default `id`. */
  idColumn?: string;
  /** The row id's type, for the restore's parameters. Default `uuid`. */
  idType?: 'uuid' | 'bigint';
}

/** The three set-based statements that move one kind of row from the merged customers to the survivor, and back. */
export interface RowRepointer {
  readonly rows: string;
  /** How many rows point at a merged customer (in any of the customer columns). */
  count(scope: MergeScope, plan: CustomerMergePlan): Promise<MergeMoveCount>;
  /** Points them at the survivor; each change keeps, per column that moved, the customer it held. */
  merge(scope: MergeScope, plan: CustomerMergePlan): Promise<MergeChange[]>;
  /** Gives back each column its customer where the row still exists and still points at the survivor. */
  unmerge(scope: MergeScope, plan: CustomerMergePlan, changes: readonly MergeChange[]): Promise<void>;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function quoted(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`"${name}" is not a plain SQL identifier`);
  return `"${name}"`;
}

/**
 * The statements for one table, built once: the same text on every merge, so each is prepared once
 * per connection. One statement per operation whatever the number of rows.
 */
export function repointRows(target: RepointedRows): RowRepointer {
  const { rows, label } = target;
  const columns = target.customerColumns;
  if (columns.length === 0) throw new Error(`${rows}: no customer column to re-point`);
  const table = quoted(target.table);
  const id = quoted(target.idColumn ?? 'id');
  const idType = target.idType ?? 'uuid';
  const names = columns.map(quoted);
  const pointsAtMerged = (alias: string) => names.map((column) => `${alias}.${column} = ANY($2::uuid[])`).join(' OR ');

  // $1 tenant, $2 merged ids.
  const countText = `SELECT count(*)::int AS count FROM ${table} AS t WHERE t."tenantId" = $1 AND (${pointsAtMerged('t')})`;

  // $1 tenant, $2 merged ids, $3 survivor. The lock makes `moved` the rows as the update finds them.
  const mergeText = `
    WITH moved AS (
      SELECT t.${id} AS id, ${names.map((column, index) => `t.${column} AS c${index}`).join(', ')}
      FROM ${table} AS t WHERE t."tenantId" = $1 AND (${pointsAtMerged('t')})
      FOR UPDATE
    )
    UPDATE ${table} AS t
    SET ${names.map((column, index) => `${column} = CASE WHEN moved.c${index} = ANY($2::uuid[]) THEN $3::uuid ELSE t.${column} END`).join(', ')}
    FROM moved WHERE t.${id} = moved.id AND t."tenantId" = $1
    RETURNING t.${id}::text AS id, ${names.map((_, index) => `CASE WHEN moved.c${index} = ANY($2::uuid[]) THEN moved.c${index}::text END AS c${index}`).join(', ')}`;

  // $1 tenant, $2 survivor, $3 row ids, $4… each column's previous customer (null: it did not move).
  const restores = (index: number) => `back.c${index} IS NOT NULL AND t.${names[index]} = $2::uuid`;
  const unmergeText = `
    UPDATE ${table} AS t
    SET ${names.map((column, index) => `${column} = CASE WHEN ${restores(index)} THEN back.c${index} ELSE t.${column} END`).join(', ')}
    FROM unnest($3::${idType}[], ${names.map((_, index) => `$${index + 4}::uuid[]`).join(', ')}) AS back(id, ${names.map((_, index) => `c${index}`).join(', ')})
    WHERE t.${id} = back.id AND t."tenantId" = $1 AND (${names.map((_, index) => restores(index)).join(' OR ')})`;

  return {
    rows,

    async count({ sql, tenantId }, plan) {
      const [row] = await sql.query<{ count: number }>(countText, [tenantId, plan.mergedIds]);
      return { rows, label, count: row?.count ?? 0 };
    },

    async merge({ sql, tenantId }, plan) {
      const moved = await sql.query<Record<string, string | null>>(mergeText, [tenantId, plan.mergedIds, plan.survivorId]);
      return moved.map((row): MergeChange => {
        const previous: Record<string, string> = {};
        columns.forEach((column, index) => {
          const customer = row[`c${index}`];
          if (customer) previous[column] = customer;
        });
        return { rows, rowId: String(row.id), previous };
      });
    },

    async unmerge({ sql, tenantId }, plan, changes) {
      const mine = changes.filter((change) => change.rows === rows && change.previous);
      if (mine.length === 0) return;
      const previousOf = (column: string) => mine.map((change) => (change.previous![column] as string | undefined) ?? null);
      await sql.query(unmergeText, [tenantId, plan.survivorId, mine.map((change) => change.rowId), ...columns.map(previousOf)]);
    },
  };
}

/**
 * A participant made of repointers, for an area whose rows only follow their customer: the dry run
 * counts each kind, a merge moves them in order, an unmerge puts them back in the reverse order.
 */
export function repointingParticipant(repointers: readonly RowRepointer[]): CustomerMergeParticipant {
  return {
    async preview(scope, plan) {
      const counts: MergeMoveCount[] = [];
      for (const repointer of repointers) counts.push(await repointer.count(scope, plan));
      return counts;
    },
    async merge(scope, plan) {
      const changes: MergeChange[] = [];
      for (const repointer of repointers) changes.push(...(await repointer.merge(scope, plan)));
      return changes;
    },
    async unmerge(scope, plan, changes) {
      for (const repointer of [...repointers].reverse()) await repointer.unmerge(scope, plan, changes);
    },
  };
}
