import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { manualClock } from '../../../src/plugin-api.ts';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import { CREATE_SEGMENT, customerGlobalIdOf, tenantRows } from './support.ts';
import { fact, type Rule } from './support-rules.ts';

// Why a customer is in a segment or not, in the API's words: the conditions that decided, each with
// the value an independent SQL reads for that customer.

const seededAt = new Date(inject('demoSeededAt'));
const today = seededAt.toISOString().slice(0, 10);

const NODE = /* GraphQL */ `path holds value text`;
const EXPLAIN = /* GraphQL */ `
  query Explain($segment: ID!, $customer: ID!) {
    node(id: $segment) {
      ... on Segment {
        explain(customerId: $customer) { member memberSince ruleHolds summary conditions { ${NODE} } decisive { ${NODE} } }
      }
    }
  }
`;
const CUSTOMER_SEGMENTS = /* GraphQL */ `
  query CustomerSegments($customer: ID!) {
    node(id: $customer) {
      ... on Customer {
        segments { source enteredAt segment { id name } explanation { member ruleHolds summary decisive { ${NODE} } } }
      }
    }
  }
`;

interface ExplainedNode {
  path: string;
  holds: boolean;
  value: string | null;
  text: string;
}
interface Explanation {
  member: boolean;
  memberSince: string | null;
  ruleHolds: boolean | null;
  summary: string;
  conditions: ExplainedNode[];
  decisive: ExplainedNode[];
}

/** Purchases of the last 90 days, counted independently. */
const RECENT_PURCHASES = `(SELECT count(*)::int FROM "Interaction" i WHERE i."tenantId" = 'demo' AND i."customerId" = c.id AND i.kind = 'PURCHASE' AND i."occurredAt" >= $1::timestamp(3) - interval '90 days')`;
const RECENT_COMPLAINTS = `(SELECT count(*)::int FROM "Interaction" i WHERE i."tenantId" = 'demo' AND i."customerId" = c.id AND i.kind = 'COMPLAINT' AND i."occurredAt" >= $1::timestamp(3) - interval '365 days')`;

