import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TokenRequest } from './support/server.ts';

// A profile mutation and its outbox event commit together or not at all: one event per successful
// mutation, none for a failed one, even when another mutation of the same operation succeeds.

let server: TestServer;
let owner: pg.Client;

const SALES: TokenRequest = { tenant: 'acme', roles: ['sales'], subject: 'outbox-tester' };

interface OutboxRow {
  id: string;
  tenantId: string;
  topic: string;
  subjectId: string;
  customerId: string | null;
  actorId: string | null;
  payload: Record<string, any>;
}

beforeAll(async () => {
  server = await startTestServer();
  owner = server.owner;
});
afterAll(() => server?.stop());

async function lastEventId(): Promise<bigint> {
  const { rows } = await owner.query<{ id: string }>(`SELECT coalesce(max(id), 0)::text AS id FROM "OutboxEvent"`);
  return BigInt(rows[0]!.id);
}

async function eventsAfter(id: bigint): Promise<OutboxRow[]> {
  const { rows } = await owner.query<OutboxRow>(
    `SELECT id::text, "tenantId", topic, "subjectId", "customerId"::text, "actorId", payload FROM "OutboxEvent" WHERE id > $1 ORDER BY id`,
    [id.toString()],
  );
  return rows;
}

/** Counts of acme's profile rows: a failed mutation must leave every one of them as it was. */
async function acmeRowCounts(): Promise<Record<string, number>> {
  const { rows } = await owner.query<Record<string, string>>(
    `SELECT (SELECT count(*) FROM "Customer" WHERE "tenantId" = 'acme') AS customers,
            (SELECT count(*) FROM "ContactPoint" WHERE "tenantId" = 'acme') AS "contactPoints",
            (SELECT count(*) FROM "ExternalRef" WHERE "tenantId" = 'acme') AS "externalRefs",
            (SELECT count(*) FROM "OutboxEvent" WHERE "tenantId" = 'acme') AS events`,
  );
  return Object.fromEntries(Object.entries(rows[0]!).map(([key, value]) => [key, Number(value)]));
}

function rowIdOf(globalId: string): string {
  return Buffer.from(globalId, 'base64').toString().split(':')[1]!;
}

function globalIdOf(typename: string, rowId: string): string {
  return Buffer.from(`${typename}:${rowId}`).toString('base64');
}

async function acmeCustomerIds(kind: 'PERSON' | 'ORGANIZATION', count: number): Promise<string[]> {
  const { rows } = await owner.query<{ id: string }>(
    `SELECT id::text FROM "Customer" WHERE "tenantId" = 'acme' AND kind = $1 AND "archivedAt" IS NULL ORDER BY id LIMIT $2`,
    [kind, count],
  );
  return rows.map((row) => globalIdOf(kind === 'PERSON' ? 'Person' : 'Organization', row.id));
}

const RESULT = /* GraphQL */ `__typename ... on Error { code message } ... on ConflictError { existingId } ... on ValidationError { fieldErrors { path } }`;

async function mutate(query: string, variables: Record<string, unknown> = {}) {
  const response = await server.graphql(query, variables, { as: SALES });
  expect(response.errors).toBeUndefined();
  return response.data!;
}

