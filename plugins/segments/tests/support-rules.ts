import type { TestServer } from '../../../tests/support/server.ts';
import { rowIdOf, tenantRows } from './support.ts';

// Helpers of the rule-language tests: rules as a client writes them, previews read over HTTP, and
// the independent side (customer ids selected by SQL written in the test).

/** A rule node as JSON, the shape of SegmentRuleInput. */
export type Rule = Record<string, unknown>;

/** A fact condition node: `{ fact: { fact, operator, …operand and parameters } }`. */
export function fact(name: string, operator: string, rest: Record<string, unknown> = {}): Rule {
  return { fact: { fact: name, operator, ...rest } };
}

/** PostgreSQL's order of uuids (byte order), which is the order of their lower-case text. */
export function byUuid(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

const PREVIEW_IDS = /* GraphQL */ `
  query PreviewIds($rule: SegmentRuleInput!) {
    segmentPreview(rule: $rule, first: 100) { count customers { id } }
  }
`;

/** A rule's preview over HTTP: the count and the first 100 customers' row ids, in the order given. */
export async function previewOf(server: TestServer, rule: Rule): Promise<{ count: number; ids: string[] }> {
  const response = await server.graphql(PREVIEW_IDS, { rule });
  if (response.errors) throw new Error(`segmentPreview refused ${JSON.stringify(rule)}: ${JSON.stringify(response.errors)}`);
  const preview = response.data!.segmentPreview as { count: number; customers: { id: string }[] };
  return { count: preview.count, ids: preview.customers.map((customer) => rowIdOf(customer.id)) };
}

/**
 * The row ids of the demo tenant's live customers `c` matching `where`, ordered by id; `$1` is
 * the evaluation's now (a timestamp(3)).
 */
export async function customersWhere(owner: TestServer['owner'], now: Date, where: string): Promise<string[]> {
  const rows = await tenantRows<{ id: string }>(
    owner,
    'demo',
    `SELECT c.id::text AS id FROM "Customer" c
     WHERE c."tenantId" = 'demo' AND c."archivedAt" IS NULL AND $1::timestamp(3) IS NOT NULL AND (${where})
     ORDER BY c.id`,
    [now.toISOString()],
  );
  return rows.map((row) => row.id);
}

/** An instant `days` days before `now`, as the API takes it. */
export function daysBefore(now: Date, days: number): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString();
}
