import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PipelineBoard } from '../../../tests/documents/pipeline.ts';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import { globalId, rowIdOf, statementsOf } from './support.ts';

// The board, the opportunity list and the customer's pipeline on the seeded demo data: their
// figures equal the same figures computed here from the raw rows, and their SQL statements do not
// grow with the number of cards or customers.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const OPEN = ['PROSPECT', 'POTENTIAL_LEAD', 'QUALIFICATION', 'OPPORTUNITY', 'OFFER_DEVELOPMENT', 'SHORTLIST', 'NEGOTIATION'];
// The built-in probabilities, written out again rather than imported: the test must not share the code's mistakes.
const PERCENT: Record<string, number> = { PROSPECT: 5, POTENTIAL_LEAD: 10, QUALIFICATION: 20, OPPORTUNITY: 35, OFFER_DEVELOPMENT: 50, SHORTLIST: 65, NEGOTIATION: 80 };

interface Deal {
  id: string;
  stage: string;
  currency: string;
  amount: string | null;
  probability: number | null;
  ownerId: string;
  expectedCloseDate: string;
}

const cents = (text: string) => BigInt(text.replace('.', ''));
const money = (value: bigint) => `${value / 100n}.${String(value % 100n).padStart(2, '0')}`;

async function openDeals(where = ''): Promise<Deal[]> {
  const { rows } = await server.owner.query<Deal>(
    `SELECT id::text, stage::text, currency, amount::text, probability, "ownerId", to_char("expectedCloseDate", 'YYYY-MM-DD') AS "expectedCloseDate"
     FROM "Opportunity" WHERE "tenantId" = 'demo' AND "closedAt" IS NULL ${where}`,
  );
  return rows;
}

/** The board's columns computed from raw rows, in whole cents: amount × probability rounded half up, per deal. */
function expectedColumns(deals: Deal[]) {
  return OPEN.map((stage) => {
    const inStage = deals.filter((deal) => deal.stage === stage);
    const byCurrency = new Map<string, { count: number; amount: bigint; weighted: bigint }>();
    for (const deal of inStage) {
      const sum = byCurrency.get(deal.currency) ?? { count: 0, amount: 0n, weighted: 0n };
      sum.count += 1;
      if (deal.amount !== null) {
        const value = cents(deal.amount);
        sum.amount += value;
        sum.weighted += (value * BigInt(deal.probability ?? PERCENT[stage]!) + 50n) / 100n;
      }
      byCurrency.set(deal.currency, sum);
    }
    const totals = [...byCurrency]
      .map(([currency, sum]) => ({ currency, count: sum.count, amount: money(sum.amount), weightedAmount: money(sum.weighted) }))
      .sort((a, b) => b.count - a.count || a.currency.localeCompare(b.currency));
    return { stage, count: inStage.length, totals };
  });
}

