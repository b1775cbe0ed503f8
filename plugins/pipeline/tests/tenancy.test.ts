import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PipelineBoard, PipelineForecast } from '../../../tests/documents/pipeline.ts';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';

// No tenant sees another's sales: the API scopes every read by the token's tenant, and
// row-level security refuses the rest on the application's own connection.

const SALES_TABLES = ['Lead', 'Opportunity', 'OpportunityStageChange', 'PipelineStageSetting', 'Product', 'PriceList', 'Price', 'CustomerDiscount', 'Offer', 'OfferLine', 'SalesActivity'];

let server: TestServer;
let app: pg.Client;
beforeAll(async () => {
  server = await startTestServer();
  app = new pg.Client({ connectionString: server.appDatabaseUrl });
  await app.connect();
});
afterAll(async () => {
  await app?.end();
  await server?.stop();
});

describe('sales data per tenant', () => {
  it('is invisible on the application connection without a tenant, and only the tenant set with one', async () => {
    for (const table of SALES_TABLES) {
      const { rows } = await app.query(`SELECT count(*)::int AS n FROM "${table}"`);
      expect(rows[0].n, table).toBe(0);
    }
    await app.query('BEGIN');
    try {
      await app.query(`SELECT set_config('app.tenant_id', 'acme', true)`);
      for (const table of SALES_TABLES) {
        const { rows } = await app.query(`SELECT count(*) FILTER (WHERE "tenantId" <> 'acme')::int AS others FROM "${table}"`);
        expect(rows[0].others, table).toBe(0);
      }
      const { rows } = await app.query(`SELECT count(*)::int AS n FROM "Opportunity"`);
      expect(rows[0].n).toBeGreaterThan(0);
      await expect(app.query(`INSERT INTO "Product" (id, "tenantId", sku, name, "updatedAt") VALUES (gen_random_uuid(), 'demo', 'SMUGGLED', 'x', now())`)).rejects.toThrow(/row-level security/);
    } finally {
      await app.query('ROLLBACK');
    }
  });

  it("answers acme's board and forecast from acme's deals only", async () => {
    const { rows } = await server.owner.query(
      `SELECT "tenantId", count(*)::int AS open FROM "Opportunity" WHERE "closedAt" IS NULL GROUP BY "tenantId" ORDER BY "tenantId"`,
    );
    const acmeOpen = rows.find((row) => row.tenantId === 'acme')?.open ?? 0;
    const demoOpen = rows.find((row) => row.tenantId === 'demo')!.open;
    const board = await server.graphql(PipelineBoard, { cardsPerStage: 50 }, { as: { tenant: 'acme', roles: ['viewer'] } });
    const cards = board.data!.pipelineBoard.columns.flatMap((column) => column.cards);
    expect(board.data!.pipelineBoard.columns.reduce((sum, column) => sum + column.count, 0)).toBe(acmeOpen);
    expect(cards).toHaveLength(acmeOpen);
    const forecast = await server.graphql(PipelineForecast, { input: { from: '2020-01-01', to: '2029-12-31', groupBy: [] } }, { as: { tenant: 'acme', roles: ['viewer'] } });
    expect(forecast.data!.pipelineForecast.reduce((sum, row) => sum + row.opportunities, 0)).toBe(acmeOpen);
    expect(demoOpen).toBeGreaterThan(acmeOpen);
  });
});
