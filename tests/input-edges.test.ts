import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/server.ts';

// Edges of input handling: an empty id is a mistake, not "none"; a country must exist; text
// PostgreSQL cannot store is refused. Each is a typed error that changes nothing.
let server: TestServer;
let customerId: string;
beforeAll(async () => {
  server = await startTestServer();
  const result = await server.graphql('{ customers(first: 1) { edges { node { id } } } }');
  customerId = result.data!.customers.edges[0].node.id;
});
afterAll(() => server?.stop());

const TABLES = ['CustomerDiscount', 'Lead', 'SalesActivity', 'OutboxEvent'];
const rowCounts = async () =>
  Object.fromEntries((await server.owner.query<{ table: string; count: number }>(TABLES.map((table) => `SELECT '${table}' AS table, count(*)::int AS count FROM "${table}"`).join(' UNION ALL '))).rows.map((row) => [row.table, row.count]));
const discounts = async () => (await server.owner.query('SELECT "productId", percent::text FROM "CustomerDiscount" ORDER BY id')).rows;

const SET_DISCOUNT = `mutation Set($input: SetCustomerDiscountInput!) { setCustomerDiscount(input: $input) { __typename ... on ValidationError { code fieldErrors { path message } } } }`;
const CAPTURE_LEAD = `mutation Capture($input: CaptureLeadInput!) { captureLead(input: $input) { __typename ... on ValidationError { code fieldErrors { path message } } } }`;
const SCHEDULE = `mutation Schedule($input: ScheduleActivityInput!) { scheduleActivity(input: $input) { __typename ... on ValidationError { code fieldErrors { path message } } } }`;

const lead = (overrides: Record<string, unknown>) => ({ source: 'WEB_FORM', interest: 'Gift boxes', lastName: 'Ruiz', email: 'ruiz@example.com', ...overrides });
const activity = (overrides: Record<string, unknown>) => ({ kind: 'CALL', subject: 'Follow up', dueAt: '2027-01-10T10:00:00Z', customerId, ...overrides });

describe('an empty string given as an id is a ValidationError at its field, never "none"', () => {
  it.each([
    ['setCustomerDiscount productId', SET_DISCOUNT, () => ({ customerId, productId: '', percent: '12.50' }), 'setCustomerDiscount', ['input', 'productId']],
    ['setCustomerDiscount customerId', SET_DISCOUNT, () => ({ customerId: '', percent: '12.50' }), 'setCustomerDiscount', ['input', 'customerId']],
    ['captureLead customerId', CAPTURE_LEAD, () => lead({ customerId: '' }), 'captureLead', ['input', 'customerId']],
    ['captureLead referrerId', CAPTURE_LEAD, () => lead({ source: 'REFERRAL', referrerId: '' }), 'captureLead', ['input', 'referrerId']],
    ['scheduleActivity opportunityId', SCHEDULE, () => activity({ opportunityId: '' }), 'scheduleActivity', ['input', 'opportunityId']],
    ['scheduleActivity customerId', SCHEDULE, () => activity({ customerId: '' }), 'scheduleActivity', ['input', 'customerId']],
  ])('%s', async (_, document, input, field, path) => {
    const before = { counts: await rowCounts(), discounts: await discounts() };
    const result = await server.graphql(document, { input: input() });
    expect(result.errors).toBeUndefined();
    expect(result.data![field]).toEqual({ __typename: 'ValidationError', code: 'VALIDATION', fieldErrors: [{ path, message: expect.stringMatching(/must not be empty/) }] });
    expect({ counts: await rowCounts(), discounts: await discounts() }).toEqual(before);
  });
});

describe('text PostgreSQL cannot store is a ValidationError at its field', () => {
  it.each([
    ['a lone UTF-16 surrogate in scheduleActivity.assigneeId', SCHEDULE, () => activity({ assigneeId: 'rep-\ud800' }), 'scheduleActivity', ['input', 'assigneeId']],
    ['a NUL character in scheduleActivity.notes', SCHEDULE, () => activity({ notes: 'a\u0000b' }), 'scheduleActivity', ['input', 'notes']],
    ['a lone UTF-16 surrogate in captureLead.interest', CAPTURE_LEAD, () => lead({ interest: '\udc00' }), 'captureLead', ['input', 'interest']],
  ])('%s', async (_, document, input, field, path) => {
    const before = await rowCounts();
    const result = await server.graphql(document, { input: input() });
    expect(result.errors).toBeUndefined();
    expect(result.data![field]).toEqual({ __typename: 'ValidationError', code: 'VALIDATION', fieldErrors: [{ path, message: 'must not contain NUL characters or lone UTF-16 surrogates' }] });
    expect(await rowCounts()).toEqual(before);
  });
});

describe('a country that does not exist is refused', () => {
  it('captureLead with country "XX" is a VALIDATION error naming the field, storing nothing', async () => {
    const before = await rowCounts();
    const result = await server.graphql(CAPTURE_LEAD, { input: lead({ country: 'XX' }) });
    expect(result.data ?? null).toBeNull();
    expect(result.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/^Variable "\$input" got invalid value "XX" at "input\.country"/), extensions: { code: 'VALIDATION' } })]);
    expect(await rowCounts()).toEqual(before);
  });

  it('and so is a routing rule for country "XX"', async () => {
    const result = await server.graphql('mutation Rule($countries: [CountryCode!]) { createRoutingRule(input: { name: "Nowhere", conditions: { countries: $countries } }) { __typename } }', { countries: ['XX'] });
    expect(result.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/^Variable "\$countries" got invalid value "XX" at "countries\[0\]"/), extensions: { code: 'VALIDATION' } })]);
  });
});
