import { serverAudits, type AuditResult } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/server.ts';

// The GraphQL-over-HTTP audits send anonymous requests such as `{ __typename }`: they must pass
// without a token, and a MUST that fails means a client library following the spec breaks here.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const audits = serverAudits({ url: () => server.url });

function explain(result: AuditResult): string {
  return result.status === 'ok' ? 'ok' : `${result.status}: ${result.reason}`;
}

describe('GraphQL over HTTP (graphql-http audits)', () => {
  for (const audit of audits.filter((candidate) => candidate.name.startsWith('MUST'))) {
    it(`${audit.id} ${audit.name}`, async () => {
      const result = await audit.fn();
      expect(explain(result), audit.name).toBe('ok');
    });
  }

  it('follows every SHOULD recommendation (none warns)', async () => {
    const shoulds = audits.filter((candidate) => candidate.name.startsWith('SHOULD'));
    expect(shoulds.length).toBeGreaterThan(0);
    const warnings: string[] = [];
    for (const audit of shoulds) {
      const result = await audit.fn();
      if (result.status !== 'ok') warnings.push(`${audit.id} ${audit.name} — ${explain(result)}`);
    }
    expect(warnings).toEqual([]);
  });
});
