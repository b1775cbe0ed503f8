import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { manualClock } from '../../../src/plugin-api.ts';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import { statementsOf } from '../../../tests/support/statements.ts';
import { CREATE_SEGMENT } from './support.ts';
import { fact, type Rule } from './support-rules.ts';

// A rule, whatever its size, compiles to ONE statement: a preview or a new segment costs the same
// statements for one condition as for ten over five facts, six levels deep, or with segment
// references. The request log line counts them.

const seededAt = new Date(inject('demoSeededAt'));

const PREVIEW = /* GraphQL */ `
  query RulePreview($rule: SegmentRuleInput!) {
    segmentPreview(rule: $rule, first: 100) { count customers { id displayName } }
  }
`;

const CREATE = CREATE_SEGMENT.replace('mutation CreateSegment', 'mutation CreateRuleSegment');

const purchases = (days: number) => fact('interactions.count', 'AT_LEAST', { number: 1, window: { lastDays: days }, filters: [{ name: 'kind', values: ['PURCHASE'] }] });

const ONE_CONDITION: Rule = fact('profile.country', 'EQUALS', { text: 'ES' });

/** Ten conditions over five facts (three of them grouped facts, each with two different windows). */
const TEN_CONDITIONS: Rule = {
  any: [
    { all: [fact('profile.country', 'IN', { values: ['ES', 'PT'] }), purchases(30), fact('interactions.purchaseTotal', 'AT_LEAST', { number: 100, currency: 'EUR', window: { lastDays: 365 } })] },
    { all: [fact('profile.country', 'EQUALS', { text: 'FR' }), purchases(90), fact('interactions.purchaseTotal', 'AT_LEAST', { number: 50, currency: 'EUR', window: { lastDays: 90 } })] },
    { all: [fact('profile.lifecycle', 'EQUALS', { text: 'ACTIVE' }), fact('tickets.open', 'AT_LEAST', { number: 1 })] },
    { not: fact('profile.lifecycle', 'IN', { values: ['ACTIVE', 'INACTIVE'] }) },
    fact('tickets.open', 'GREATER_THAN', { number: 2 }),
  ],
};

/** Six levels deep. */
const SIX_DEEP: Rule = {
  all: [{ any: [{ not: { all: [{ any: [purchases(60), fact('profile.age', 'AT_LEAST', { number: 30 })] }, fact('profile.hasEmail', 'IS_TRUE')] } }, fact('profile.kind', 'EQUALS', { text: 'ORGANIZATION' })] }],
};

describe('statements of a rule', () => {
  let server: TestServer;
  let referred: string[];

  beforeAll(async () => {
    server = await startTestServer({ clock: manualClock(seededAt) });
    referred = [];
    for (const [name, rule] of [
      ['Bought in the last 30 days', purchases(30)],
      ['Spanish customers', ONE_CONDITION],
      ['Open tickets', fact('tickets.open', 'AT_LEAST', { number: 1 })],
    ] as const) {
      const created = await server.graphql(CREATE_SEGMENT, { input: { name, kind: 'DYNAMIC', rule } });
      expect(created.data?.createSegment.__typename, JSON.stringify(created)).toBe('SegmentPayload');
      referred.push(created.data!.createSegment.segment.id);
    }
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  async function previewStatements(rule: Rule): Promise<number> {
    const { statements, data } = await statementsOf(server, PREVIEW, 'RulePreview', { rule });
    // The page must really list customers, or the count proves nothing about loading them.
    expect(data.segmentPreview.customers.length).toBeGreaterThan(0);
    return statements;
  }

  it('a preview costs the same statements however large the rule', async () => {
    const one = await previewStatements(ONE_CONDITION);
    const ten = await previewStatements(TEN_CONDITIONS);
    const deep = await previewStatements(SIX_DEEP);
    console.info(`segmentPreview: ${one} statements for 1 condition, ${ten} for 10 over 5 facts, ${deep} six levels deep`);
    // BEGIN (with the tenant), the rule's ONE statement (count and first page), and one reading the listed customers.
    expect(one).toBe(3);
    expect(ten).toBe(one);
    expect(deep).toBe(one);
  });

  it('segment references add one reading of the live segments, however many there are', async () => {
    const base = await previewStatements(ONE_CONDITION);
    const oneReference = await previewStatements({ all: [{ inSegment: referred[0] }, ONE_CONDITION] });
    const threeReferences = await previewStatements({ any: [{ all: referred.map((id) => ({ inSegment: id })) }, { not: { inSegment: referred[1] } }, TEN_CONDITIONS] });
    console.info(`segmentPreview with segment references: ${oneReference} statements for 1, ${threeReferences} for 3 beside 10 conditions`);
    // The check that the references name live segments, with no cycle, reads the segments once.
    expect(oneReference).toBe(base + 1);
    expect(threeReferences).toBe(oneReference);
  });

  it('creating a dynamic segment costs the same statements whatever its rule', async () => {
    const counts: number[] = [];
    for (const [index, rule] of [ONE_CONDITION, TEN_CONDITIONS, SIX_DEEP].entries()) {
      const { statements, data } = await statementsOf(server, CREATE, 'CreateRuleSegment', { input: { name: `Statements ${index}`, kind: 'DYNAMIC', rule } });
      expect(data.createSegment.__typename).toBe('SegmentPayload');
      expect(data.createSegment.segment.size).toBeGreaterThan(0);
      counts.push(statements);
    }
    const referring = await statementsOf(server, CREATE, 'CreateRuleSegment', {
      input: { name: 'Statements with references', kind: 'DYNAMIC', rule: { any: [...referred.map((id) => ({ inSegment: id })), TEN_CONDITIONS] } },
    });
    expect(referring.data.createSegment.segment.size).toBeGreaterThan(0);
    console.info(`createSegment: ${counts.join(', ')} statements for 1, 10 and six levels deep; ${referring.statements} with references`);
    // BEGIN; insert the segment and its segment.saved event; evaluate the rule (ONE statement
    // entering every member); read the members' kinds for their node ids; write their
    // segment.entered events in one statement; read the segment back with its size; COMMIT.
    expect(counts).toEqual([8, 8, 8]);
    expect(referring.statements).toBe(counts[0]! + 1);

    // When nobody qualifies there are no entries to announce: no node ids to read, no events to write.
    const empty = await statementsOf(server, CREATE, 'CreateRuleSegment', {
      input: { name: 'Statements for nobody', kind: 'DYNAMIC', rule: { all: [fact('profile.kind', 'EQUALS', { text: 'PERSON' }), fact('profile.size', 'IS_SET')] } },
    });
    expect(empty.data.createSegment.segment.size).toBe(0);
    expect(empty.statements).toBe(counts[0]! - 2);
  });
});
