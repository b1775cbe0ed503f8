import type { MergeChange } from '../../../src/plugin-api.ts';
import { newRowId } from '../../../src/plugin-api.ts';
import { changesOf, restoreColumns, type MergePart } from './merge-rows.ts';

const MOVED = 'profile.consents';
const SETTLED = 'profile.settledConsents';

/**
 * Per channel, the merged customers' strictest answer ($1 tenant, $2 survivor, $3 merged ids): a
 * withdrawal beats a consent, then the latest answer, then the earlier record in the order given.
 * A survivor never asked on that channel takes the row; a survivor that consented while a merged
 * record withdrew takes the withdrawal (its own row gets the answer, date and source).
 */
const PLAN = `
  WITH survivor AS (
    SELECT id, channel, status, "changedAt", source FROM "Consent" WHERE "tenantId" = $1 AND "customerId" = $2::uuid
  ), strictest AS (
    SELECT DISTINCT ON (c.channel) c.id, c.channel, c.status, c."changedAt", c.source, c."customerId"
    FROM "Consent" c
    WHERE c."tenantId" = $1 AND c."customerId" = ANY($3::uuid[])
    ORDER BY c.channel, (c.status = 'WITHDRAWN') DESC, c."changedAt" DESC, array_position($3::uuid[], c."customerId"), c.id
  ), plan AS (
    SELECT w.id, true AS moves, w."customerId" AS "previousCustomerId", w.status AS "previousStatus", w."changedAt" AS "previousChangedAt", w.source AS "previousSource",
           w.status, w."changedAt", w.source
    FROM strictest w WHERE NOT EXISTS (SELECT 1 FROM survivor s WHERE s.channel = w.channel)
    UNION ALL
    SELECT s.id, false, NULL, s.status, s."changedAt", s.source, w.status, w."changedAt", w.source
    FROM strictest w JOIN survivor s ON s.channel = w.channel
    WHERE s.status = 'GRANTED' AND w.status = 'WITHDRAWN'
  )`;

interface ChangedConsent {
  id: string;
  moves: boolean;
  previousCustomerId: string | null;
  previousStatus: string;
  previousChangedAt: Date;
  previousSource: string | null;
}

/** Consent: per channel the most restrictive answer wins. */
export const consentsMerge: MergePart = {
  rows: [MOVED, SETTLED],

  async preview({ sql, tenantId }, plan) {
    const [counts] = await sql.query<{ moved: number; settled: number }>(
      `${PLAN} SELECT count(*) FILTER (WHERE moves)::int AS moved, count(*) FILTER (WHERE NOT moves)::int AS settled FROM plan`,
      [tenantId, plan.survivorId, plan.mergedIds],
    );
    return [
      { rows: MOVED, label: 'consents', count: counts?.moved ?? 0 },
      { rows: SETTLED, label: "survivor's consents withdrawn", count: counts?.settled ?? 0 },
    ];
  },

  async merge({ sql, tenantId }, plan) {
    const changed = await sql.query<ChangedConsent>(
      `${PLAN}
       UPDATE "Consent" t SET
         "customerId" = CASE WHEN p.moves THEN $2::uuid ELSE t."customerId" END,
         status = p.status, "changedAt" = p."changedAt", source = p.source
       FROM plan p WHERE t.id = p.id
       RETURNING t.id::text AS id, p.moves, p."previousCustomerId"::text AS "previousCustomerId", p."previousStatus"::text AS "previousStatus",
                 p."previousChangedAt", p."previousSource"`,
      [tenantId, plan.survivorId, plan.mergedIds],
    );
    return changed.map((row): MergeChange => {
      const answer = { status: row.previousStatus, changedAt: row.previousChangedAt.toISOString(), source: row.previousSource };
      // A moved row keeps its answer; it is recorded to tell, at unmerge, whether the survivor changed it since.
      return row.moves ? { rows: MOVED, rowId: row.id, previous: { customerId: row.previousCustomerId, ...answer } } : { rows: SETTLED, rowId: row.id, previous: answer };
    });
  },

  async unmerge({ sql, tenantId }, plan, changes) {
    // The survivor's own answer comes back while it is still the withdrawal the merge copied.
    await restoreColumns(sql, tenantId, {
      table: 'Consent',
      columns: ['status', 'changedAt', 'source'],
      rows: changesOf(changes, SETTLED),
      guard: `t."customerId" = $3::uuid AND EXISTS (
        SELECT 1 FROM "Consent" w WHERE w."tenantId" = $1 AND w."customerId" = ANY($4::uuid[]) AND w.channel = t.channel
          AND w.status = t.status AND w."changedAt" = t."changedAt" AND w.source IS NOT DISTINCT FROM t.source)`,
      extra: [plan.survivorId, plan.mergedIds],
    });

    const moved = changesOf(changes, MOVED);
    const returned = new Set(
      await restoreColumns(sql, tenantId, {
        table: 'Consent',
        columns: ['customerId'],
        rows: moved,
        guard: 't."customerId" = $3::uuid AND t.status = p.status AND t."changedAt" = p."changedAt" AND t.source IS NOT DISTINCT FROM p.source',
        extra: [plan.survivorId],
      }),
    );
    // The survivor answered again on that channel since: the new answer stays its own, and the
    // merged record gets back the answer it had, as a row of its own.
    const answeredSince = moved.filter((row) => !returned.has(row.rowId));
    if (answeredSince.length === 0) return;
    await sql.query(
      `INSERT INTO "Consent" (id, "tenantId", "customerId", channel, status, "changedAt", source)
       SELECT a.id, $1, p."customerId", t.channel, p.status, p."changedAt", p.source
       FROM jsonb_populate_recordset(NULL::"Consent", $2::jsonb) AS p
       JOIN unnest($3::uuid[], $4::uuid[]) AS a(id, original) ON a.original = p.id
       JOIN "Consent" t ON t."tenantId" = $1 AND t.id = p.id
       WHERE t."customerId" = $5::uuid
       ON CONFLICT ("customerId", channel) DO NOTHING`,
      [
        tenantId,
        JSON.stringify(answeredSince.map((row) => ({ ...row.previous, id: row.rowId }))),
        answeredSince.map(() => newRowId()),
        answeredSince.map((row) => row.rowId),
        plan.survivorId,
      ],
    );
  },
};
