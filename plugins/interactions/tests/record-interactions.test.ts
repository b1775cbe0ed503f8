import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TokenRequest } from '../../../tests/support/server.ts';
import { customerGlobalIdOf, globalIdOf, interactionCounts } from './support.ts';

// recordInteractions: up to 1,000 inputs with one result each; a bad input fails alone, a replay
// stores nothing new, and the cost in SQL statements does not grow with the batch.

let server: TestServer;
let owner: pg.Client;
let customers: { globalId: string; rowId: string; ref: { source: string; externalId: string } | null }[];

const CALL_CENTER: TokenRequest = { tenant: 'demo', roles: ['service'], subject: 'callcenter-bridge' };

const BATCH = /* GraphQL */ `
  mutation RecordBatch($inputs: [RecordInteractionInput!]!) {
    recordInteractions(inputs: $inputs) {
      __typename
      ... on RecordInteractionsPayload {
        stored duplicates failed
        results {
          __typename
          index
          ... on RecordedInteraction { duplicate interaction { id externalId customer { id } } }
          ... on FailedInteraction {
            error { __typename code message ... on ValidationError { fieldErrors { path message } } ... on NotFoundError { id } }
          }
        }
      }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`;

// What an ingesting system asks for: the counts and each input's fate.
const LEAN_BATCH = /* GraphQL */ `
  mutation RecordBatch($inputs: [RecordInteractionInput!]!) {
    recordInteractions(inputs: $inputs) {
      __typename
      ... on RecordInteractionsPayload {
        stored duplicates failed
        results { __typename index ... on RecordedInteraction { duplicate interaction { id } } ... on FailedInteraction { error { code message } } }
      }
    }
  }
`;

beforeAll(async () => {
  server = await startTestServer();
  owner = server.owner;
  const { rows } = await owner.query<{ id: string; kind: string; source: string | null; externalId: string | null }>(
    `SELECT c.id::text, c.kind::text, r.source, r."externalId"
     FROM "Customer" c LEFT JOIN LATERAL (SELECT source, "externalId" FROM "ExternalRef" WHERE "customerId" = c.id ORDER BY source LIMIT 1) r ON true
     WHERE c."tenantId" = 'demo' ORDER BY c.id LIMIT 200`,
  );
  customers = rows.map((row) => ({
    rowId: row.id,
    globalId: customerGlobalIdOf(row.kind, row.id),
    ref: row.source ? { source: row.source, externalId: row.externalId! } : null,
  }));
});
afterAll(() => server?.stop());

/** The customer's row id under the other customer type: it names no live customer. */
function wrongKindIdOf(customer: { rowId: string; globalId: string }): string {
  const asPerson = globalIdOf('Person', customer.rowId);
  return asPerson === customer.globalId ? globalIdOf('Organization', customer.rowId) : asPerson;
}

const counts = () => interactionCounts(owner);

/** A valid input per position, spread over purchases, calls (by external reference) and surveys. */
function inputAt(index: number, prefix: string): Record<string, unknown> {
  const customer = customers[index % customers.length]!;
  const occurredAt = new Date(Date.UTC(2026, 9, 1) + index * 60_000).toISOString();
  const common = { direction: 'INBOUND', occurredAt, externalId: `${prefix}-${index}` };
  switch (index % 3) {
    case 0:
      return {
        ...common,
        customerId: customer.globalId,
        channel: 'WEB',
        kind: 'PURCHASE',
        amount: '59.85',
        currency: 'EUR',
        productLines: [{ sku: 'TEX-TSH-001', name: 'Organic cotton T-shirt', quantity: 3, unitPrice: '19.95' }],
        source: 'ecommerce',
      };
    case 1:
      return {
        ...common,
        ...(customer.ref ? { customerRef: customer.ref } : { customerId: customer.globalId }),
        channel: 'CALL_CENTER_INBOUND',
        kind: 'INQUIRY',
        summary: 'Asked when an online order will arrive',
        agentId: 'agent-carmen',
        metadata: { queue: 'orders', durationSeconds: 120 + index },
        source: 'callcenter',
      };
    default:
      return { ...common, customerId: customer.globalId, channel: 'SATISFACTION_SURVEY', kind: 'SURVEY_RESPONSE', surveyScore: index % 11, source: 'survey' };
  }
}

/** 1,000 inputs of which exactly three are bad: a negative amount, an unknown customer, a survey score of 11. */
function batchWithThreeBad(prefix: string): Record<string, unknown>[] {
  const inputs = Array.from({ length: 1_000 }, (_, index) => inputAt(index, prefix));
  inputs[18] = { ...inputs[18], amount: '-59.85', productLines: null };
  inputs[503] = { ...inputs[503], customerRef: undefined, customerId: globalIdOf('Person', randomUUID()) };
  inputs[998] = { ...inputs[998], surveyScore: 11 };
  return inputs;
}

