import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import { TestClock } from './support.ts';

// The tickets list: every order pages forwards and backwards through the same sequence the
// database sorts, and every filter returns exactly the tickets an independent SQL query finds.

const clock = new TestClock('2026-11-16T15:00:00Z');
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ plugins: ['profile', 'tickets'], clock });
});
afterAll(() => server?.stop());

const ACME = { tenant: 'acme' };
const globalTicketId = (rowId: string) => Buffer.from(`Ticket:${rowId}`).toString('base64');

async function page(variables: Record<string, unknown>, as?: { tenant: string }) {
  const response = await server.graphql(
    `query ($first: Int, $last: Int, $after: String, $before: String, $orderBy: TicketOrder, $filter: TicketFilter) {
      tickets(first: $first, last: $last, after: $after, before: $before, orderBy: $orderBy, filter: $filter) {
        totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { node { id } }
      }
    }`,
    variables,
    as ? { as } : {},
  );
  return response;
}

async function ids(variables: Record<string, unknown>, as?: { tenant: string }): Promise<string[]> {
  const response = await page(variables, as);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data!.tickets.edges.map((edge: any) => edge.node.id);
}

const ORDERS: [string, string, string][] = [
  ['CREATED_AT', 'DESC', '"createdAt" DESC, id DESC'],
  ['CREATED_AT', 'ASC', '"createdAt" ASC, id ASC'],
  ['UPDATED_AT', 'DESC', '"updatedAt" DESC, id DESC'],
  ['NUMBER', 'ASC', 'number ASC, id ASC'],
  ['DEADLINE', 'ASC', '"deadlineSortKey" ASC, id ASC'],
  ['DEADLINE', 'DESC', '"deadlineSortKey" DESC, id DESC'],
  ['PRIORITY', 'DESC', 'priority DESC, "deadlineSortKey" ASC, id DESC'],
  ['PRIORITY', 'ASC', 'priority ASC, "deadlineSortKey" ASC, id ASC'],
];

describe('orders and pages', () => {
  it.each(ORDERS)('%s %s pages forwards and backwards through the order the database sorts', async (field, direction, sql) => {
    // With the kinds filter the database cannot just walk an index in the order asked.
    const { rows } = await server.owner.query(`SELECT id::text FROM "Ticket" WHERE "tenantId" = 'demo' AND kind <> 'QUERY' ORDER BY ${sql}`);
    const expected = rows.map((row) => globalTicketId(row.id));
    expect(expected.length).toBeGreaterThan(300);
    const orderBy = { field, direction };
    const filter = { kinds: ['COMPLAINT', 'CLAIM', 'REQUEST'] };

    const forwards: string[] = [];
    let after: string | null = null;
    for (;;) {
      const response: any = await page({ first: 97, after, orderBy, filter });
      expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
      const tickets = response.data.tickets;
      expect(tickets.totalCount).toBe(expected.length);
      forwards.push(...tickets.edges.map((edge: any) => edge.node.id));
      if (!tickets.pageInfo.hasNextPage) break;
      after = tickets.pageInfo.endCursor;
    }
    expect(forwards).toEqual(expected);

    const backwards: string[] = [];
    let before: string | null = null;
    for (;;) {
      const response: any = await page({ last: 89, before, orderBy, filter });
      const tickets = response.data.tickets;
      backwards.unshift(...tickets.edges.map((edge: any) => edge.node.id));
      if (!tickets.pageInfo.hasPreviousPage) break;
      before = tickets.pageInfo.startCursor;
    }
    expect(backwards).toEqual(expected);
  });

  it('refuses a cursor of another order, and one that is not a cursor, as VALIDATION errors', async () => {
    const first: any = await page({ first: 2, orderBy: { field: 'NUMBER', direction: 'ASC' } }, ACME);
    const cursor = first.data.tickets.pageInfo.endCursor;
    const otherOrder = await page({ first: 2, after: cursor, orderBy: { field: 'NUMBER', direction: 'DESC' } }, ACME);
    expect(otherOrder.errors?.[0]).toMatchObject({ message: expect.stringContaining('belongs to the order by NUMBER ASC'), extensions: { code: 'VALIDATION' } });
    const forged = await page({ first: 2, after: Buffer.from('["NUMBER","ASC","1; DROP TABLE","x"]').toString('base64url'), orderBy: { field: 'NUMBER', direction: 'ASC' } }, ACME);
    expect(forged.errors?.[0]).toMatchObject({ extensions: { code: 'VALIDATION' } });
  });
});

