import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';

// The scan that finds due tickets across tenants runs with its owner's rights; only the
// application role may call it, not every role of the database.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ plugins: ['profile', 'tickets'] });
});
afterAll(() => server?.stop());

describe('tickets_due_for_escalation', () => {
  it('may be executed by the application role and by no other role', async () => {
    const signature = 'tickets_due_for_escalation(timestamp without time zone, integer)';
    const { rows } = await server.owner.query<{ app: boolean; everyone: boolean }>(
      `SELECT has_function_privilege('nexo_app', $1, 'EXECUTE') AS app,
              EXISTS (SELECT 1 FROM pg_proc p, aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
                      WHERE p.oid = $1::regprocedure AND a.grantee = 0 AND a.privilege_type = 'EXECUTE') AS everyone`,
      [signature],
    );
    expect(rows[0]).toEqual({ app: true, everyone: false });
  });
});
