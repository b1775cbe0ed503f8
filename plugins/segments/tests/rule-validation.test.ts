import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { manualClock } from '../../../src/plugin-api.ts';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import { CREATE_SEGMENT, globalIdOf, tenantRows } from './support.ts';
import { fact, type Rule } from './support-rules.ts';

// A bad rule is one typed ValidationError listing every problem, each at its path, whether the rule
// comes as a variable or inline; and nothing is saved: no Segment row, no event.

const seededAt = new Date(inject('demoSeededAt'));

/** A value written as a GraphQL literal: object keys bare, the enum fields' values bare. */
function literal(value: unknown, key = ''): string {
  if (Array.isArray(value)) return `[${value.map((item) => literal(item)).join(', ')}]`;
  if (value !== null && typeof value === 'object') return `{ ${Object.entries(value).map(([name, field]) => `${name}: ${literal(field, name)}`).join(', ')} }`;
  if (typeof value === 'string' && (key === 'operator' || key === 'kind')) return value;
  return JSON.stringify(value);
}

const ERRORS = /* GraphQL */ `__typename ... on ValidationError { message fieldErrors { path message } } ... on SegmentPayload { segment { id } }`;

/** The same mutation with the input as a variable or written inline. */
const createWith = {
  variables: (input: object) => ({ query: `mutation CreateBad($input: CreateSegmentInput!) { createSegment(input: $input) { ${ERRORS} } }`, variables: { input } }),
  inline: (input: object) => ({ query: `mutation CreateBadInline { createSegment(input: ${literal(input)}) { ${ERRORS} } }`, variables: {} }),
};
const previewWith = {
  variables: (rule: Rule) => ({ query: `query PreviewBad($rule: SegmentRuleInput!) { segmentPreview(rule: $rule) { count } }`, variables: { rule } }),
  inline: (rule: Rule) => ({ query: `query PreviewBadInline { segmentPreview(rule: ${literal(rule)}) { count } }`, variables: {} }),
};

/** Seven `not`s under the top `all`: its condition sits at level nine. */
function nestedNine(rule: Rule): Rule {
  let node = rule;
  for (let level = 0; level < 7; level += 1) node = { not: node };
  return node;
}

