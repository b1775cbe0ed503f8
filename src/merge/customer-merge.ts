import type { TenantScope } from '../background.ts';

/**
 * How an area takes part when customers of a tenant are merged into one, and when that merge is
 * undone. Each area that keeps rows of a customer declares one (`PluginManifest.customerMerge`) and
 * changes only its own tables; the area that runs merges (identity) calls every participant in one
 * transaction, keeps what each one changed, and hands it back to undo the merge.
 */
export interface CustomerMergeParticipant {
  /** What would move, per kind of row, if the merge ran now: nothing is written. */
  preview(scope: MergeScope, plan: CustomerMergePlan): Promise<readonly MergeMoveCount[]>;
  /**
   * Re-points the merged customers' rows to the survivor (or settles them, as a consent whose
   * stricter answer wins), and returns every row it changed with its columns as they were, so that
   * `unmerge` can put back exactly those rows and no others.
   */
  merge(scope: MergeScope, plan: CustomerMergePlan): Promise<readonly MergeChange[]>;
  /**
   * Undoes `merge`, given back the changes it returned: each row that still exists gets its
   * previous columns again; what happened after the merge (rows the survivor gained since) stays
   * with the survivor.
   */
  unmerge(scope: MergeScope, plan: CustomerMergePlan, changes: readonly MergeChange[]): Promise<void>;
}

/** One merge, as every participant sees it. */
export interface CustomerMergePlan {
  mergeId: string;
  /** The row id of the customer that remains. */
  survivorId: string;
  /** Its global id, for rows that name a customer by it (the event log's subscribers filter by it). */
  survivorNodeId: string;
  /** The row ids of the customers merged into it (they become aliases of the survivor). */
  mergedIds: readonly string[];
  /** For a profile field, the row id of the customer whose value the survivor takes. */
  fieldChoices: Readonly<Record<string, string>>;
}

/** A kind of row a merge moves, counted (the dry run's answer). */
export interface MergeMoveCount {
  /** Stable name of the kind of row, `area.rows` (`interactions.interactions`, `pipeline.deals` …). */
  rows: string;
  /** What a person reads: "interactions", "open deals" … */
  label: string;
  count: number;
}

/** One row a merge changed, with what unmerge needs to put it back. */
export interface MergeChange {
  /** The kind of row (as in MergeMoveCount.rows). */
  rows: string;
  rowId: string;
  /**
   * The columns the merge changed, as they were before it (JSON values: dates as ISO text). Null
   * when the merge created the row: unmerge removes it.
   */
  previous: Readonly<Record<string, unknown>> | null;
}

/** Where a participant works: the merge's own tenant transaction. */
export interface MergeScope extends TenantScope {
  tenantId: string;
  /** The clock's now, read once for the whole merge. */
  now: Date;
}
