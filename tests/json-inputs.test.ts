import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const CREATE = 'mutation Create($input: CreatePersonInput!) { createPerson(input: $input) { __typename ... on PersonPayload { person { id } } } }';
const customers = async () => (await server.owner.query<{ count: number }>('SELECT count(*)::int AS count FROM "Customer"')).rows[0]!.count;
const nested = (depth: number): unknown => {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level++) value = { next: value };
  return value;
};
const inline = (value: unknown): string => (typeof value === 'object' && value !== null ? `{ ${Object.entries(value).map(([key, item]) => `${key}: ${inline(item)}`).join(', ')} }` : JSON.stringify(value));

describe('JSONObject inputs PostgreSQL cannot store, or too large, are VALIDATION errors that store nothing', () => {
  it.each([
    ['a NUL character in a value', { note: 'a\u0000b' }, /NUL/],
    ['a NUL character in a key', { 'a\u0000b': 1 }, /NUL/],
    ['a lone UTF-16 surrogate', { note: 'a\ud800b' }, /surrogate/],
    ['33 levels of nesting', nested(33), /deeper than 32 levels/],
    ['more than 10,000 values', { list: Array.from({ length: 10_001 }, () => 0) }, /at most 10,000 values/],
  ])('%s, as a variable', async (_, traits, reason) => {
    const before = await customers();
    const result = await server.graphql(CREATE, { input: { firstName: 'Json', lastName: 'Variable', traits } });
    expect(result.data ?? null).toBeNull();
    expect(result.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/^Variable "\$input" got invalid value .* at "input\.traits"/), extensions: { code: 'VALIDATION' } })]);
    expect(result.errors![0]!.message).toMatch(reason);
    expect(await customers()).toBe(before);
  });

  it.each([
    ['a NUL character in a value', { note: 'a\u0000b' }, /NUL/],
    ['33 levels of nesting', nested(33), /deeper than 32 levels/],
  ])('%s, inline', async (_, traits, reason) => {
    const before = await customers();
    const result = await server.graphql(`mutation { createPerson(input: { firstName: "Json", lastName: "Inline", traits: ${inline(traits)} }) { __typename } }`);
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    expect(result.errors?.[0]?.message).toMatch(reason);
    expect(await customers()).toBe(before);
  });

  it('32 levels are stored', async () => {
    const result = await server.graphql(CREATE, { input: { firstName: 'Json', lastName: 'Deep', traits: nested(32) } });
    expect(result.errors).toBeUndefined();
    expect(result.data!.createPerson.__typename).toBe('PersonPayload');
  });
});
