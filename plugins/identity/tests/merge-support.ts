import type pg from 'pg';
import { expect } from 'vitest';
import { tenantRows as rowsInTenant } from '../../../tests/support/tenant-rows.ts';
import type { Plugin } from '../../../src/plugin-api.ts';
import campaigns from '../../campaigns/plugin.ts';
import segments from '../../segments/plugin.ts';
import identity from '../plugin.ts';
import type { TestServer } from '../../../tests/support/server.ts';

// Helpers of the merge tests: reading the demo tenant as the owner, whole-tenant snapshots, and
// waiting for event reactions to be done. Not a test itself.

export const TENANT = 'demo';

/** A global id as the API encodes it: base64 of "Type:rowId". */
export function globalIdOf(typename: string, rowId: string): string {
  return Buffer.from(`${typename}:${rowId}`).toString('base64');
}

export function rowIdOf(globalId: string): string {
  return Buffer.from(globalId, 'base64').toString().split(':')[1]!;
}

/** Runs `query` as the owner with the tenant set (RLS is forced on the owner too). */
export function tenantRows<Row extends object>(owner: pg.Client, query: string, values: unknown[] = [], tenantId = TENANT): Promise<Row[]> {
  return rowsInTenant<Row>(owner, tenantId, query, values);
}

/** Every row of every table with a `tenantId`, of one tenant: table → primary key → the row as JSON. */
export type TenantSnapshot = Map<string, Map<string, string>>;

/** The tables a snapshot leaves out: the merge's own bookkeeping and how far reactions got. */
const NOT_SNAPSHOT = new Set(['CustomerMerge', 'CustomerMergeChange', 'EventReactionProgress']);

/**
 * Snapshots the tenant, rows ordered by primary key. Outbox events after `eventsThrough` (an
 * OutboxEvent id) are left out: they are what happened since.
 */
export async function snapshotTenant(owner: pg.Client, eventsThrough: string): Promise<TenantSnapshot> {
  const tables = await tenantRows<{ table: string; key: string }>(
    owner,
    `SELECT c.table_name AS table,
            (SELECT string_agg(format('%I', a.attname), ', ' ORDER BY array_position(i.indkey::int2[], a.attnum))
             FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
             WHERE i.indrelid = format('%I', c.table_name)::regclass AND i.indisprimary) AS key
     FROM information_schema.columns c JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = 'public' AND c.column_name = 'tenantId' AND t.table_type = 'BASE TABLE'
     ORDER BY 1`,
  );
  const snapshot: TenantSnapshot = new Map();
  for (const { table, key } of tables) {
    if (NOT_SNAPSHOT.has(table)) continue;
    const since = table === 'OutboxEvent' ? ` AND t.id <= ${BigInt(eventsThrough)}` : '';
    const rows = await tenantRows<{ key: string; row: string }>(
      owner,
      `SELECT (${key.split(', ').map((column) => `t.${column}::text`).join(` || '|' || `)}) AS key, row_to_json(t)::text AS row
       FROM "${table}" t WHERE t."tenantId" = $1${since} ORDER BY ${key.split(', ').map((column) => `t.${column}`).join(', ')}`,
      [TENANT],
    );
    snapshot.set(table, new Map(rows.map((row) => [row.key, row.row])));
  }
  return snapshot;
}

export interface TableDifference {
  added: string[];
  removed: string[];
  changed: { key: string; before: Record<string, unknown>; after: Record<string, unknown> }[];
}

/** What differs, per table, between two snapshots; tables without a difference are absent. */
export function differences(before: TenantSnapshot, after: TenantSnapshot): Map<string, TableDifference> {
  const found = new Map<string, TableDifference>();
  for (const table of new Set([...before.keys(), ...after.keys()])) {
    const was = before.get(table) ?? new Map<string, string>();
    const is = after.get(table) ?? new Map<string, string>();
    const difference: TableDifference = { added: [], removed: [], changed: [] };
    for (const [key, row] of is) {
      if (!was.has(key)) difference.added.push(key);
      else if (was.get(key) !== row) difference.changed.push({ key, before: JSON.parse(was.get(key)!), after: JSON.parse(row) });
    }
    for (const key of was.keys()) if (!is.has(key)) difference.removed.push(key);
    if (difference.added.length + difference.removed.length + difference.changed.length > 0) found.set(table, difference);
  }
  return found;
}

/** The id of the tenant's last outbox event. */
export async function lastEventId(owner: pg.Client): Promise<string> {
  const [row] = await tenantRows<{ id: string }>(owner, `SELECT coalesce(max(id), 0)::text AS id FROM "OutboxEvent" WHERE "tenantId" = $1`, [TENANT]);
  return row!.id;
}

/**
 * Waits until every event of the tenant is positioned and every event reaction (segments',
 * identity's, campaigns') has handled every event of its topics: nothing the past caused is still to come.
 */
export async function waitForReactions(server: TestServer, timeoutMs = 20_000): Promise<void> {
  // The plugins that declare reactions (tests/event-reactions.test.ts covers the machinery itself).
  const plugins: Plugin[] = [segments, identity, campaigns];
  const pairs = plugins.flatMap((plugin) => Object.entries(plugin.reactions ?? {}).flatMap(([name, reaction]) => reaction.topics.map((topic) => [`${plugin.name}.${name}`, topic])));
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const [state] = await tenantRows<{ pending: boolean }>(
      server.owner,
      `SELECT EXISTS (SELECT 1 FROM "OutboxEvent" WHERE "tenantId" = $1 AND position IS NULL)
           OR EXISTS (
             SELECT 1 FROM unnest($2::text[], $3::text[]) AS c(consumer, topic)
             LEFT JOIN "EventReactionProgress" p ON p.consumer = c.consumer AND p."tenantId" = $1
             JOIN "OutboxEvent" e ON e."tenantId" = $1 AND e.topic = c.topic AND e.position > coalesce(p.position, 0)
           ) AS pending`,
      [TENANT, pairs.map(([consumer]) => consumer), pairs.map(([, topic]) => topic)],
    );
    if (!state!.pending) return;
    if (performance.now() > deadline) throw new Error('event reactions did not catch up');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const MERGE = /* GraphQL */ `
  mutation Merge($input: MergeCustomersInput!) {
    mergeCustomers(input: $input) {
      __typename
      ... on MergeCustomersPayload {
        merge { id status survivor { id } mergedCustomers { id archivedAt } moved { area rows label count } mergedAt mergedBy }
        preview {
          survivor { id }
          mergedCustomers { id }
          profile { displayName firstName lastName birthDate audiences lifecycle sources { field customer { id } } }
          moves { area rows label count }
        }
      }
      ... on ValidationError { message fieldErrors { path message } }
      ... on NotFoundError { message }
      ... on ConflictError { message existingId }
      ... on ForbiddenError { message }
    }
  }
`;

export const UNMERGE = /* GraphQL */ `
  mutation Unmerge($mergeId: ID!) {
    unmergeCustomers(mergeId: $mergeId) {
      __typename
      ... on UnmergeCustomersPayload { merge { id status unmergedAt unmergedBy } restored { id archivedAt } survivor { id } }
      ... on ValidationError { message fieldErrors { path message } }
      ... on NotFoundError { message }
      ... on ConflictError { message existingId }
      ... on ForbiddenError { message }
    }
  }
`;

/** The response of a mutation that must have succeeded, with its typename checked. */
export function succeeded(response: { data?: Record<string, any> | null; errors?: unknown[] }, field: string, typename: string): any {
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  const value = response.data![field];
  expect(value.__typename, JSON.stringify(value)).toBe(typename);
  return value;
}