describe('outbox events of profile mutations', () => {
  let personId = '';

  it('writes one customer.created event with the new row, its global id, the actor and the display name', async () => {
    const before = await lastEventId();
    const data = await mutate(`mutation { createPerson(input: { firstName: "Olga", lastName: "Outbox", email: "olga@outbox.example" }) { ${RESULT} ... on PersonPayload { person { id } } } }`);
    expect(data.createPerson.__typename).toBe('PersonPayload');
    personId = data.createPerson.person.id;

    const events = await eventsAfter(before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      tenantId: 'acme',
      topic: 'customer.created',
      customerId: rowIdOf(personId),
      subjectId: personId,
      actorId: 'outbox-tester',
      payload: { kind: 'PERSON', displayName: 'Olga Outbox' },
    });
    const { rows } = await owner.query(`SELECT 1 FROM "Customer" WHERE id = $1 AND "tenantId" = 'acme'`, [rowIdOf(personId)]);
    expect(rows).toHaveLength(1);
  });

  it('writes exactly one event per mutation, with its own topic and payload, in increasing id order', async () => {
    const [organizationId] = await acmeCustomerIds('ORGANIZATION', 1);
    const steps: { query: string; topic: string; payload: Record<string, unknown> }[] = [
      {
        query: `mutation { result: updateCustomer(input: { id: "${personId}", city: "Bilbao", language: "eu" }) { ${RESULT} } }`,
        topic: 'customer.updated',
        payload: { changed: ['city', 'language'] },
      },
      {
        query: `mutation { result: setLifecycle(id: "${personId}", lifecycle: INACTIVE) { ${RESULT} } }`,
        topic: 'customer.lifecycleChanged',
        payload: { from: 'ACTIVE', to: 'INACTIVE' },
      },
      {
        query: `mutation { result: addContactPoint(input: { customerId: "${personId}", kind: EMAIL, value: "Olga.Work@Outbox.example" }) { ${RESULT} } }`,
        topic: 'customer.contactPointAdded',
        payload: { kind: 'EMAIL', value: 'olga.work@outbox.example', isPrimary: false },
      },
      {
        query: `mutation { result: setConsent(input: { customerId: "${personId}", channel: SMS, status: GRANTED, source: "web-form" }) { ${RESULT} } }`,
        topic: 'customer.consentChanged',
        payload: { channel: 'SMS', status: 'GRANTED' },
      },
      {
        query: `mutation { result: linkMembership(input: { personId: "${personId}", organizationId: "${organizationId}", role: "Buyer" }) { ${RESULT} } }`,
        topic: 'customer.membershipLinked',
        payload: { personId, organizationId, role: 'Buyer' },
      },
      {
        query: `mutation { result: archiveCustomer(id: "${personId}") { ${RESULT} } }`,
        topic: 'customer.archived',
        payload: { displayName: 'Olga Outbox' },
      },
    ];

    let previous = await lastEventId();
    for (const step of steps) {
      const data = await mutate(step.query);
      expect(data.result.__typename, step.topic).not.toMatch(/Error$/);
      const events = await eventsAfter(previous);
      expect(events, step.topic).toHaveLength(1);
      expect(events[0], step.topic).toMatchObject({
        tenantId: 'acme',
        topic: step.topic,
        subjectId: personId,
        customerId: rowIdOf(personId),
        actorId: 'outbox-tester',
        payload: step.payload,
      });
      expect(BigInt(events[0]!.id)).toBeGreaterThan(previous);
      previous = BigInt(events[0]!.id);
    }
  });

  it('writes no event and no row when a mutation fails', async () => {
    const { rows } = await owner.query<{ value: string }>(
      `SELECT value FROM "ContactPoint" WHERE "tenantId" = 'acme' AND kind = 'EMAIL' AND "isActive" ORDER BY value LIMIT 1`,
    );
    const takenEmail = rows[0]!.value;
    const countsBefore = await acmeRowCounts();
    const before = await lastEventId();

    const conflict = await mutate(`mutation($email: String!) { createPerson(input: { firstName: "Dup", lastName: "Licate", email: $email, externalRefs: [{ source: "pos", externalId: "dup-1" }] }) { ${RESULT} } }`, {
      email: takenEmail.toUpperCase(),
    });
    expect(conflict.createPerson).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
    expect(conflict.createPerson.existingId).toEqual(expect.any(String));

    const invalidPhone = await mutate(`mutation { createPerson(input: { firstName: "Bad", lastName: "Phone", email: "bad.phone@outbox.example", phone: "12" }) { ${RESULT} } }`);
    expect(invalidPhone.createPerson).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION', fieldErrors: [{ path: ['input', 'phone'] }] });

    expect(await eventsAfter(before)).toEqual([]);
    expect(await acmeRowCounts()).toEqual(countsBefore);
  });

  it('keeps the first mutation of an operation and undoes only the second when the second fails', async () => {
    const countsBefore = await acmeRowCounts();
    const before = await lastEventId();
    const data = await mutate(/* GraphQL */ `
      mutation Twins {
        a: createPerson(input: { firstName: "Ada", lastName: "First", email: "twins@outbox.example" }) { ${RESULT} ... on PersonPayload { person { id } } }
        b: createPerson(input: { firstName: "Bea", lastName: "Second", email: "twins@outbox.example" }) { ${RESULT} ... on PersonPayload { person { id } } }
      }
    `);
    expect(data.a.__typename).toBe('PersonPayload');
    expect(data.b).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT', existingId: data.a.person.id });

    const events = await eventsAfter(before);
    expect(events.map((event) => [event.topic, event.subjectId])).toEqual([['customer.created', data.a.person.id]]);
    const { rows } = await owner.query<{ displayName: string }>(
      `SELECT c."displayName" FROM "Customer" c JOIN "ContactPoint" p ON p."customerId" = c.id WHERE p.value = 'twins@outbox.example'`,
    );
    expect(rows).toEqual([{ displayName: 'Ada First' }]);
    expect(await acmeRowCounts()).toEqual({ ...countsBefore, customers: countsBefore.customers! + 1, contactPoints: countsBefore.contactPoints! + 1, events: countsBefore.events! + 1 });
  });

  it('undoes the rows a failing mutation already wrote before it failed, and keeps the mutation before it', async () => {
    // The e-mail is taken by a transaction that commits only after the mutation checked it was free:
    // the mutation demotes the current primary e-mail, then its insert hits the unique index.
    const [holder, target, bystander] = await acmeCustomerIds('PERSON', 3);
    const { rows: primaryBefore } = await owner.query<{ id: string }>(
      `SELECT id::text FROM "ContactPoint" WHERE "customerId" = $1 AND kind = 'EMAIL' AND "isPrimary"`,
      [rowIdOf(target!)],
    );
    expect(primaryBefore).toHaveLength(1);
    const before = await lastEventId();

    const racer = new pg.Client({ connectionString: server.ownerDatabaseUrl });
    await racer.connect();
    try {
      await racer.query('BEGIN');
      await racer.query(
        `INSERT INTO "ContactPoint" (id, "tenantId", "customerId", kind, value) VALUES (gen_random_uuid(), 'acme', $1, 'EMAIL', 'raced@outbox.example')`,
        [rowIdOf(holder!)],
      );
      const pending = mutate(/* GraphQL */ `
        mutation Raced {
          a: updateCustomer(input: { id: "${bystander}", city: "Vitoria" }) { ${RESULT} }
          b: addContactPoint(input: { customerId: "${target}", kind: EMAIL, value: "raced@outbox.example", isPrimary: true }) { ${RESULT} }
        }
      `);
      await waitForLockedAppSessions(1);
      await racer.query('COMMIT');
      const data = await pending;
      expect(data.a.__typename).toBe('CustomerPayload');
      expect(data.b).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
    } finally {
      await racer.end();
    }

    const { rows: primaryAfter } = await owner.query<{ id: string }>(
      `SELECT id::text FROM "ContactPoint" WHERE "customerId" = $1 AND kind = 'EMAIL' AND "isPrimary"`,
      [rowIdOf(target!)],
    );
    expect(primaryAfter).toEqual(primaryBefore);
    const events = await eventsAfter(before);
    expect(events.map((event) => [event.topic, event.subjectId])).toEqual([['customer.updated', bystander]]);
  });

  it("undoes what an operation's only mutation wrote before it failed: the whole transaction rolls back, no savepoint", async () => {
    const [holder, target] = await acmeCustomerIds('PERSON', 2);
    const primaryOf = async () =>
      (await owner.query<{ id: string }>(`SELECT id::text FROM "ContactPoint" WHERE "customerId" = $1 AND kind = 'EMAIL' AND "isPrimary"`, [rowIdOf(target!)])).rows;
    const primaryBefore = await primaryOf();
    expect(primaryBefore).toHaveLength(1);
    const before = await lastEventId();

    const racer = new pg.Client({ connectionString: server.ownerDatabaseUrl });
    await racer.connect();
    try {
      await racer.query('BEGIN');
      await racer.query(
        `INSERT INTO "ContactPoint" (id, "tenantId", "customerId", kind, value) VALUES (gen_random_uuid(), 'acme', $1, 'EMAIL', 'alone@outbox.example')`,
        [rowIdOf(holder!)],
      );
      const pending = mutate(`mutation Alone { addContactPoint(input: { customerId: "${target}", kind: EMAIL, value: "alone@outbox.example", isPrimary: true }) { ${RESULT} } }`);
      await waitForLockedAppSessions(1);
      await racer.query('COMMIT');
      expect((await pending).addContactPoint).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
    } finally {
      await racer.end();
    }
    expect(await primaryOf()).toEqual(primaryBefore);
    expect(await eventsAfter(before)).toEqual([]);
  });
});

/** App-role sessions of this test's database that are waiting for a lock. */
async function lockedAppSessions(): Promise<number> {
  const { rows } = await owner.query<{ count: string }>(
    `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND usename = $1 AND wait_event_type = 'Lock'`,
    [decodeURIComponent(new URL(server.appDatabaseUrl).username)],
  );
  return Number(rows[0]!.count);
}

async function waitForLockedAppSessions(count: number): Promise<void> {
  await waitUntil(async () => (await lockedAppSessions()) >= count);
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('Timed out waiting for the database sessions to reach the expected state');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