describe('the pipeline board', () => {
  it('shows every open stage with the count and per-currency sums computed from the raw rows', async () => {
    const deals = await openDeals();
    expect(deals.length).toBeGreaterThan(100);
    const board = await server.graphql(PipelineBoard, { cardsPerStage: 3 });
    const columns = board.data!.pipelineBoard.columns;
    expect(columns.map(({ stage, count, totals }) => ({ stage, count, totals }))).toEqual(expectedColumns(deals));
    expect(new Set(deals.map((deal) => deal.currency)).size).toBeGreaterThan(1);
    expect(columns.map((column) => column.probability)).toEqual(OPEN.map((stage) => PERCENT[stage]));
  });

  it('shows the first cards of each stage, soonest expected close first, with their customers', async () => {
    const deals = await openDeals();
    const board = await server.graphql(PipelineBoard, { cardsPerStage: 4 });
    for (const column of board.data!.pipelineBoard.columns) {
      const expected = deals
        .filter((deal) => deal.stage === column.stage)
        .sort((a, b) => a.expectedCloseDate.localeCompare(b.expectedCloseDate) || a.id.localeCompare(b.id))
        .slice(0, 4);
      expect(column.cards.map((card) => card.id)).toEqual(expected.map((deal) => globalId('Opportunity', deal.id)));
      expect(column.cards.every((card) => card.stage === column.stage && card.customer.displayName.length > 0)).toBe(true);
    }
  });

  it('filters like the opportunity list: the same deals, counted the same', async () => {
    // Close dates from two months before the demo's end to seven after it, as a pipeline review would.
    const dayOf = (days: number) => new Date(Date.parse(inject('demoSeededAt')) + days * 86_400_000).toISOString().slice(0, 10);
    const [expectedCloseFrom, expectedCloseTo] = [dayOf(-61), dayOf(212)];
    const filter = { ownerIds: ['user-ana', 'user-marc'], currency: 'EUR', expectedCloseFrom, expectedCloseTo };
    const board = await server.graphql(PipelineBoard, { filter, cardsPerStage: 0 });
    const list = await server.graphql(`query($filter: OpportunityFilter) { opportunities(first: 1, filter: $filter) { totalCount } }`, { filter: { ...filter, statuses: ['OPEN'] } });
    const deals = await openDeals(`AND "ownerId" IN ('user-ana', 'user-marc') AND currency = 'EUR' AND "expectedCloseDate" BETWEEN '${expectedCloseFrom}' AND '${expectedCloseTo}'`);
    const total = board.data!.pipelineBoard.columns.reduce((sum, column) => sum + column.count, 0);
    expect(total).toBe(deals.length);
    expect(list.data!.opportunities.totalCount).toBe(deals.length);
    expect(board.data!.pipelineBoard.columns.map(({ stage, count, totals }) => ({ stage, count, totals }))).toEqual(expectedColumns(deals));
    expect(board.data!.pipelineBoard.totals.map((total) => total.currency)).toEqual(['EUR']);
  });

  it('costs the same few SQL statements for 1 card per stage as for 25, customers included', async () => {
    const query = `query BoardStatements($cards: Int) { pipelineBoard(cardsPerStage: $cards) { columns { stage count totals { currency amount weightedAmount } cards { id name amount probability customer { displayName primaryEmail } } } } }`;
    const one = await statementsOf(server, query, 'BoardStatements', { cards: 1 });
    const many = await statementsOf(server, query, 'BoardStatements', { cards: 25 });
    const cards = many.data.pipelineBoard.columns.flatMap((column: { cards: unknown[] }) => column.cards);
    expect(cards.length).toBeGreaterThan(40);
    console.info(`pipelineBoard: ${one.statements} statements for 1 card per stage, ${many.statements} for 25 (${cards.length} cards)`);
    expect(many.statements).toBe(one.statements);
    expect(many.statements).toBeLessThanOrEqual(8);
  });

  it("shows each card's customer as selected, whether the cards come in the board's statement or through Prisma", async () => {
    // `near` and `far` plan the same query (cards with their customer) but select other fields of
    // it; `deep` selects a relation of the customer, which the board's own statement does not read.
    const query = `query BoardCustomers {
      pipelineBoard(cardsPerStage: 10) { columns {
        near: cards { id customer { displayName } }
        far: cards { id customer { primaryEmail kind: __typename } }
        deep: cards { id customer { ... on Person { memberships { organization { displayName } } } } }
      } }
    }`;
    const { data } = await statementsOf(server, query, 'BoardCustomers', {});
    const { rows } = await server.owner.query<{ id: string; displayName: string; email: string | null; kind: string; organizations: string[] }>(
      `SELECT o.id::text, c."displayName", c.kind::text,
              (SELECT p.value FROM "ContactPoint" p WHERE p."customerId" = c.id AND p.kind = 'EMAIL' AND p."isPrimary") AS email,
              ARRAY(SELECT org."displayName" FROM "Membership" m JOIN "Customer" org ON org.id = m."organizationId" WHERE m."personId" = c.id ORDER BY m."isPrimary" DESC, m."createdAt") AS organizations
       FROM "Opportunity" o JOIN "Customer" c ON c.id = o."customerId" WHERE o."tenantId" = 'demo'`,
    );
    const byCard = new Map(rows.map((row) => [globalId('Opportunity', row.id), row]));
    const columns = data.pipelineBoard.columns as { near: any[]; far: any[]; deep: any[] }[];
    const cards = columns.flatMap((column) => column.near);
    expect(cards.length).toBeGreaterThan(10);
    for (const column of columns) {
      for (const card of column.near) expect(card.customer).toEqual({ displayName: byCard.get(card.id)!.displayName });
      for (const card of column.far) expect(card.customer).toEqual({ primaryEmail: byCard.get(card.id)!.email, kind: byCard.get(card.id)!.kind === 'PERSON' ? 'Person' : 'Organization' });
      for (const card of column.deep) {
        const expected = byCard.get(card.id)!;
        expect(card.customer).toEqual(expected.kind === 'PERSON' ? { memberships: expected.organizations.map((displayName) => ({ organization: { displayName } })) } : {});
      }
    }
    expect(columns.flatMap((column) => column.deep).some((card) => card.customer.memberships?.length > 0)).toBe(true);
  });

  it('refuses more than 50 cards per stage', async () => {
    const result = await server.graphql(PipelineBoard, { cardsPerStage: 51 });
    expect(result.errors?.[0]?.extensions?.code).toBe('VALIDATION');
  });
});

