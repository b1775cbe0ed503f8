import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import { rowIdOf, TestClock } from './support.ts';

// The server keeps each tenant's desk configuration between requests, under the revision the
// database counts for it. A change committed anywhere (another instance, a migration, a manual fix)
// is what the next request sees.

const clock = new TestClock('2026-11-16T15:00:00Z');
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ plugins: ['profile', 'tickets'], clock });
});
afterAll(() => server?.stop());

const AGENT = { subject: 'agent:test', roles: ['service-manager'] };
const firstTicket = async () => {
  const response = await server.graphql(`{ tickets(first: 1, orderBy: { field: NUMBER, direction: ASC }) { edges { node { number queue { id name } category { id } categoryPath } } } }`, {}, { as: AGENT });
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data!.tickets.edges[0].node;
};
const revisions = async () => {
  const { rows } = await server.owner.query<{ tenantId: string; revision: string }>(`SELECT "tenantId", revision::text FROM "ServiceDeskRevision" ORDER BY 1`);
  return Object.fromEntries(rows.map((row) => [row.tenantId, Number(row.revision)]));
};

describe('the configuration kept between requests', () => {
  it('shows a queue or category renamed outside this server on the next request', async () => {
    const before = await firstTicket();
    expect(await firstTicket()).toEqual(before);

    await server.owner.query(`UPDATE "TicketQueue" SET name = name || ' (renamed)' WHERE id = $1::uuid`, [rowIdOf(before.queue.id)]);
    await server.owner.query(`UPDATE "TicketCategory" SET name = 'Renamed category' WHERE id = $1::uuid`, [rowIdOf(before.category.id)]);
    const after = await firstTicket();
    expect(after.queue.name).toBe(`${before.queue.name} (renamed)`);
    expect(after.categoryPath).toEqual([...before.categoryPath.slice(0, -1), 'Renamed category']);
  });

  it('counts a change in the revision of the tenant it belongs to, and only there', async () => {
    const before = await revisions();
    await server.owner.query(`UPDATE "TicketQueue" SET "isDefault" = "isDefault" WHERE "tenantId" = 'acme'`);
    const { rowCount } = await server.owner.query(`SELECT 1 FROM "TicketQueue" WHERE "tenantId" = 'acme'`);
    const after = await revisions();
    expect(after.acme).toBe(before.acme! + rowCount!);
    expect(after.demo).toBe(before.demo);

    const { rows } = await server.owner.query(`INSERT INTO "TicketCategory" (id, "tenantId", kind, name, "updatedAt") VALUES (gen_random_uuid(), 'acme', 'QUERY', 'Short-lived', now()) RETURNING id`);
    await server.owner.query(`DELETE FROM "TicketCategory" WHERE id = $1`, [rows[0].id]);
    expect((await revisions()).acme).toBe(after.acme! + 2);
  });
});