describe('explanations of membership', () => {
  let server: TestServer;
  let frequentSpanish: string;

  /** One live customer of the demo matching `where` (over `c`, `$1` now), with the values `select` reads. */
  async function customerWhere<Row extends object>(where: string, select = ''): Promise<{ id: string; globalId: string } & Row> {
    const [row] = await tenantRows<{ id: string; kind: string } & Row>(
      server.owner,
      'demo',
      `SELECT c.id::text AS id, c.kind::text AS kind${select ? `, ${select}` : ''} FROM "Customer" c
       WHERE c."tenantId" = 'demo' AND c."archivedAt" IS NULL AND $1::timestamp(3) IS NOT NULL AND ${where} ORDER BY c.id LIMIT 1`,
      [seededAt.toISOString()],
    );
    expect(row, `a demo customer where ${where}`).toBeDefined();
    return { ...row!, globalId: customerGlobalIdOf(row!.kind, row!.id) };
  }

  async function createSegment(name: string, kind: 'DYNAMIC' | 'STATIC', rule?: Rule): Promise<string> {
    const response = await server.graphql(CREATE_SEGMENT, { input: { name, kind, ...(rule ? { rule } : {}) } });
    expect(response.data?.createSegment.__typename, JSON.stringify(response)).toBe('SegmentPayload');
    return response.data!.createSegment.segment.id;
  }

  async function explain(segment: string, customer: string): Promise<Explanation> {
    const response = await server.graphql(EXPLAIN, { segment, customer });
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    return response.data!.node.explain;
  }

  beforeAll(async () => {
    server = await startTestServer({ clock: manualClock(seededAt) });
    frequentSpanish = await createSegment(
      'Frequent Spanish buyers',
      'DYNAMIC',
      { all: [fact('profile.country', 'EQUALS', { text: 'ES' }), fact('interactions.count', 'AT_LEAST', { number: 2, window: { lastDays: 90 }, filters: [{ name: 'kind', values: ['PURCHASE'] }] })] },
    );
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('a member: every condition held, with the values the data holds', async () => {
    const member = await customerWhere<{ purchases: number }>(`c.country = 'ES' AND ${RECENT_PURCHASES} >= 2`, `${RECENT_PURCHASES} AS purchases`);
    const explanation = await explain(frequentSpanish, member.globalId);
    expect(explanation).toMatchObject({ member: true, ruleHolds: true, memberSince: seededAt.toISOString() });
    expect(explanation.decisive).toEqual([
      { path: 'rule.all.0.fact', holds: true, value: '"ES"', text: 'country: ES, needs ES — holds.' },
      { path: 'rule.all.1.fact', holds: true, value: String(member.purchases), text: `interactions (kind PURCHASE, last 90 days): ${member.purchases}, needs ≥ 2 — holds.` },
    ]);
    expect(explanation.summary).toBe(`The rule holds now; member since ${today}. ${explanation.decisive.map((node) => node.text).join(' ')}`);
  });

  it('a member sees the segment among their segments, with the same explanation', async () => {
    const member = await customerWhere<{ purchases: number }>(`c.country = 'ES' AND ${RECENT_PURCHASES} >= 2`, `${RECENT_PURCHASES} AS purchases`);
    const response = await server.graphql(CUSTOMER_SEGMENTS, { customer: member.globalId });
    const stays = response.data!.node.segments as { source: string; enteredAt: string; segment: { id: string }; explanation: Explanation }[];
    const stay = stays.find((candidate) => candidate.segment.id === frequentSpanish);
    expect(stay).toMatchObject({ source: 'RULE', enteredAt: seededAt.toISOString(), explanation: { member: true, ruleHolds: true } });
    expect(stay!.explanation.summary).toContain(`interactions (kind PURCHASE, last 90 days): ${member.purchases}, needs ≥ 2 — holds.`);
  });

  it('a Spanish customer with too few purchases: the purchase condition is the one that failed', async () => {
    const outside = await customerWhere<{ purchases: number }>(`c.country = 'ES' AND ${RECENT_PURCHASES} = 1`, `${RECENT_PURCHASES} AS purchases`);
    const explanation = await explain(frequentSpanish, outside.globalId);
    expect(explanation).toMatchObject({ member: false, ruleHolds: false, memberSince: null });
    expect(explanation.decisive).toEqual([{ path: 'rule.all.1.fact', holds: false, value: '1', text: 'interactions (kind PURCHASE, last 90 days): 1, needs ≥ 2 — fails.' }]);
    expect(explanation.conditions.map((node) => [node.path, node.holds])).toEqual([
      ['rule.all', false],
      ['rule.all.0.fact', true],
      ['rule.all.1.fact', false],
    ]);
    expect(explanation.summary).toBe(`The rule does not hold now; not a member. ${explanation.decisive[0]!.text}`);
  });

  it('a frequent buyer elsewhere: the country is the condition that failed, with their country', async () => {
    const outside = await customerWhere<{ country: string }>(`c.country <> 'ES' AND ${RECENT_PURCHASES} >= 2`, `c.country::text AS country`);
    const explanation = await explain(frequentSpanish, outside.globalId);
    expect(explanation).toMatchObject({ member: false, ruleHolds: false });
    expect(explanation.decisive).toEqual([{ path: 'rule.all.0.fact', holds: false, value: JSON.stringify(outside.country), text: `country: ${outside.country}, needs ES — fails.` }]);
  });

  it('under a NOT, the condition that held is the one that kept the customer out', async () => {
    const segment = await createSegment('Spanish without complaints', 'DYNAMIC', {
      all: [fact('profile.country', 'EQUALS', { text: 'ES' }), { not: fact('interactions.count', 'AT_LEAST', { number: 1, window: { lastDays: 365 }, filters: [{ name: 'kind', values: ['COMPLAINT'] }] }) }],
    });
    const complainer = await customerWhere<{ complaints: number }>(`c.country = 'ES' AND ${RECENT_COMPLAINTS} >= 1`, `${RECENT_COMPLAINTS} AS complaints`);
    const explanation = await explain(segment, complainer.globalId);
    expect(explanation).toMatchObject({ member: false, ruleHolds: false });
    expect(explanation.decisive).toEqual([
      { path: 'rule.all.1.not.fact', holds: true, value: String(complainer.complaints), text: `interactions (kind COMPLAINT, last 365 days): ${complainer.complaints}, needs ≥ 1 — holds.` },
    ]);
    expect(explanation.conditions.find((node) => node.path === 'rule.all.1.not')).toMatchObject({ holds: false, text: 'Must not hold, and it held.' });
  });

  it('under an ANY, a member is explained by the alternative that held, an outsider by every one that failed', async () => {
    const segment = await createSegment('Spanish or key accounts', 'DYNAMIC', {
      any: [fact('profile.country', 'EQUALS', { text: 'ES' }), fact('profile.audiences', 'INCLUDES_ANY', { values: ['KEY_ACCOUNT'] })],
    });
    const spanish = await customerWhere<{ audiences: string[] }>(`c.country = 'ES' AND NOT ('KEY_ACCOUNT' = ANY(c.audiences))`, `c.audiences::text[] AS audiences`);
    const inside = await explain(segment, spanish.globalId);
    expect(inside).toMatchObject({ member: true, ruleHolds: true });
    expect(inside.decisive).toEqual([{ path: 'rule.any.0.fact', holds: true, value: '"ES"', text: 'country: ES, needs ES — holds.' }]);
    expect(inside.conditions.find((node) => node.path === 'rule.any.1.fact')).toMatchObject({ holds: false, value: JSON.stringify(spanish.audiences) });

    const elsewhere = await customerWhere<{ country: string; audiences: string[] }>(
      `c.country <> 'ES' AND NOT ('KEY_ACCOUNT' = ANY(c.audiences))`,
      `c.country::text AS country, c.audiences::text[] AS audiences`,
    );
    const outside = await explain(segment, elsewhere.globalId);
    expect(outside).toMatchObject({ member: false, ruleHolds: false });
    expect(outside.decisive).toEqual([
      { path: 'rule.any.0.fact', holds: false, value: JSON.stringify(elsewhere.country), text: `country: ${elsewhere.country}, needs ES — fails.` },
      { path: 'rule.any.1.fact', holds: false, value: JSON.stringify(elsewhere.audiences), text: `audiences: ${elsewhere.audiences.join(', ')}, needs any of KEY_ACCOUNT — fails.` },
    ]);
  });

  it('consent shows the date it was given', async () => {
    const segment = await createSegment('E-mail consent', 'DYNAMIC', fact('profile.consentGrantedAt', 'IS_SET', { filters: [{ name: 'channel', values: ['EMAIL'] }] }));
    const consented = await customerWhere<{ givenOn: string }>(
      `EXISTS (SELECT 1 FROM "Consent" k WHERE k."tenantId" = 'demo' AND k."customerId" = c.id AND k.channel = 'EMAIL' AND k.status = 'GRANTED')`,
      `(SELECT to_char(k."changedAt", 'YYYY-MM-DD') FROM "Consent" k WHERE k."tenantId" = 'demo' AND k."customerId" = c.id AND k.channel = 'EMAIL') AS "givenOn"`,
    );
    const explanation = await explain(segment, consented.globalId);
    expect(explanation).toMatchObject({ member: true, ruleHolds: true });
    expect(explanation.decisive).toHaveLength(1);
    expect(explanation.decisive[0]!.text).toBe(`consent (channel EMAIL): ${consented.givenOn}, needs a value — holds.`);
    expect(JSON.parse(explanation.decisive[0]!.value!)).toMatch(new RegExp(`^${consented.givenOn}T`));

    const withdrawn = await customerWhere(
      `EXISTS (SELECT 1 FROM "Consent" k WHERE k."tenantId" = 'demo' AND k."customerId" = c.id AND k.channel = 'EMAIL' AND k.status = 'WITHDRAWN')`,
    );
    const outside = await explain(segment, withdrawn.globalId);
    expect(outside).toMatchObject({ member: false, ruleHolds: false });
    expect(outside.decisive).toEqual([{ path: 'rule.fact', holds: false, value: null, text: 'consent (channel EMAIL): none, needs a value — fails.' }]);
  });

  it('a static segment filled by hand says the customer was added by hand, and has no rule to check', async () => {
    const segment = await createSegment('VIP guests', 'STATIC');
    const guest = await customerWhere(`c.kind = 'PERSON'`);
    const added = await server.graphql(`mutation ($id: ID!, $customers: [ID!]!) { addSegmentMembers(id: $id, customerIds: $customers) { __typename } }`, {
      id: segment,
      customers: [guest.globalId],
    });
    expect(added.data?.addSegmentMembers.__typename).toBe('SegmentPayload');
    const explanation = await explain(segment, guest.globalId);
    expect(explanation).toEqual({
      member: true,
      memberSince: seededAt.toISOString(),
      ruleHolds: null,
      summary: 'This segment has no rule to check; the customer was added by hand.',
      conditions: [],
      decisive: [],
    });
    const stays = (await server.graphql(CUSTOMER_SEGMENTS, { customer: guest.globalId })).data!.node.segments as { source: string; segment: { id: string }; explanation: Explanation }[];
    expect(stays.find((stay) => stay.segment.id === segment)).toMatchObject({ source: 'MANUAL', explanation: { member: true, ruleHolds: null, summary: 'This segment has no rule to check; the customer was added by hand.' } });

    const other = await customerWhere(`c.kind = 'ORGANIZATION'`);
    expect((await explain(segment, other.globalId)).summary).toBe('This segment has no rule to check; the customer is not a member.');
  });
});