describe('a bad rule', () => {
  let server: TestServer;
  let liveSegment: string;
  let archivedSegment: string;
  /** Each node of the bad rule (one per entry of its `all`), with the problems it must report. */
  let badNodes: { node: Rule; problems: { at: string[]; message: RegExp }[] }[];

  async function saved(): Promise<{ segments: number; events: number }> {
    const [row] = await tenantRows<{ segments: number; events: number }>(
      server.owner,
      'demo',
      `SELECT (SELECT count(*)::int FROM "Segment" WHERE "tenantId" = 'demo') AS segments,
              (SELECT count(*)::int FROM "OutboxEvent" WHERE "tenantId" = 'demo') AS events`,
    );
    return row!;
  }

  async function create(rule: Rule, name = 'A bad rule') {
    const response = await server.graphql(CREATE_SEGMENT, { input: { name, kind: 'DYNAMIC', rule } });
    expect(response.data?.createSegment.__typename, JSON.stringify(response)).toBe('SegmentPayload');
    return response.data!.createSegment.segment.id as string;
  }

  beforeAll(async () => {
    server = await startTestServer({ clock: manualClock(seededAt) });
    liveSegment = await create(fact('profile.country', 'EQUALS', { text: 'ES' }), 'Spanish customers');
    archivedSegment = await create(fact('profile.country', 'EQUALS', { text: 'FR' }), 'French customers');
    const archived = await server.graphql(`mutation ($id: ID!) { archiveSegment(id: $id) { __typename } }`, { id: archivedSegment });
    expect(archived.data?.archiveSegment.__typename).toBe('SegmentPayload');

    const purchases = { fact: 'interactions.count', operator: 'AT_LEAST', number: 1 };
    badNodes = [
      { node: fact('profile.favouriteColour', 'EQUALS', { text: 'blue' }), problems: [{ at: ['fact', 'fact'], message: /Unknown fact "profile.favouriteColour"/ }] },
      { node: fact('interactions.count', 'CONTAINS', { text: 'x' }), problems: [{ at: ['fact', 'operator'], message: /CONTAINS does not apply to interactions.count, a NUMBER fact/ }] },
      { node: fact('interactions.count', 'AT_LEAST'), problems: [{ at: ['fact', 'number'], message: /AT_LEAST needs `number`/ }] },
      { node: fact('profile.country', 'IS_SET', { text: 'ES' }), problems: [{ at: ['fact', 'text'], message: /IS_SET on a TEXT fact takes no `text`/ }] },
      { node: fact('profile.age', 'BETWEEN', { min: 40, max: 30 }), problems: [{ at: ['fact', 'max'], message: /max must not be below min/ }] },
      { node: { fact: { ...purchases, filters: [{ name: 'colour', values: ['blue'] }] } }, problems: [{ at: ['fact', 'filters', '0', 'name'], message: /has no filter "colour"/ }] },
      { node: { fact: { ...purchases, filters: [{ name: 'kind', values: ['PURCHASE', 'GIFT'] }] } }, problems: [{ at: ['fact', 'filters', '0', 'values'], message: /GIFT is not a kind value/ }] },
      { node: fact('profile.consentGrantedAt', 'IS_SET'), problems: [{ at: ['fact', 'filters'], message: /needs the filter "channel"/ }] },
      { node: { fact: { ...purchases, window: { lastDays: 0 } } }, problems: [{ at: ['fact', 'window', 'lastDays'], message: /lastDays must be a whole number from 1 to 3660/ }] },
      { node: { fact: { ...purchases, window: { lastDays: 5000 } } }, problems: [{ at: ['fact', 'window', 'lastDays'], message: /lastDays must be a whole number from 1 to 3660/ }] },
      { node: { fact: { ...purchases, window: { from: '2026-06-01T00:00:00Z', to: '2026-01-01T00:00:00Z' } } }, problems: [{ at: ['fact', 'window', 'to'], message: /`to` must be after `from`/ }] },
      { node: fact('profile.country', 'EQUALS', { text: 'ES', window: { lastDays: 30 } }), problems: [{ at: ['fact', 'window'], message: /takes no window/ }] },
      { node: fact('interactions.lastAt', 'WITHIN_LAST_DAYS', { days: 0 }), problems: [{ at: ['fact', 'days'], message: /days must be a whole number from 1 to 3660/ }] },
      { node: fact('profile.trait', 'EQUALS', { text: 'gold' }), problems: [{ at: ['fact', 'path'], message: /needs a path/ }] },
      { node: fact('profile.trait', 'EQUALS', { text: 'gold', path: 'loyalty..tier' }), problems: [{ at: ['fact', 'path'], message: /A path is up to 8 dotted names/ }] },
      { node: fact('interactions.purchaseTotal', 'AT_LEAST', { number: 10, currency: 'eur' }), problems: [{ at: ['fact', 'currency'], message: /ISO 4217/ }] },
      { node: fact('interactions.purchaseTotal', 'AT_LEAST', { number: 10 }), problems: [{ at: ['fact', 'currency'], message: /needs a currency/ }] },
      // Several problems in one condition are all reported.
      {
        node: fact('interactions.purchaseTotal', 'IS_TRUE', { text: 'x', path: 'a', window: { lastDays: 0 } }),
        problems: [
          { at: ['fact', 'operator'], message: /IS_TRUE does not apply/ },
          { at: ['fact', 'text'], message: /takes no `text`/ },
          { at: ['fact', 'window', 'lastDays'], message: /lastDays must be/ },
          { at: ['fact', 'path'], message: /takes no path/ },
          { at: ['fact', 'currency'], message: /needs a currency/ },
        ],
      },
      { node: { all: [] }, problems: [{ at: ['all'], message: /`all` needs at least one rule/ }] },
      { node: { any: [] }, problems: [{ at: ['any'], message: /`any` needs at least one rule/ }] },
      { node: nestedNine(fact('profile.country', 'EQUALS', { text: 'ES' })), problems: [{ at: Array(7).fill('not'), message: /nests at most 8 levels/ }] },
      { node: { inSegment: globalIdOf('Person', '00000000-0000-0000-0000-000000000001') }, problems: [{ at: ['inSegment'], message: /is not a Segment id/ }] },
      { node: { inSegment: archivedSegment }, problems: [{ at: ['inSegment'], message: /No live segment has this id/ }] },
      // The same reference again is a problem at its own path too.
      { node: { not: { inSegment: archivedSegment } }, problems: [{ at: ['not', 'inSegment'], message: /No live segment has this id/ }] },
      // A good node among the bad ones reports nothing.
      { node: { inSegment: liveSegment }, problems: [] },
    ];
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  const badRule = () => ({ all: badNodes.map((entry) => entry.node) });
  const expectedProblems = (prefix: string[]) =>
    badNodes.flatMap((entry, index) => entry.problems.map((problem) => ({ path: [...prefix, 'all', String(index), ...problem.at], message: expect.stringMatching(problem.message) })));

  for (const form of ['variables', 'inline'] as const) {
    it(`creating a segment with it, as ${form}, answers one ValidationError listing every problem at its path, and saves nothing`, async () => {
      const before = await saved();
      const { query, variables } = createWith[form]({ name: 'Everything wrong', kind: 'DYNAMIC', rule: badRule() });
      const response = await server.graphql(query, variables);
      expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
      const result = response.data!.createSegment;
      expect(result.__typename).toBe('ValidationError');
      const expected = expectedProblems(['input', 'rule']);
      expect(result.fieldErrors).toEqual(expect.arrayContaining(expected));
      expect(result.fieldErrors, JSON.stringify(result.fieldErrors, null, 1)).toHaveLength(expected.length);
      expect(await saved()).toEqual(before);
    });

    it(`previewing it, as ${form}, is a VALIDATION error listing every problem at its path`, async () => {
      const { query, variables } = previewWith[form](badRule());
      const response = await server.graphql(query, variables);
      expect(response.data?.segmentPreview ?? null).toBeNull();
      expect(response.errors).toHaveLength(1);
      const error = response.errors![0]!;
      expect(error.extensions?.code).toBe('VALIDATION');
      const expected = expectedProblems(['rule']);
      expect(error.extensions?.fieldErrors).toEqual(expect.arrayContaining(expected));
      expect(error.extensions?.fieldErrors, JSON.stringify(error.extensions?.fieldErrors, null, 1)).toHaveLength(expected.length);
      for (const problem of expected) expect(error.message).toContain(`${problem.path.join('.')}: `);
    });
  }

  it('a rule of more than 100 nodes is refused as a whole, at the rule', async () => {
    const before = await saved();
    // 1 + 60 × 2 = 121 nodes, each list well within its bound.
    const large = { all: Array.from({ length: 60 }, () => ({ not: fact('profile.country', 'EQUALS', { text: 'ES' }) })) };
    for (const form of ['variables', 'inline'] as const) {
      const { query, variables } = createWith[form]({ name: 'Too large', kind: 'DYNAMIC', rule: large });
      const result = (await server.graphql(query, variables)).data!.createSegment;
      expect(result.__typename).toBe('ValidationError');
      expect(result.fieldErrors).toEqual([{ path: ['input', 'rule'], message: 'A rule holds at most 100 nodes; this one holds 121.' }]);
    }
    expect(await saved()).toEqual(before);
  });

  it('a node with two keys is refused by GraphQL itself (a oneOf input), as a VALIDATION error, before anything runs', async () => {
    const before = await saved();
    const twoKeys = { all: [{ fact: { fact: 'profile.country', operator: 'EQUALS', text: 'ES' }, inSegment: liveSegment }] };
    for (const form of ['variables', 'inline'] as const) {
      for (const { query, variables } of [createWith[form]({ name: 'Two keys', kind: 'DYNAMIC', rule: twoKeys }), previewWith[form](twoKeys)]) {
        const response = await server.graphql(query, variables);
        expect(response.data ?? null, JSON.stringify(response)).toBeNull();
        expect(response.errors).toHaveLength(1);
        expect(response.errors![0]!.extensions?.code).toBe('VALIDATION');
        expect(response.errors![0]!.message).toMatch(/SegmentRuleInput.*exactly one|exactly one key/i);
      }
    }
    expect(await saved()).toEqual(before);
  });

  it('a rule that would close a cycle of references is refused on update, and the segment keeps its rule', async () => {
    const first = await create(fact('profile.lifecycle', 'EQUALS', { text: 'ACTIVE' }), 'Cycle A');
    const second = await create({ all: [{ inSegment: first }, fact('profile.kind', 'EQUALS', { text: 'PERSON' })] }, 'Cycle B');
    const ruleOf = async (id: string) => (await server.graphql(`query ($id: ID!) { node(id: $id) { ... on Segment { rule updatedAt } } }`, { id })).data!.node;
    const stored = await ruleOf(first);
    const before = await saved();
    const update = `mutation ($input: UpdateSegmentInput!) { updateSegment(input: $input) { ${ERRORS} } }`;
    const closing: [Rule, string[]][] = [
      // A → B → A
      [{ any: [fact('profile.country', 'EQUALS', { text: 'ES' }), { not: { inSegment: second } }] }, ['input', 'rule', 'any', '1', 'not', 'inSegment']],
      // A → A
      [{ inSegment: first }, ['input', 'rule', 'inSegment']],
    ];
    for (const [rule, path] of closing) {
      const result = (await server.graphql(update, { input: { id: first, rule } })).data!.updateSegment;
      expect(result.__typename).toBe('ValidationError');
      expect(result.fieldErrors).toEqual([{ path, message: expect.stringMatching(/cycle/) }]);
    }
    expect(await ruleOf(first)).toEqual(stored);
    expect(await saved()).toEqual(before);
  });

  it('customerFacts lists each fact with the operators of its type', async () => {
    const operatorsByType: Record<string, string[]> = {
      TEXT: ['EQUALS', 'NOT_EQUALS', 'IN', 'NOT_IN', 'CONTAINS', 'IS_SET', 'IS_NOT_SET'],
      NUMBER: ['EQUALS', 'NOT_EQUALS', 'GREATER_THAN', 'AT_LEAST', 'LESS_THAN', 'AT_MOST', 'BETWEEN', 'IS_SET', 'IS_NOT_SET'],
      MONEY: ['EQUALS', 'NOT_EQUALS', 'GREATER_THAN', 'AT_LEAST', 'LESS_THAN', 'AT_MOST', 'BETWEEN', 'IS_SET', 'IS_NOT_SET'],
      DATE_TIME: ['BEFORE', 'AFTER', 'WITHIN_LAST_DAYS', 'NOT_WITHIN_LAST_DAYS', 'IS_SET', 'IS_NOT_SET'],
      BOOLEAN: ['IS_TRUE', 'IS_FALSE'],
      ENUM: ['EQUALS', 'NOT_EQUALS', 'IN', 'NOT_IN', 'IS_SET', 'IS_NOT_SET'],
      ENUM_LIST: ['INCLUDES_ANY', 'INCLUDES_ALL', 'INCLUDES_NONE'],
    };
    const facts = (await server.graphql(`{ customerFacts { name type operators values takesCurrency takesPath window filters { name values required } } }`)).data!.customerFacts as {
      name: string;
      type: string;
      operators: string[];
      values: string[] | null;
      takesCurrency: boolean;
      takesPath: boolean;
      window: string | null;
      filters: { name: string; values: string[]; required: boolean }[];
    }[];
    expect(facts.length).toBeGreaterThan(20);
    for (const entry of facts) {
      expect([...entry.operators].sort(), entry.name).toEqual([...operatorsByType[entry.type]!].sort());
      // Enum facts list their values; no other fact does.
      expect(entry.values !== null, entry.name).toBe(entry.type === 'ENUM' || entry.type === 'ENUM_LIST');
    }
    const byName = new Map(facts.map((entry) => [entry.name, entry]));
    expect(byName.get('profile.lifecycle')!.values).toEqual(['ACTIVE', 'INACTIVE', 'LOST']);
    expect(byName.get('interactions.purchaseTotal')).toMatchObject({ type: 'MONEY', takesCurrency: true, window: 'OPTIONAL' });
    expect(byName.get('profile.trait')).toMatchObject({ type: 'TEXT', takesPath: true, takesCurrency: false, window: null });
    expect(byName.get('interactions.count')!.filters.map((filter) => filter.name)).toEqual(['channel', 'kind', 'direction']);
    expect(byName.get('profile.consentGrantedAt')!.filters).toEqual([{ name: 'channel', values: ['EMAIL', 'SMS', 'PHONE', 'POST'], required: true }]);
  });
});
