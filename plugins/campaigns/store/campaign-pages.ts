import type { ConnectionArgs, Context, KeysetOrder, Prisma } from '../../../src/plugin-api.ts';
import { keysetConnection, keysetWindow, SqlConditions, viewerOf } from '../../../src/plugin-api.ts';
import type { CampaignChannel, CampaignKind, CampaignStatus } from './enums.ts';

// One page of a tenant's campaigns in one statement, newest first, keyset-paged, with the total
// counted in the same statement when asked for. Rows come as raw SQL gives them: numerics as text
// (the Campaign type's fields read either), enum arrays cast to text[] so pg parses them.

type CampaignRow = Prisma.CampaignModel;

export interface CampaignFilter {
  statuses?: readonly CampaignStatus[] | null;
  kinds?: readonly CampaignKind[] | null;
  channels?: readonly CampaignChannel[] | null;
  /** Part of the name, any case. */
  search?: string | null;
}

export const CAMPAIGNS_ORDER: KeysetOrder<CampaignRow> = {
  name: 'CREATED_AT DESC',
  columns: [
    { expression: 'c."createdAt"', kind: 'timestamp', ascending: false, valueOf: (campaign) => campaign.createdAt },
    { expression: 'c.id', kind: 'uuid', ascending: false, valueOf: (campaign) => campaign.id },
  ],
};

function campaignConditions(context: Context, filter: CampaignFilter | null | undefined): SqlConditions {
  const conditions = new SqlConditions();
  conditions.add((parameter) => `c."tenantId" = ${parameter(viewerOf(context).tenantId)}`);
  if (filter?.statuses?.length) conditions.add((parameter) => `c.status = ANY(${parameter(filter.statuses)}::"CampaignStatus"[])`);
  if (filter?.kinds?.length) conditions.add((parameter) => `c.kind = ANY(${parameter(filter.kinds)}::"CampaignKind"[])`);
  if (filter?.channels?.length) conditions.add((parameter) => `c.channels && ${parameter(filter.channels)}::"CampaignChannel"[]`);
  const search = filter?.search?.trim();
  if (search) conditions.add((parameter) => `c.name ILIKE ${parameter(`%${search.replace(/[\\%_]/g, (char) => `\\${char}`)}%`)}`);
  return conditions;
}

export async function campaignPage(context: Context, args: ConnectionArgs, filter: CampaignFilter | null | undefined, withCount: boolean) {
  const conditions = campaignConditions(context, filter);
  let counted: number | null = null;
  const page = await keysetConnection(args, CAMPAIGNS_ORDER, async (request) => {
    const values = [...conditions.values];
    const window = keysetWindow(CAMPAIGNS_ORDER, request, (value) => `$${values.push(value)}`);
    const count = withCount ? `, (SELECT count(*)::int FROM "Campaign" c WHERE ${conditions.where}) AS "totalCount"` : '';
    const rows = await context.sql.query<CampaignRow & { totalCount?: number }>(
      `SELECT c.*, c.channels::text[] AS channels${count} FROM "Campaign" c
       WHERE ${[conditions.where, ...window.conditions].join(' AND ')}
       ORDER BY ${window.orderBy} LIMIT ${Number(window.limit)}`,
      values,
    );
    if (rows.length > 0 && withCount) counted = rows[0]!.totalCount!;
    return rows;
  });
  return {
    ...page,
    totalCount: async () => {
      if (counted !== null) return counted;
      const [row] = await context.sql.query<{ count: number }>(`SELECT count(*)::int AS count FROM "Campaign" c WHERE ${conditions.where}`, conditions.values);
      return row!.count;
    },
  };
}
