import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { manualClock } from '../../../src/plugin-api.ts';
import { startTestServer, type TestServer, type TokenRequest } from '../../../tests/support/server.ts';
import { customerGlobalIdOf, globalIdOf, interactionCounts } from './support.ts';

// recordInteraction: one contact stored with its event, idempotent on (source, externalId), every
// input rule refused with a path and nothing written, customers only of the caller's tenant.

let server: TestServer;

// The server's clock stands where the demo history ends, so the demo's recent activity is recent.
const clock = manualClock(new Date(inject('demoSeededAt')));
let owner: pg.Client;

const POS: TokenRequest = { tenant: 'demo', roles: ['sales'], subject: 'pos-gateway' };
const ACME: TokenRequest = { tenant: 'acme', roles: ['service'], subject: 'acme-agent' };

const RECORD = /* GraphQL */ `
  mutation Record($input: RecordInteractionInput!) {
    recordInteraction(input: $input) {
      __typename
      ... on RecordInteractionPayload {
        duplicate
        interaction {
          id channel direction kind occurredAt summary agentId metadata amount currency surveyScore source externalId recordedAt
          productLines { sku name quantity unitPrice }
          customer { id displayName }
        }
      }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
      ... on NotFoundError { id }
    }
  }
`;

interface Customer {
  rowId: string;
  globalId: string;
}

beforeAll(async () => {
  server = await startTestServer({ clock });
  owner = server.owner;
});
afterAll(() => server?.stop());

async function customerOf(tenant: string, offset = 0): Promise<Customer> {
  const { rows } = await owner.query<{ id: string; kind: string }>(
    `SELECT id::text, kind::text FROM "Customer" WHERE "tenantId" = $1 AND "archivedAt" IS NULL ORDER BY id LIMIT 1 OFFSET $2`,
    [tenant, offset],
  );
  const row = rows[0]!;
  return { rowId: row.id, globalId: customerGlobalIdOf(row.kind, row.id) };
}

const counts = () => interactionCounts(owner);

// Three days ago, to the millisecond the database keeps.
const OCCURRED_AT = new Date(Math.floor(clock.now().getTime() / 1000 - 3 * 86_400) * 1000).toISOString();
let sequence = 0;
function purchase(customerId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    customerId,
    channel: 'POINT_OF_SALE',
    direction: 'INBOUND',
    kind: 'PURCHASE',
    occurredAt: OCCURRED_AT,
    summary: 'Bought 2 items at Madrid Gran Vía',
    agentId: 'staff-laura',
    metadata: { store: 'Madrid Gran Vía', till: 'T2' },
    amount: '49.90',
    currency: 'EUR',
    productLines: [
      { sku: 'TEX-TSH-001', name: 'Organic cotton T-shirt', quantity: 1, unitPrice: '19.95' },
      { sku: 'SHO-SND-115', name: 'Espadrilles', quantity: 1, unitPrice: '29.95' },
    ],
    source: 'pos',
    externalId: `TEST-${process.pid}-${++sequence}`,
    ...overrides,
  };
}

async function record(input: Record<string, unknown>, as: TokenRequest = POS) {
  const response = await server.graphql(RECORD, { input }, { as });
  expect(response.errors).toBeUndefined();
  return response.data!.recordInteraction;
}

