import {
  getNamedType,
  getNullableType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverPlugins } from '../src/compose.ts';
import { loadConfig } from '../src/config.ts';
import { buildSchema } from '../src/schema/build.ts';
import { startTestServer, type TestServer } from './support/server.ts';

/** Values no Date, DateTime or JSONObject can hold: a day that does not exist, a NUL character PostgreSQL cannot store. */
const IMPOSSIBLE: Record<string, unknown> = { Date: '2026-02-30', DateTime: '2026-02-30T10:00:00Z', JSONObject: { note: 'a\u0000b' } };

interface Case {
  /** `Type.field(arg:)` or `Input.field`, as the contract names it. */
  coordinate: string;
  query: string;
  variables: Record<string, unknown>;
  /** The path graphql-js names inside `$value`, e.g. `.birthDate` (empty for the value itself). */
  path: string;
}

/**
 * Every argument and input field of these scalars, each reached from the root by a document that
 * passes an impossible value in `$value` (other required arguments are left out: their own
 * "not provided" errors come too, and must be VALIDATION as well).
 */
function casesOf(schema: GraphQLSchema): Case[] {
  const routes = routesFromRoot(schema);
  const cases: Case[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        for (const arg of field.args) {
          const bad = IMPOSSIBLE[getNamedType(arg.type).name];
          const route = routes.get(type.name);
          if (bad === undefined) continue;
          // One the walk cannot reach is reported as a failing case, not skipped.
          if (!route) cases.push({ coordinate: `${type.name}.${field.name}(${arg.name}:)`, query: '{ __typename }', variables: {}, path: '' });
          if (!route) continue;
          cases.push({ coordinate: `${type.name}.${field.name}(${arg.name}:)`, ...documentFor(route, field, arg, bad), path: '' });
        }
      }
    }
    if (isInputObjectType(type)) {
      for (const inputField of Object.values(type.getFields())) {
        const bad = IMPOSSIBLE[getNamedType(inputField.type).name];
        if (bad === undefined) continue;
        const holder = argumentHolding(schema, routes, type);
        if (!holder) cases.push({ coordinate: `${type.name}.${inputField.name}`, query: '{ __typename }', variables: {}, path: '' });
        if (!holder) continue;
        const value = holder.within.reduceRight<unknown>((inner, step) => (step === 0 ? [inner] : { [step]: inner }), { [inputField.name]: bad });
        const path = [...holder.within.map((step) => (step === 0 ? '[0]' : `.${step}`)), `.${inputField.name}`].join('');
        cases.push({ coordinate: `${type.name}.${inputField.name}`, ...documentFor(holder.route, holder.field, holder.arg, value), path });
      }
    }
  }
  return cases;
}

type Route = { selection: (inner: string) => string; operation: 'query' | 'mutation' | 'subscription' };

/** How each object or interface type is reached from a root, by a selection with no arguments needed. */
function routesFromRoot(schema: GraphQLSchema): Map<string, Route> {
  const routes = new Map<string, Route>();
  const queue: [GraphQLNamedType, Route][] = [];
  for (const [operation, root] of [['query', schema.getQueryType()], ['mutation', schema.getMutationType()], ['subscription', schema.getSubscriptionType()]] as const) {
    if (root) queue.push([root, { selection: (inner) => inner, operation }]);
  }
  while (queue.length) {
    const [type, route] = queue.shift()!;
    if (routes.has(type.name) || !(isObjectType(type) || isInterfaceType(type))) continue;
    routes.set(type.name, route);
    for (const implementation of isInterfaceType(type) ? schema.getPossibleTypes(type) : []) {
      queue.push([implementation, { ...route, selection: (inner) => route.selection(`... on ${implementation.name} { ${inner} }`) }]);
    }
    for (const field of Object.values(type.getFields())) {
      if (route.operation !== 'query' || field.args.some((arg) => arg.type.toString().endsWith('!'))) continue;
      const next = getNamedType(field.type);
      // Through a connection: edges { node { … } }.
      queue.push([next, { ...route, selection: (inner) => route.selection(`${field.name} { ${inner} }`) }]);
    }
  }
  return routes;
}

function argumentHolding(schema: GraphQLSchema, routes: Map<string, Route>, target: GraphQLInputType) {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(isObjectType(type) || isInterfaceType(type)) || type.name.startsWith('__') || !routes.has(type.name)) continue;
    for (const field of Object.values(type.getFields())) {
      for (const arg of field.args) {
        const within = pathTo(arg.type, target, 0);
        if (within) return { route: routes.get(type.name)!, field, arg, within };
      }
    }
  }
  return null;
}

