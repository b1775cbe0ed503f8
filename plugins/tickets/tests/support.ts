import type pg from 'pg';
import { expect } from 'vitest';
import type { Clock } from '../../../src/plugin-api.ts';

// Helpers of the service area's tests. Test servers are typed by what is used of them, so this
// file (not a test itself) needs nothing from tests/.

interface GraphQLResponse {
  data?: Record<string, any> | null;
  errors?: unknown[];
}
interface TestServer {
  owner: pg.Client;
}

/** A clock the test sets: the SLA arithmetic, every write and the scheduler read it. */
export class TestClock implements Clock {
  #now: Date;
  constructor(start: string) {
    this.#now = new Date(start);
  }
  now(): Date {
    return new Date(this.#now);
  }
  set(iso: string): void {
    this.#now = new Date(iso);
  }
  advance(ms: number): void {
    this.#now = new Date(this.#now.getTime() + ms);
  }
}

export const ERRORS = /* GraphQL */ `
  ... on Error { __typename code message }
  ... on ValidationError { fieldErrors { path message } }
  ... on ConflictError { existingId }
`;

/** The payload of a mutation result, failing the test with the error when it is one. */
export function payloadOf(response: GraphQLResponse, field: string): any {
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  const result = response.data![field];
  expect(result.code, JSON.stringify(result)).toBeUndefined();
  return result;
}

/** Every service-area row and outbox event, hashed: equal fingerprints mean nothing was written. */
export async function serviceFingerprint(owner: pg.Client): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const table of ['Ticket', 'TicketMessage', 'TicketStatusChange', 'TicketEscalation', 'TicketCounter', 'TicketQueue', 'TicketCategory', 'RoutingRule', 'SlaPolicy', 'ServiceCalendar', 'ServiceDeskRevision', 'Interaction', 'OutboxEvent']) {
    const key = table === 'TicketCounter' || table === 'ServiceDeskRevision' ? '"tenantId"' : 't.id';
    const { rows } = await owner.query(`SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY ${key}), '')) AS print FROM "${table}" t`);
    result[table] = rows[0].print;
  }
  return result;
}

/** A customer of the demo tenant with the given audience (or any), as a global id. */
export async function demoCustomer(server: TestServer, audience?: string, exclude?: string): Promise<{ id: string; rowId: string }> {
  const { rows } = await server.owner.query(
    `SELECT id::text, kind::text FROM "Customer" WHERE "tenantId" = 'demo' AND "archivedAt" IS NULL
       AND ($1::text IS NULL OR $1::"Audience" = ANY(audiences)) AND ($2::text IS NULL OR NOT ($2::"Audience" = ANY(audiences)))
     ORDER BY id LIMIT 1`,
    [audience ?? null, exclude ?? null],
  );
  const row = rows[0];
  return { id: Buffer.from(`${row.kind === 'PERSON' ? 'Person' : 'Organization'}:${row.id}`).toString('base64'), rowId: row.id };
}

/** Global id of a demo configuration row found by name. */
export async function demoConfigId(server: TestServer, table: 'TicketQueue' | 'TicketCategory' | 'SlaPolicy' | 'RoutingRule' | 'ServiceCalendar', name: string, tenant = 'demo'): Promise<string> {
  const { rows } = await server.owner.query(`SELECT id::text FROM "${table}" WHERE "tenantId" = $1 AND name = $2`, [tenant, name]);
  expect(rows, `${table} "${name}"`).toHaveLength(1);
  return Buffer.from(`${table}:${rows[0].id}`).toString('base64');
}

export const rowIdOf = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1]!;