describe('the opportunity list', () => {
  it('pages through every open deal by expected close date without skipping or repeating one', async () => {
    const deals = await openDeals();
    const expected = deals
      .sort((a, b) => b.expectedCloseDate.localeCompare(a.expectedCloseDate) || b.id.localeCompare(a.id))
      .map((deal) => globalId('Opportunity', deal.id));
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = await server.graphql(
        `query($after: String) { opportunities(first: 40, after: $after, filter: { statuses: [OPEN] }, orderBy: { field: EXPECTED_CLOSE_DATE, direction: DESC }) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`,
        { after },
      );
      expect(page.data.opportunities.totalCount).toBe(deals.length);
      seen.push(...page.data.opportunities.edges.map((edge: { node: { id: string } }) => edge.node.id));
      if (!page.data.opportunities.pageInfo.hasNextPage) break;
      after = page.data.opportunities.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
  });
});

describe("the customer's pipeline", () => {
  it("adds up each customer's open deals per currency, and costs the same for 10 customers as for 50", async () => {
    const query = `query CustomerPipelines($first: Int) { customers(first: $first, filter: { kind: ORGANIZATION }) { edges { node { id openPipelineValue { currency count amount weightedAmount } opportunities(first: 3, statuses: [OPEN, WON]) { totalCount edges { node { name status } } } } } } }`;
    const ten = await statementsOf(server, query, 'CustomerPipelines', { first: 10 });
    const fifty = await statementsOf(server, query, 'CustomerPipelines', { first: 50 });
    console.info(`customers with their pipeline: ${ten.statements} statements for 10, ${fifty.statements} for 50`);
    expect(fifty.statements).toBe(ten.statements);

    const nodes = fifty.data.customers.edges.map((edge: { node: any }) => edge.node);
    const withPipeline = nodes.filter((node: any) => node.openPipelineValue.length > 0);
    expect(withPipeline.length).toBeGreaterThan(0);
    const deals = await openDeals();
    for (const node of nodes) {
      const rowId = rowIdOf(node.id);
      const { rows } = await server.owner.query<{ id: string }>(`SELECT id::text FROM "Opportunity" WHERE "customerId" = $1 AND "closedAt" IS NULL`, [rowId]);
      const own = deals.filter((deal) => rows.some((row) => row.id === deal.id));
      const expected = new Map<string, { count: number; amount: bigint; weighted: bigint }>();
      for (const deal of own) {
        const sum = expected.get(deal.currency) ?? { count: 0, amount: 0n, weighted: 0n };
        sum.count += 1;
        if (deal.amount) {
          sum.amount += cents(deal.amount);
          sum.weighted += (cents(deal.amount) * BigInt(deal.probability ?? PERCENT[deal.stage]!) + 50n) / 100n;
        }
        expected.set(deal.currency, sum);
      }
      expect(node.openPipelineValue.map((total: any) => [total.currency, total.count, total.amount, total.weightedAmount]).sort()).toEqual(
        [...expected].map(([currency, sum]) => [currency, sum.count, money(sum.amount), money(sum.weighted)]).sort(),
      );
      expect(node.opportunities.edges.every((edge: any) => edge.node.status !== 'LOST')).toBe(true);
    }
  });
});