/** Steps from an argument's type down to `target`: a field name, or 0 for "inside a list". */
function pathTo(type: GraphQLInputType, target: GraphQLInputType, depth: number): (string | 0)[] | null {
  const nullable = getNullableType(type);
  if (nullable === target) return [];
  if (depth > 3) return null;
  if (isListType(nullable)) {
    const inner = pathTo(nullable.ofType, target, depth + 1);
    return inner && [0, ...inner];
  }
  if (!isInputObjectType(nullable)) return null;
  for (const inputField of Object.values(nullable.getFields())) {
    const inner = pathTo(inputField.type, target, depth + 1);
    if (inner) return [inputField.name, ...inner];
  }
  return null;
}

/** `field(arg: $value, …)` under its route; the field's other required arguments are variables left unprovided. */
function documentFor(route: Route, field: GraphQLField<unknown, unknown>, arg: GraphQLArgument, value: unknown) {
  const others = field.args.filter((other) => other !== arg && other.type.toString().endsWith('!'));
  const definitions = [`$value: ${arg.type.toString()}`, ...others.map((other) => `$${other.name}: ${other.type.toString()}`)].join(', ');
  const args = [`${arg.name}: $value`, ...others.map((other) => `${other.name}: $${other.name}`)].join(', ');
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  return { query: `${route.operation} Impossible(${definitions}) { ${route.selection(`${field.name}(${args})${selection}`)} }`, variables: { value } };
}

let server: TestServer;
let schema: GraphQLSchema;
beforeAll(async () => {
  server = await startTestServer();
  const config = loadConfig({ NODE_ENV: 'test' });
  schema = buildSchema(await discoverPlugins(config), { maxPageSize: config.limits.maxPageSize });
});
afterAll(() => server?.stop());

const TABLES = ['Customer', 'Interaction', 'Opportunity', 'Lead', 'Offer', 'SalesActivity', 'Membership', 'OutboxEvent'];
const rowCounts = async () =>
  (await server.owner.query<{ table: string; count: number }>(TABLES.map((table) => `SELECT '${table}' AS table, count(*)::int AS count FROM "${table}"`).join(' UNION ALL '))).rows;

describe('an impossible Date, DateTime or JSONObject sent as a variable', () => {
  it('is a VALIDATION error naming the variable and the path in it, for every such argument and input field, and changes nothing', async () => {
    const cases = casesOf(schema);
    // A guard against a walk that silently finds nothing.
    expect(cases.map((one) => one.coordinate)).toEqual(expect.arrayContaining(['CreatePersonInput.birthDate', 'CreatePersonInput.traits', 'Query.serviceReport(from:)', 'ScheduleActivityInput.dueAt']));
    const before = await rowCounts();
    const wrong: unknown[] = [];
    for (const { coordinate, query, variables, path } of cases) {
      const result = await server.graphql(query, variables);
      const codes = (result.errors ?? []).map((error) => error.extensions?.code);
      const expected = `Variable "$value" got invalid value `;
      const named = result.errors?.find((error) => error.message.startsWith(expected) && (path ? error.message.includes(` at "value${path}"; `) : !error.message.includes(' at "value')));
      if (!named || codes.some((code) => code !== 'VALIDATION') || result.data) wrong.push({ coordinate, query, errors: result.errors, data: result.data });
    }
    expect(wrong).toEqual([]);
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(await rowCounts()).toEqual(before);
  });

  it('names the real variable and the path inside it', async () => {
    const result = await server.graphql('mutation Create($person: CreatePersonInput!) { createPerson(input: $person) { __typename } }', {
      person: { firstName: 'Ana', lastName: 'Ruiz', birthDate: '2026-02-30' },
    });
    expect(result.errors).toEqual([
      expect.objectContaining({
        message: 'Variable "$person" got invalid value "2026-02-30" at "person.birthDate"; Date cannot represent an invalid date-string 2026-02-30.',
        extensions: { code: 'VALIDATION' },
      }),
    ]);
  });

  it('a missing required field names the variable, not a made-up one', async () => {
    const result = await server.graphql('mutation Create($person: CreatePersonInput!) { createPerson(input: $person) { __typename } }', { person: { lastName: 'Ruiz' } });
    expect(result.errors).toEqual([expect.objectContaining({ message: 'Variable "$person" got invalid value { lastName: "Ruiz" }; Field "firstName" of required type "String!" was not provided.', extensions: { code: 'VALIDATION' } })]);
  });
});
