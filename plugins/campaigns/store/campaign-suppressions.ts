import type { ConnectionArgs, Context, KeysetOrder, Prisma } from '../../../src/plugin-api.ts';
import { keysetConnection, keysetWindow, viewerOf } from '../../../src/plugin-api.ts';

// The tenant's suppression list, newest first, keyset-paged in one statement per page.

export type SuppressionRow = Prisma.CampaignSuppressionModel;

export const SUPPRESSIONS_ORDER: KeysetOrder<SuppressionRow> = {
  name: 'CREATED_AT DESC',
  columns: [
    { expression: 's."createdAt"', kind: 'timestamp', ascending: false, valueOf: (row) => row.createdAt },
    { expression: 's.id', kind: 'uuid', ascending: false, valueOf: (row) => row.id },
  ],
};

export async function suppressionPage(context: Context, args: ConnectionArgs) {
  const tenantId = viewerOf(context).tenantId;
  const page = await keysetConnection(args, SUPPRESSIONS_ORDER, async (request) => {
    const values: unknown[] = [tenantId];
    const window = keysetWindow(SUPPRESSIONS_ORDER, request, (value) => `$${values.push(value)}`);
    return context.sql.query<SuppressionRow>(
      `SELECT s.id::text AS id, s."tenantId", s."customerId"::text AS "customerId", s.value, s.channel::text AS channel, s.reason, s."createdAt"
       FROM "CampaignSuppression" s WHERE ${['s."tenantId" = $1', ...window.conditions].join(' AND ')}
       ORDER BY ${window.orderBy} LIMIT ${Number(window.limit)}`,
      values,
    );
  });
  return {
    ...page,
    totalCount: async () => {
      const [row] = await context.sql<{ count: number }>`SELECT count(*)::int AS count FROM "CampaignSuppression" WHERE "tenantId" = ${tenantId}`;
      return row!.count;
    },
  };
}
