import { afterAll, beforeAll, it } from 'vitest';
import { startTestServer, type TestServer } from './support/server.ts';
let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(() => server?.stop());
it('explore', async () => {
  const q = async (sql: string) => console.log(sql.slice(0, 60), JSON.stringify((await server.owner.query(sql)).rows));
  await q(`SELECT relname, n_live_tup FROM pg_stat_user_tables ORDER BY n_live_tup DESC`);
  await q(`SELECT count(*), count(position), min(position), max(position) FROM "OutboxEvent"`);
  await q(`SELECT split_part(topic,'.',1) a, count(*), min(position), max(position) FROM "OutboxEvent" GROUP BY 1`);
  await q(`SELECT "customerNodeId", count(*), array_agg(DISTINCT split_part(topic,'.',1)) FROM "OutboxEvent" WHERE "customerNodeId" IS NOT NULL GROUP BY 1 HAVING count(DISTINCT split_part(topic,'.',1)) >= 5 AND count(*) < 60 LIMIT 5`);
});
