import { getNullableType, isInputObjectType, isInterfaceType, isListType, isObjectType, type GraphQLArgument, type GraphQLInputField } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverPlugins } from '../src/compose.ts';
import { loadConfig } from '../src/config.ts';
import { buildSchema } from '../src/schema/build.ts';
import { startTestServer, type TestServer } from './support/server.ts';

/** Every argument and input field of the full contract that takes a list, as `Type.field(arg:)` or `Input.field`. */
async function listInputs(): Promise<{ coordinate: string; input: GraphQLArgument | GraphQLInputField }[]> {
  const config = loadConfig({ NODE_ENV: 'test' });
  const schema = buildSchema(await discoverPlugins(config), { maxPageSize: config.limits.maxPageSize });
  const found: { coordinate: string; input: GraphQLArgument | GraphQLInputField }[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        for (const arg of field.args) if (isListType(getNullableType(arg.type))) found.push({ coordinate: `${type.name}.${field.name}(${arg.name}:)`, input: arg });
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) if (isListType(getNullableType(field.type))) found.push({ coordinate: `${type.name}.${field.name}`, input: field });
    }
  }
  return found;
}

describe('every list a client can send is bounded', () => {
  it('each list argument and list input field declares its largest length and states it in its description', async () => {
    const inputs = await listInputs();
    // A guard against a walk that silently finds nothing.
    expect(inputs.map(({ coordinate }) => coordinate)).toEqual(expect.arrayContaining(['Query.nodes(ids:)', 'Mutation.recordInteractions(inputs:)']));
    const unbounded = inputs.filter(({ input }) => typeof input.extensions.maxItems !== 'number').map(({ coordinate }) => coordinate);
    expect(unbounded).toEqual([]);
    const unstated = inputs
      .filter(({ input }) => !input.description?.includes((input.extensions.maxItems as number).toLocaleString('en-US')))
      .map(({ coordinate }) => coordinate);
    expect(unstated).toEqual([]);
  });

  it('nodes(ids:) takes one page, recordInteractions(inputs:) 1,000', async () => {
    const inputs = new Map((await listInputs()).map(({ coordinate, input }) => [coordinate, input.extensions.maxItems]));
    expect(inputs.get('Query.nodes(ids:)')).toBe(loadConfig({ NODE_ENV: 'test' }).limits.maxPageSize);
    expect(inputs.get('Mutation.recordInteractions(inputs:)')).toBe(1_000);
  });
});

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const count = async (table: string) => (await server.owner.query<{ count: number }>(`SELECT count(*)::int AS count FROM "${table}"`)).rows[0]!.count;

describe('a list one item over its bound is refused before anything runs', () => {
  const customerId = async () => {
    const result = await server.graphql('{ customers(first: 1) { edges { node { id } } } }');
    return result.data!.customers.edges[0].node.id as string;
  };

  it('nodes with 101 ids, as a variable and inline; 100 run', async () => {
    const id = await customerId();
    const hundred = await server.graphql('query Nodes($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: Array.from({ length: 100 }, () => id) });
    expect(hundred.errors).toBeUndefined();
    expect(hundred.data!.nodes).toHaveLength(100);

    const asVariable = await server.graphql('query Nodes($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: Array.from({ length: 101 }, () => id) });
    const inline = await server.graphql(`{ nodes(ids: [${Array.from({ length: 101 }, () => JSON.stringify(id)).join(', ')}]) { id } }`);
    for (const result of [asVariable, inline]) {
      expect(result.data ?? null).toBeNull();
      expect(result.errors).toEqual([
        expect.objectContaining({
          message: 'Argument "ids" of "nodes" must have at most 100 items (got 101)',
          extensions: { code: 'VALIDATION', fieldErrors: [{ path: ['nodes', 'ids'], message: 'must have at most 100 items (got 101)' }] },
        }),
      ]);
    }
  });

  it('recordInteractions with 1,001 inputs stores nothing, nor does a mutation beside it', async () => {
    const id = await customerId();
    const input = (index: number) => ({ customerId: id, channel: 'EMAIL', direction: 'INBOUND', kind: 'MESSAGE', occurredAt: '2026-10-01T09:00:00.000Z', source: 'bounds', externalId: `B-${index}` });
    const before = { interactions: await count('Interaction'), outbox: await count('OutboxEvent') };
    const result = await server.graphql(
      /* GraphQL */ `
        mutation Batch($one: RecordInteractionInput!, $inputs: [RecordInteractionInput!]!) {
          first: recordInteraction(input: $one) { __typename }
          recordInteractions(inputs: $inputs) { __typename }
        }
      `,
      { one: input(-1), inputs: Array.from({ length: 1_001 }, (_, index) => input(index)) },
    );
    expect(result.data ?? null).toBeNull();
    expect(result.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'VALIDATION', fieldErrors: [{ path: ['recordInteractions', 'inputs'], message: 'must have at most 1,000 items (got 1,001)' }] }) }),
    ]);
    expect({ interactions: await count('Interaction'), outbox: await count('OutboxEvent') }).toEqual(before);
  });

  it('a list nested in an input (the product lines of one batch item) is checked at its path', async () => {
    const id = await customerId();
    const line = { sku: 'S', name: 'N', quantity: 1, unitPrice: '1.00' };
    const item = { customerId: id, channel: 'POINT_OF_SALE', direction: 'INBOUND', kind: 'PURCHASE', occurredAt: '2026-10-01T09:00:00.000Z', source: 'bounds', externalId: 'NESTED', productLines: Array.from({ length: 201 }, () => line) };
    const before = await count('Interaction');
    const result = await server.graphql('mutation Batch($inputs: [RecordInteractionInput!]!) { recordInteractions(inputs: $inputs) { __typename } }', { inputs: [item] });
    expect(result.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'VALIDATION', fieldErrors: [{ path: ['recordInteractions', 'inputs', '0', 'productLines'], message: 'must have at most 200 items (got 201)' }] }) }),
    ]);
    expect(await count('Interaction')).toBe(before);
  });
});