describe('filters', () => {
  const sample = async () => {
    const { rows } = await server.owner.query(
      `SELECT t.id::text, t."queueId"::text AS "queueId", t."customerId"::text AS "customerId", k.kind::text AS "customerKind", t."categoryId"::text AS "categoryId",
              c."parentId"::text AS "parentCategoryId", t."assigneeId", t.number, t.subject
       FROM "Ticket" t JOIN "Customer" k ON k.id = t."customerId" JOIN "TicketCategory" c ON c.id = t."categoryId"
       WHERE t."tenantId" = 'demo' AND t."assigneeId" IS NOT NULL AND c."parentId" IS NOT NULL ORDER BY t.number LIMIT 1`,
    );
    return rows[0];
  };
  const count = async (where: string, values: unknown[] = []) =>
    Number((await server.owner.query(`SELECT count(*) AS n FROM "Ticket" t WHERE t."tenantId" = 'demo' AND ${where}`, values)).rows[0].n);
  const listed = async (filter: Record<string, unknown>) => {
    const response: any = await page({ first: 1, filter });
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    return response.data.tickets.totalCount;
  };

  it('each returns what independent SQL counts, and they combine with AND', async () => {
    const ticket = await sample();
    const id = (typename: string, rowId: string) => Buffer.from(`${typename}:${rowId}`).toString('base64');
    const cases: [Record<string, unknown>, string, unknown[]][] = [
      [{ queueIds: [id('TicketQueue', ticket.queueId)] }, 't."queueId" = $1::uuid', [ticket.queueId]],
      [{ statuses: ['OPEN', 'ESCALATED'] }, `t.status IN ('OPEN', 'ESCALATED')`, []],
      [{ priorities: ['URGENT'] }, `t.priority = 'URGENT'`, []],
      [{ kinds: ['COMPLAINT', 'CLAIM'] }, `t.kind IN ('COMPLAINT', 'CLAIM')`, []],
      [{ channels: ['EMAIL'] }, `t.channel = 'EMAIL'`, []],
      [{ categoryIds: [id('TicketCategory', ticket.parentCategoryId)] }, `t."categoryId" IN (SELECT id FROM "TicketCategory" WHERE id = $1::uuid OR "parentId" = $1::uuid)`, [ticket.parentCategoryId]],
      [{ assigneeIds: [ticket.assigneeId] }, 't."assigneeId" = $1', [ticket.assigneeId]],
      [{ unassigned: true }, 't."assigneeId" IS NULL', []],
      [{ assigneeIds: [ticket.assigneeId], unassigned: true }, '(t."assigneeId" = $1 OR t."assigneeId" IS NULL)', [ticket.assigneeId]],
      [{ customerId: id(ticket.customerKind === 'PERSON' ? 'Person' : 'Organization', ticket.customerId) }, 't."customerId" = $1::uuid', [ticket.customerId]],
      [{ escalated: true }, 't."escalationLevel" > 0', []],
      [{ escalated: false }, 't."escalationLevel" = 0', []],
      [{ createdAfter: '2026-06-01T00:00:00Z', createdBefore: '2026-09-01T00:00:00Z' }, `t."createdAt" >= '2026-06-01' AND t."createdAt" < '2026-09-01'`, []],
      [{ search: `#${ticket.number}` }, 't.number = $1', [ticket.number]],
      [{ search: ticket.subject.slice(2, 12).toUpperCase() }, 't.subject ILIKE $1', [`%${ticket.subject.slice(2, 12)}%`]],
      [{ search: '100%_' }, `t.subject LIKE '%100\\%\\_%'`, []],
      [{ statuses: ['OPEN'], priorities: ['HIGH', 'URGENT'], escalated: false }, `t.status = 'OPEN' AND t.priority IN ('HIGH', 'URGENT') AND t."escalationLevel" = 0`, []],
    ];
    for (const [filter, where, values] of cases) {
      expect(await listed(filter), JSON.stringify(filter)).toBe(await count(where, values));
    }
  });

  it('refuses a malformed queue, category or customer id at its place in the filter', async () => {
    const response: any = await page({ first: 1, filter: { queueIds: ['bm9wZQ=='], customerId: 'x' } });
    expect(response.errors?.[0]).toMatchObject({ extensions: { code: 'VALIDATION' } });
  });
});