describe('recordInteraction', () => {
  it('stores the interaction and emits one interaction.recorded event dated when it happened, on the customer timeline', async () => {
    const customer = await customerOf('demo', 3);
    const before = await counts();
    const input = purchase(customer.globalId);
    const result = await record(input);

    expect(result.__typename).toBe('RecordInteractionPayload');
    expect(result.duplicate).toBe(false);
    expect(result.interaction).toMatchObject({
      channel: 'POINT_OF_SALE',
      direction: 'INBOUND',
      kind: 'PURCHASE',
      occurredAt: OCCURRED_AT,
      summary: 'Bought 2 items at Madrid Gran Vía',
      agentId: 'staff-laura',
      metadata: { store: 'Madrid Gran Vía', till: 'T2' },
      amount: '49.90',
      currency: 'EUR',
      surveyScore: null,
      source: 'pos',
      externalId: input.externalId,
      productLines: [
        { sku: 'TEX-TSH-001', name: 'Organic cotton T-shirt', quantity: 1, unitPrice: '19.95' },
        { sku: 'SHO-SND-115', name: 'Espadrilles', quantity: 1, unitPrice: '29.95' },
      ],
      customer: { id: customer.globalId },
    });
    expect(result.interaction.recordedAt).toBe(clock.now().toISOString());
    expect(await counts()).toEqual({ interactions: before.interactions + 1, events: before.events + 1 });

    const rowId = Buffer.from(result.interaction.id, 'base64').toString().replace(/^Interaction:/, '');
    const { rows } = await owner.query(
      `SELECT "tenantId", topic, "subjectId", "customerId"::text, "customerNodeId", channel, kind, "actorId", payload, "occurredAt"
       FROM "OutboxEvent" WHERE "subjectId" = $1`,
      [result.interaction.id],
    );
    expect(rows).toEqual([
      {
        tenantId: 'demo',
        topic: 'interaction.recorded',
        subjectId: globalIdOf('Interaction', rowId),
        customerId: customer.rowId,
        customerNodeId: customer.globalId,
        channel: 'POINT_OF_SALE',
        kind: 'PURCHASE',
        actorId: 'pos-gateway',
        payload: {
          channel: 'POINT_OF_SALE',
          kind: 'PURCHASE',
          direction: 'INBOUND',
          summary: 'Bought 2 items at Madrid Gran Vía',
          amount: '49.90',
          currency: 'EUR',
          surveyScore: null,
          source: 'pos',
          externalId: input.externalId,
        },
        occurredAt: new Date(OCCURRED_AT),
      },
    ]);
  });

  it('answers a second delivery of the same source and externalId with the stored interaction, writing nothing', async () => {
    const customer = await customerOf('demo', 4);
    const input = purchase(customer.globalId);
    const first = await record(input);
    const before = await counts();

    // A resend with different details is still the same interaction: the stored one wins.
    const again = await record({ ...input, summary: 'Sent twice by the till' });
    expect(again.__typename).toBe('RecordInteractionPayload');
    expect(again.duplicate).toBe(true);
    expect(again.interaction.id).toBe(first.interaction.id);
    expect(again.interaction.summary).toBe('Bought 2 items at Madrid Gran Vía');
    expect(await counts()).toEqual(before);
  });

  it('finds the customer by its id in another system (customerRef)', async () => {
    const { rows } = await owner.query<{ source: string; externalId: string; customerId: string; kind: string }>(
      `SELECT r.source, r."externalId", r."customerId"::text, c.kind::text FROM "ExternalRef" r JOIN "Customer" c ON c.id = r."customerId"
       WHERE r."tenantId" = 'demo' AND r.source = 'loyalty' ORDER BY r."externalId" LIMIT 1`,
    );
    const ref = rows[0]!;
    const result = await record({
      ...purchase('ignored'),
      customerId: undefined,
      customerRef: { source: ref.source, externalId: ref.externalId },
      channel: 'LOYALTY_PROGRAM',
      kind: 'SERVICE',
      amount: undefined,
      currency: undefined,
      productLines: undefined,
      summary: 'Loyalty points redeemed',
    });
    expect(result.__typename).toBe('RecordInteractionPayload');
    expect(result.interaction.customer.id).toBe(customerGlobalIdOf(ref.kind, ref.customerId));

    const unknown = await record({ ...purchase('ignored'), customerId: undefined, customerRef: { source: 'loyalty', externalId: 'no-such-card' } });
    expect(unknown).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND', id: 'loyalty:no-such-card' });
  });

  it("resolves an external reference that both tenants use to the caller's own customer", async () => {
    const { rows } = await owner.query<{ source: string; externalId: string; acmeCustomer: string; kind: string }>(
      `SELECT a.source, a."externalId", a."customerId"::text AS "acmeCustomer", c.kind::text
       FROM "ExternalRef" a JOIN "ExternalRef" d ON d."tenantId" = 'demo' AND d.source = a.source AND d."externalId" = a."externalId"
       JOIN "Customer" c ON c.id = a."customerId"
       WHERE a."tenantId" = 'acme' ORDER BY a.source, a."externalId" LIMIT 1`,
    );
    const shared = rows[0]!;
    const result = await record({ ...purchase('x'), customerId: undefined, customerRef: { source: shared.source, externalId: shared.externalId } }, ACME);
    expect(result.interaction.customer.id).toBe(customerGlobalIdOf(shared.kind, shared.acmeCustomer));
  });

  it('stores a survey response with its score, and a purchase recorded without an amount', async () => {
    const customer = await customerOf('demo', 5);
    const survey = await record({
      customerId: customer.globalId,
      channel: 'SATISFACTION_SURVEY',
      direction: 'INBOUND',
      kind: 'SURVEY_RESPONSE',
      occurredAt: clock.now().toISOString(),
      surveyScore: 0,
      source: 'survey',
      externalId: `SRV-${process.pid}-1`,
    });
    expect(survey.__typename).toBe('RecordInteractionPayload');
    expect(survey.interaction).toMatchObject({ surveyScore: 0, amount: null, currency: null, productLines: null, summary: null, metadata: {} });

    const bare = await record(purchase(customer.globalId, { amount: null, currency: null, productLines: null }));
    expect(bare.__typename).toBe('RecordInteractionPayload');
    expect(bare.interaction).toMatchObject({ amount: null, currency: null, productLines: null });
  });

  const customerless = { customerId: undefined };
  const INVALID: [rule: string, overrides: Record<string, unknown>, path: string[], message: RegExp][] = [
    ['both customerId and customerRef', { customerRef: { source: 'pos', externalId: 'x' } }, ['input', 'customerRef'], /not both/],
    ['neither customerId nor customerRef', customerless, ['input', 'customerId'], /required/],
    ['a customerId that is not a customer id', { customerId: globalIdOf('ContactPoint', '01931111-1111-7111-8111-111111111111') }, ['input', 'customerId'], /not a customer id/],
    ['occurredAt more than 5 minutes ahead', { occurredAt: new Date(clock.now().getTime() + 10 * 60_000).toISOString() }, ['input', 'occurredAt'], /5 minutes/],
    ['a summary over 2,000 characters', { summary: 'x'.repeat(2_001) }, ['input', 'summary'], /2,000/],
    ['metadata over 16 KB', { metadata: { notes: 'x'.repeat(16_400) } }, ['input', 'metadata'], /16 KB/],
    ['an amount without a currency', { currency: null }, ['input', 'currency'], /required/],
    ['a currency without an amount', { amount: null, productLines: null }, ['input', 'amount'], /required/],
    ['an amount on something other than a purchase', { kind: 'INQUIRY', productLines: null }, ['input', 'amount'], /PURCHASE/],
    ['a negative amount', { amount: '-49.90', productLines: null }, ['input', 'amount'], /negative/],
    ['an amount with three decimals', { amount: '49.901', productLines: null }, ['input', 'amount'], /2 decimals/],
    ['an amount that is not a number', { amount: '49,90', productLines: null }, ['input', 'amount'], /decimal/],
    ['an amount too large for the column', { amount: '1000000000000.00', productLines: null }, ['input', 'amount'], /less than/],
    ['a lower-case currency', { currency: 'eur' }, ['input', 'currency'], /ISO 4217/],
    ['a currency that does not exist', { currency: 'EUX' }, ['input', 'currency'], /ISO 4217/],
    ['an occurredAt on a day that does not exist', { occurredAt: '2026-02-30T10:00:00Z' }, ['input', 'occurredAt'], /day that exists/],
    ['a product line with quantity 0', { productLines: [{ sku: 'A', name: 'A', quantity: 0, unitPrice: '49.90' }] }, ['input', 'productLines', '0', 'quantity'], /greater than 0/],
    ['a product line with a negative price', { productLines: [{ sku: 'A', name: 'A', quantity: 1, unitPrice: '-1' }] }, ['input', 'productLines', '0', 'unitPrice'], /negative/],
    ['product lines that do not add up to the amount', { amount: '49.92' }, ['input', 'productLines'], /49\.90.*49\.92/],
    ['a survey score of 11', { kind: 'SURVEY_RESPONSE', amount: null, currency: null, productLines: null, surveyScore: 11 }, ['input', 'surveyScore'], /between 0 and 10/],
    ['a survey score of -1', { kind: 'SURVEY_RESPONSE', amount: null, currency: null, productLines: null, surveyScore: -1 }, ['input', 'surveyScore'], /between 0 and 10/],
    ['a survey score on a purchase', { surveyScore: 7 }, ['input', 'surveyScore'], /SURVEY_RESPONSE/],
    ['an empty source', { source: '  ' }, ['input', 'source'], /empty/],
    ['a source with capitals and spaces', { source: 'POS System' }, ['input', 'source'], /lower-case/],
    ['an empty externalId', { externalId: '' }, ['input', 'externalId'], /empty/],
    ['an externalId over 200 characters', { externalId: 'x'.repeat(201) }, ['input', 'externalId'], /200/],
    ['an agentId over 100 characters', { agentId: 'a'.repeat(101) }, ['input', 'agentId'], /100/],
  ];

  it.each(INVALID)('refuses %s with a ValidationError at its path, storing nothing', async (_rule, overrides, path, message) => {
    const customer = await customerOf('demo', 6);
    const before = await counts();
    const result = await record(purchase(customer.globalId, overrides));
    expect(result.__typename).toBe('ValidationError');
    expect(result.code).toBe('VALIDATION');
    expect(result.fieldErrors).toContainEqual({ path, message: expect.stringMatching(message) });
    expect(await counts()).toEqual(before);
  });

  // What the input's types and declared bounds refuse is refused before anything runs, for the whole request.
  it.each([
    ['metadata with a NUL character, which PostgreSQL cannot store', { metadata: { note: 'a\u0000b' } }, /at "input\.metadata"; JSONObject must not contain NUL/],
    [
      'more than 200 product lines',
      { amount: '201.00', productLines: Array.from({ length: 201 }, (_, index) => ({ sku: `S${index}`, name: 'Item', quantity: 1, unitPrice: '1.00' })) },
      /"input\.productLines" of "recordInteraction" must have at most 200 items/,
    ],
  ])('refuses %s with a VALIDATION error before anything runs, storing nothing', async (_rule, overrides, message) => {
    const customer = await customerOf('demo', 6);
    const before = await counts();
    const response = await server.graphql(RECORD, { input: purchase(customer.globalId, overrides) }, { as: POS });
    expect(response.data ?? null).toBeNull();
    expect(response.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(message), extensions: expect.objectContaining({ code: 'VALIDATION' }) })]);
    expect(await counts()).toEqual(before);
  });

  it('reports every bad field of an input at once', async () => {
    const customer = await customerOf('demo', 6);
    const result = await record(purchase(customer.globalId, { amount: '-1', currency: 'euro', surveyScore: 3, source: 'Till 4' }));
    expect(result.fieldErrors.map((error: { path: string[] }) => error.path.join('.')).sort()).toEqual(['input.amount', 'input.currency', 'input.source', 'input.surveyScore']);
  });

  it('answers NotFoundError for an unknown customer, an archived one, or one of another tenant, storing nothing', async () => {
    const before = await counts();
    const unknown = globalIdOf('Person', '01931111-1111-7111-8111-111111111111');
    expect(await record(purchase(unknown))).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND', id: unknown });

    const demoCustomer = await customerOf('demo', 7);
    // acme cannot reach demo's customer, not by id and not by its external reference.
    expect(await record(purchase(demoCustomer.globalId), ACME)).toMatchObject({ __typename: 'NotFoundError', id: demoCustomer.globalId });
    const { rows } = await owner.query(
      `SELECT source, "externalId" FROM "ExternalRef" d WHERE "tenantId" = 'demo'
         AND NOT EXISTS (SELECT 1 FROM "ExternalRef" a WHERE a."tenantId" = 'acme' AND a.source = d.source AND a."externalId" = d."externalId")
       ORDER BY source, "externalId" LIMIT 1`,
    );
    const demoRef = rows[0] as { source: string; externalId: string };
    expect(await record({ ...purchase('x'), customerId: undefined, customerRef: demoRef }, ACME)).toMatchObject({ __typename: 'NotFoundError' });

    // A Person id of an organization names nobody.
    const { rows: organizations } = await owner.query(`SELECT id::text FROM "Customer" WHERE "tenantId" = 'demo' AND kind = 'ORGANIZATION' LIMIT 1`);
    expect(await record(purchase(globalIdOf('Person', organizations[0].id)))).toMatchObject({ __typename: 'NotFoundError' });

    const acmeCustomer = await customerOf('acme', 1);
    const archived = await server.graphql(`mutation { archiveCustomer(id: "${acmeCustomer.globalId}") { __typename } }`, {}, { as: { tenant: 'acme', roles: ['admin'] } });
    expect(archived.data!.archiveCustomer.__typename).toBe('CustomerPayload');
    expect(await record(purchase(acmeCustomer.globalId), ACME)).toMatchObject({ __typename: 'NotFoundError', id: acmeCustomer.globalId });

    const after = await counts();
    expect(after.interactions).toBe(before.interactions);
    expect(after.events).toBe(before.events);
  });

  it('answers ForbiddenError to a role that may only read, storing nothing', async () => {
    const customer = await customerOf('demo', 8);
    const before = await counts();
    const result = await record(purchase(customer.globalId), { tenant: 'demo', roles: ['viewer'] });
    expect(result).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
    expect(await counts()).toEqual(before);
  });

  it("keeps a tenant's interactions to itself: another tenant reads null by node id", async () => {
    const customer = await customerOf('demo', 9);
    const recorded = await record(purchase(customer.globalId));
    const NODE = `query ($id: ID!) { node(id: $id) { __typename ... on Interaction { externalId customer { id } } } }`;

    const own = await server.graphql(NODE, { id: recorded.interaction.id }, { as: { tenant: 'demo', roles: ['viewer'] } });
    expect(own.data!.node).toMatchObject({ __typename: 'Interaction', externalId: recorded.interaction.externalId, customer: { id: customer.globalId } });

    const other = await server.graphql(NODE, { id: recorded.interaction.id }, { as: { tenant: 'acme', roles: ['admin'] } });
    expect(other.errors).toBeUndefined();
    expect(other.data!.node).toBeNull();
  });
});