async function recordBatch(inputs: Record<string, unknown>[], as: TokenRequest = CALL_CENTER, document = BATCH) {
  const before = server.logs.length;
  const started = performance.now();
  const response = await server.graphql(document, { inputs }, { as });
  const milliseconds = performance.now() - started;
  expect(response.errors).toBeUndefined();
  const line = server.logs.slice(before).find((entry) => entry.msg === 'graphql request' && entry.operation === 'RecordBatch');
  return { result: response.data!.recordInteractions, milliseconds, statements: line?.statements as number };
}

describe('recordInteractions', () => {
  let firstRun: Awaited<ReturnType<typeof recordBatch>>;
  const prefix = `BATCH-${process.pid}`;

  it('stores 997 of 1,000 inputs, reports the 3 bad ones with their index and reason, and emits 997 events', async () => {
    const before = await counts();
    firstRun = await recordBatch(batchWithThreeBad(prefix));
    const { result } = firstRun;
    console.info(`recordInteractions: 1,000 inputs in ${Math.round(firstRun.milliseconds)} ms, ${firstRun.statements} SQL statements`);

    expect(result).toMatchObject({ __typename: 'RecordInteractionsPayload', stored: 997, duplicates: 0, failed: 3 });
    expect(result.results).toHaveLength(1_000);
    result.results.forEach((item: { index: number }, position: number) => expect(item.index).toBe(position));

    const failed = result.results.filter((item: { __typename: string }) => item.__typename === 'FailedInteraction');
    expect(failed.map((item: { index: number }) => item.index)).toEqual([18, 503, 998]);
    expect(failed[0].error).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION', fieldErrors: [{ path: ['inputs', '18', 'amount'], message: 'must not be negative' }] });
    expect(failed[1].error).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    expect(failed[2].error).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['inputs', '998', 'surveyScore'], message: 'must be between 0 and 10' }] });

    // Each stored input landed on its own customer, whichever way it named it.
    const recorded = result.results.filter((item: { __typename: string }) => item.__typename === 'RecordedInteraction');
    for (const item of recorded) {
      expect(item.duplicate).toBe(false);
      expect(item.interaction.externalId).toBe(`${prefix}-${item.index}`);
      expect(item.interaction.customer.id).toBe(customers[item.index % customers.length]!.globalId);
    }

    expect(await counts()).toEqual({ interactions: before.interactions + 997, events: before.events + 997 });
    const { rows } = await owner.query<{ events: number; matching: number }>(
      `SELECT count(*)::int AS events,
              count(*) FILTER (WHERE e."customerId" = i."customerId" AND e."occurredAt" = i."occurredAt" AND e.channel = i.channel::text AND e.kind = i.kind::text)::int AS matching
       FROM "Interaction" i JOIN "OutboxEvent" e ON e."subjectId" = encode(convert_to('Interaction:' || i.id::text, 'UTF8'), 'base64')
       WHERE i."externalId" LIKE $1`,
      [`${prefix}-%`],
    );
    expect(rows[0]).toEqual({ events: 997, matching: 997 });
  });

  it('stores nothing new when the same batch is sent again: 997 duplicates answered with the stored interactions, the 3 still refused', async () => {
    const before = await counts();
    const replay = await recordBatch(batchWithThreeBad(prefix));
    expect(replay.result).toMatchObject({ stored: 0, duplicates: 997, failed: 3 });
    replay.result.results.forEach((item: { __typename: string; duplicate?: boolean; interaction?: { id: string } }, index: number) => {
      const original = firstRun.result.results[index];
      expect(item.__typename).toBe(original.__typename);
      if (item.interaction) {
        expect(item.duplicate).toBe(true);
        expect(item.interaction.id).toBe(original.interaction.id);
      }
    });
    expect(await counts()).toEqual(before);
  });

  it('costs the same number of SQL statements for 10 inputs as for 1,000', async () => {
    const ten = await recordBatch(Array.from({ length: 10 }, (_, index) => inputAt(index, `${prefix}-TEN`)), CALL_CENTER, LEAN_BATCH);
    expect(ten.result.stored).toBe(10);
    const thousand = await recordBatch(Array.from({ length: 1_000 }, (_, index) => inputAt(index, `${prefix}-THOUSAND`)), CALL_CENTER, LEAN_BATCH);
    expect(thousand.result.stored).toBe(1_000);
    console.info(`recordInteractions: ${ten.statements} statements for 10 inputs, ${thousand.statements} for 1,000 (${Math.round(thousand.milliseconds)} ms)`);
    expect(thousand.statements).toBe(ten.statements);
    expect(thousand.statements).toBeLessThanOrEqual(12);
  });

  it('refuses 1,001 inputs as a whole with a VALIDATION error before anything runs, storing nothing', async () => {
    const before = await counts();
    const response = await server.graphql(BATCH, { inputs: Array.from({ length: 1_001 }, (_, index) => inputAt(index, `${prefix}-TOO-MANY`)) }, { as: CALL_CENTER });
    expect(response.data ?? null).toBeNull();
    expect(response.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'VALIDATION', fieldErrors: [{ path: ['recordInteractions', 'inputs'], message: expect.stringMatching(/at most 1,000/) }] }) }),
    ]);
    expect(await counts()).toEqual(before);
  });

  it('reports an occurredAt on a day that does not exist for its own input, at its index and path, and stores the other 999', async () => {
    const before = await counts();
    const inputs = Array.from({ length: 1_000 }, (_, index) => inputAt(index, `${prefix}-IMPOSSIBLE-DAY`));
    inputs[417] = { ...inputs[417], occurredAt: '2026-02-30T10:00:00Z' };
    const { result } = await recordBatch(inputs);
    expect(result).toMatchObject({ __typename: 'RecordInteractionsPayload', stored: 999, duplicates: 0, failed: 1 });
    expect(result.results[417]).toEqual({
      __typename: 'FailedInteraction',
      index: 417,
      error: expect.objectContaining({ __typename: 'ValidationError', fieldErrors: [{ path: ['inputs', '417', 'occurredAt'], message: expect.stringMatching(/day that exists/) }] }),
    });
    expect(await counts()).toEqual({ interactions: before.interactions + 999, events: before.events + 999 });
  });

  it('reports a repeat of an earlier input of the same batch as a duplicate of it, storing one', async () => {
    const before = await counts();
    const input = inputAt(0, `${prefix}-TWICE`);
    const { result } = await recordBatch([input, inputAt(1, `${prefix}-ONCE`), { ...input, summary: 'sent twice' }]);
    expect(result).toMatchObject({ stored: 2, duplicates: 1, failed: 0 });
    const [first, , repeat] = result.results;
    expect(first.duplicate).toBe(false);
    expect(repeat).toMatchObject({ __typename: 'RecordedInteraction', index: 2, duplicate: true, interaction: { id: first.interaction.id } });
    expect(await counts()).toEqual({ interactions: before.interactions + 2, events: before.events + 2 });
  });

  it('stores a later valid input when an earlier one with the same source and externalId was refused', async () => {
    const input = inputAt(0, `${prefix}-FIXED`);
    const { result } = await recordBatch([{ ...input, currency: 'euros' }, input]);
    expect(result).toMatchObject({ stored: 1, duplicates: 0, failed: 1 });
    expect(result.results[0].error.fieldErrors).toEqual([{ path: ['inputs', '0', 'currency'], message: expect.stringMatching(/ISO 4217/) }]);
    expect(result.results[1]).toMatchObject({ __typename: 'RecordedInteraction', index: 1, duplicate: false });
  });

  it('stores a later input whose customer is live when an earlier one with the same source and externalId names no live customer', async () => {
    const before = await counts();
    const input = inputAt(0, `${prefix}-WHO`);
    const { result } = await recordBatch([
      { ...input, customerId: globalIdOf('Person', randomUUID()) },
      { ...input, customerId: wrongKindIdOf(customers[0]!) },
      input,
    ]);
    expect(result).toMatchObject({ stored: 1, duplicates: 0, failed: 2 });
    expect(result.results.map((item: { __typename: string }) => item.__typename)).toEqual(['FailedInteraction', 'FailedInteraction', 'RecordedInteraction']);
    expect(result.results[0].error.__typename).toBe('NotFoundError');
    expect(result.results[1].error.__typename).toBe('NotFoundError');
    expect(result.results[2]).toMatchObject({ index: 2, duplicate: false, interaction: { customer: { id: customers[0]!.globalId } } });
    expect(await counts()).toEqual({ interactions: before.interactions + 1, events: before.events + 1 });
  });

  it('reads the customers named by id in one statement: a batch of them costs BEGIN, that read, one INSERT and COMMIT; a replay one read more', async () => {
    const byId = Array.from({ length: 20 }, (_, index) => ({ ...inputAt(index * 3, `${prefix}-ONE-STATEMENT`), customerId: customers[index]!.globalId, customerRef: undefined }));
    const { result, statements } = await recordBatch(byId, CALL_CENTER, LEAN_BATCH);
    expect(result).toMatchObject({ stored: 20, duplicates: 0, failed: 0 });
    expect(statements).toBe(4);
    const replay = await recordBatch(byId, CALL_CENTER, LEAN_BATCH);
    expect(replay.result).toMatchObject({ stored: 0, duplicates: 20, failed: 0 });
    expect(replay.statements).toBe(5);
  });

  it('answers an empty batch with no results', async () => {
    const { result } = await recordBatch([]);
    expect(result).toEqual({ __typename: 'RecordInteractionsPayload', stored: 0, duplicates: 0, failed: 0, results: [] });
  });

  it('answers ForbiddenError to a role that may only read, and NotFoundError per item for another tenant\'s customers', async () => {
    const before = await counts();
    const forbidden = await recordBatch([inputAt(0, `${prefix}-VIEWER`)], { tenant: 'demo', roles: ['viewer'] });
    expect(forbidden.result).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });

    const acme = await recordBatch([inputAt(0, `${prefix}-ACME`), inputAt(3, `${prefix}-ACME`)], { tenant: 'acme', roles: ['sales'] });
    expect(acme.result).toMatchObject({ stored: 0, failed: 2 });
    expect(acme.result.results.map((item: { error: { __typename: string } }) => item.error.__typename)).toEqual(['NotFoundError', 'NotFoundError']);
    expect(await counts()).toEqual(before);
  });
});
