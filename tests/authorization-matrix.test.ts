import { getNamedType } from 'graphql';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ADMIN_ROLE, CORE_PERMISSIONS, OPERATOR_ROLE } from '../src/auth/roles.ts';
import { discoverPlugins } from '../src/compose.ts';
import { loadConfig } from '../src/config.ts';
import { definePlugin, manualClock, type Plugin } from '../src/plugin-api.ts';
import { buildSchema } from '../src/schema/build.ts';
import { ACTIVITY, subscribeToActivity } from './support/activity-client.ts';
import { AuthorizationTable, isRequired, type AuthorizationCase, type IdNeed } from './support/authorization-table.ts';
import { startTestServer, type GraphQLResponse, type TestServer } from './support/server.ts';
import { subscribeOverSse } from './support/sse-client.ts';

// Every permission a type or field of the composed schema declares, read from the schema itself:
// a viewer who has every permission but that one is refused it by every route (root fields,
// node/nodes, interfaces, relations, the timeline, the activity subscription), and a viewer who
// also has it is answered, so each refusal is the permission's doing.

const seededAt = inject('demoSeededAt');
const clock = manualClock(new Date(seededAt));
const config = loadConfig({ NODE_ENV: 'test' });
const plugins = await discoverPlugins(config);
const table = new AuthorizationTable(buildSchema(plugins, { maxPageSize: config.limits.maxPageSize }), { instant: seededAt });

const pluginPermissions = plugins.flatMap((plugin) => Object.keys(plugin.permissions ?? {}));
const roleWithout = (permission: string) => `all-but ${permission}`;

/** For each permission a plugin declares, a role with every other one. */
const rolesWithoutEachPermission: Plugin = definePlugin({
  name: 'authorization-matrix',
  description: 'test fixture',
  roles: Object.fromEntries(pluginPermissions.map((permission) => [roleWithout(permission), pluginPermissions.filter((other) => other !== permission)])),
  register() {},
});

/** Roles that grant every permission but this one (admin gets every plugin's, operator the core's). */
function rolesLacking(permission: string): string[] {
  return Object.hasOwn(CORE_PERMISSIONS, permission) ? [ADMIN_ROLE] : [roleWithout(permission), OPERATOR_ROLE];
}
const EVERY_ROLE = [ADMIN_ROLE, OPERATOR_ROLE];

/** The read permission of each topic: the one of the area that declares it, as the server maps them. */
const readPermissionByTopic = new Map(
  plugins.flatMap((plugin) => {
    const read = Object.keys(plugin.permissions ?? {}).find((permission) => permission.endsWith(':read'));
    return read ? Object.keys(plugin.topics ?? {}).map((topic) => [topic, read] as const) : [];
  }),
);
const topicReadPermissions = [...new Set(readPermissionByTopic.values())].sort();

let server: TestServer;
/** A token with every permission: the controls, and what finds the records the cases read. */
let everything: string;
/** For each permission, a token with every other one. */
const lacking = new Map<string, string>();
/** Global ids of the demo tenant's records, by type, as a viewer with every permission finds them. */
let idsByType = new Map<string, string[]>();
/** A customer whose history holds events of every area, each before the last event of another area. */
let customerOfEveryArea: { nodeId: string; rowId: string };
/** The database before any refusal: a refused request writes nothing. */
let beforeRefusals: string;

beforeAll(async () => {
  server = await startTestServer({ clock, extraPlugins: [rolesWithoutEachPermission] });
  everything = await server.token({ roles: EVERY_ROLE, subject: 'matrix-everything' });
  for (const permission of table.permissions) lacking.set(permission, await server.token({ roles: rolesLacking(permission), subject: 'matrix-lacking' }));
  idsByType = await harvestIds();
  customerOfEveryArea = await prepareCustomerOfEveryArea();
  beforeRefusals = await databaseFingerprint();
});
afterAll(() => server?.stop());

async function asEverything(document: string, variables: Record<string, unknown> = {}) {
  const response = await server.graphql(document, variables, { token: everything });
  expect(response.errors, document).toBeUndefined();
  return response;
}

/** Follows every relation the table can read from the root down, collecting each Node's id. */
async function harvestIds(): Promise<Map<string, string[]>> {
  const found = new Map<string, Set<string>>();
  const collect = (value: unknown) =>
    walk(value, (object) => {
      const { __typename: typename, id } = object;
      if (typeof typename === 'string' && typeof id === 'string' && table.isNodeType(typename)) {
        found.set(typename, (found.get(typename) ?? new Set()).add(id));
      }
    });
  const reads = Object.values(table.schema.getQueryType()!.getFields())
    .filter((field) => !field.args.some(isRequired))
    .map((field) => ({ field: field.name, selection: table.selectionReaching(getNamedType(field.type)) }))
    .filter((read): read is { field: string; selection: string } => read.selection !== null);
  for (const response of await Promise.all(reads.map((read) => asEverything(`{ ${read.field} ${read.selection} }`)))) collect(response.data);

  // Round by round, each from the ids found before it, so that the same records are read every run.
  const expanded = new Set<string>();
  for (;;) {
    const next = table.nodeTypes().filter((type) => found.has(type.name) && !expanded.has(type.name));
    if (next.length === 0) break;
    const reads = next.flatMap((type) => {
      expanded.add(type.name);
      const fields = Object.values(type.getFields())
        .filter((field) => !field.args.some(isRequired))
        .map((field) => [field.name, table.selectionReaching(getNamedType(field.type))] as const)
        .filter(([, selection]) => selection !== null);
      if (fields.length === 0) return [];
      const ids = [...found.get(type.name)!].sort().slice(0, 10);
      return [asEverything(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename ... on ${type.name} { ${fields.map(([name, selection]) => `${name} ${selection}`).join(' ')} } } }`, { ids })];
    });
    for (const response of await Promise.all(reads)) collect(response.data);
  }
  return new Map([...found].map(([type, ids]) => [type, [...ids].sort()]));
}

/** Calls `visit` on every object in a response. */
function walk(value: unknown, visit: (object: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) for (const item of value) walk(item, visit);
  else if (typeof value === 'object' && value !== null) {
    visit(value as Record<string, unknown>);
    for (const child of Object.values(value)) walk(child, visit);
  }
}

function typenamesIn(value: unknown): Set<string> {
  const names = new Set<string>();
  walk(value, (object) => {
    if (typeof object.__typename === 'string') names.add(object.__typename);
  });
  return names;
}

/** The values at a response path; a name steps into every item of a list on the way. */
function valuesAt(value: unknown, path: readonly (string | number)[]): unknown[] {
  if (path.length === 0) return [value];
  if (value === null || value === undefined) return [];
  const [step, ...rest] = path;
  if (Array.isArray(value) && typeof step === 'string') return value.flatMap((item) => valuesAt(item, path));
  const next = (value as Record<string | number, unknown>)[step!];
  return next === undefined ? [] : valuesAt(next, rest);
}

function idsOf(type: string): string[] {
  const named = table.nodeTypes().find((candidate) => candidate.name === type);
  const types = named ? [named] : table.nodeTypes().filter((candidate) => candidate.getInterfaces().some((implemented) => implemented.name === type));
  const ids = types.flatMap((candidate) => idsByType.get(candidate.name) ?? []);
  if (ids.length === 0) throw new Error(`no ${type} in the demo tenant: the cases that reach it need one`);
  return ids;
}

const resolved = new Map<string, unknown>();

/** The value of one id the case needs, found in the demo tenant (the same for the refusal and its control). */
async function idFor(entry: AuthorizationCase, need: IdNeed): Promise<unknown> {
  const key = JSON.stringify([need, entry.permission, entry.shows]);
  if (!resolved.has(key)) resolved.set(key, await findId(entry, need));
  return resolved.get(key);
}

async function findId(entry: AuthorizationCase, need: IdNeed): Promise<unknown> {
  if (need.kind === 'one') return idsOf(need.type)[0];
  if (need.kind === 'after-companion') {
    const companion = table.nodeTypes().find((type) => idsByType.has(type.name) && !table.permissionsOfType(type.name).has(entry.permission));
    if (!companion) throw new Error(`no record readable without ${entry.permission} to stand beside it`);
    return [idsByType.get(companion.name)![0], idsOf(need.type)[0]];
  }
  // A few at a time: most relations hold something on the first records already.
  const candidates = idsOf(need.parent).slice(0, config.limits.maxPageSize);
  for (let start = 0; start < candidates.length; start += 20) {
    const response = await asEverything(need.witness, { ids: candidates.slice(start, start + 20) });
    const witness = ((response.data?.nodes ?? []) as (Record<string, unknown> | null)[]).find((node) => {
      if (!node) return false;
      const { __typename: _typename, id: _id, ...relation } = node;
      const shown = typenamesIn(relation);
      return entry.shows.some((type) => shown.has(type));
    });
    if (witness) return witness.id;
  }
  throw new Error(`no ${need.parent} of the demo tenant holds a ${entry.shows.join(' or ')} there: seed one so the route can be checked`);
}

async function variablesOf(entry: AuthorizationCase): Promise<Record<string, unknown>> {
  const variables = { ...entry.variables };
  for (const need of entry.ids) variables[need.variable] = await idFor(entry, need);
  return variables;
}

function codesOf(response: GraphQLResponse): unknown[] {
  return (response.errors ?? []).map((error) => error.extensions?.code);
}

function startsWith(path: readonly (string | number)[] | undefined, prefix: readonly (string | number)[]): boolean {
  return path !== undefined && prefix.every((step, index) => path[index] === step);
}

function expectRefused(entry: AuthorizationCase, response: GraphQLResponse): void {
  const gated = table.typesGatedBy(entry.permission);
  const leaked = [...typenamesIn(response.data)].filter((type) => gated.includes(type));
  expect(leaked, `data of types that need ${entry.permission}`).toEqual([]);
  if (entry.mutation && response.errors === undefined) {
    expect(valuesAt(response.data, [...entry.refusedAt, '__typename'])).toEqual(['ForbiddenError']);
    return;
  }
  expect(codesOf(response).length, 'a refusal').toBeGreaterThan(0);
  for (const error of response.errors ?? []) {
    expect([error.extensions?.code, startsWith(error.path, entry.refusedAt)], `${error.message} at ${error.path?.join('.')}`).toEqual(['FORBIDDEN', true]);
  }
  // Each refusal nulls the value where it happened: at `refusedAt`, or deeper on the way to the
  // gated value (a segment's stays are shown, each stay's customer refused).
  for (const error of response.errors ?? []) expect(valueAtPath(response.data, error.path ?? []), `the value at ${error.path?.join('.')}`).toBeNull();
}

/** The value at a response path exactly as an error names it (indexes included). */
function valueAtPath(value: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((current, step) => (current === null || current === undefined ? null : (current as Record<string | number, unknown>)[step]), value);
}

function expectGranted(entry: AuthorizationCase, response: GraphQLResponse): void {
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  const answered = valuesAt(response.data, entry.refusedAt);
  expect(answered.length, `an answer at ${entry.refusedAt.join('.')}`).toBeGreaterThan(0);
  if (entry.mutation) expect(valuesAt(response.data, [...entry.refusedAt, '__typename'])).not.toContain('ForbiddenError');
  if (entry.shows.length > 0) expect([...typenamesIn(response.data)].filter((type) => entry.shows.includes(type))).not.toEqual([]);
}

/** Row counts and newest row versions of every table: any write changes it. */
async function databaseFingerprint(): Promise<string> {
  const { rows: tables } = await server.owner.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
  const { rows } = await server.owner.query<Record<string, string>>(
    `SELECT ${tables.map(({ name }, index) => `(SELECT count(*) || '/' || coalesce(max(xmin::text::bigint), 0) FROM "${name}") AS t${index}`).join(', ')}`,
  );
  return tables.map(({ name }, index) => `${name} ${rows[0]![`t${index}`]}`).join('\n');
}

interface HistoryEvent {
  id: string;
  topic: string;
  position: string;
}

/** The customer's events, in delivery order. */
async function historyOf(customerRowId: string): Promise<HistoryEvent[]> {
  const { rows } = await server.owner.query<HistoryEvent>(
    // By the column, not the text it is selected as ("9999" sorts after "10000").
    `SELECT e.id::text, e.topic, e.position::text FROM "OutboxEvent" e WHERE e."tenantId" = 'demo' AND e."customerId" = $1 ORDER BY e.position`,
    [customerRowId],
  );
  return rows;
}

/**
 * The demo writes no profile events, so this customer gets a lifecycle change and, after it, a
 * contact: every area then has an event before the last event of another area, which a reader
 * without that area receives — so a leak could not hide at the end of the stream.
 */
async function prepareCustomerOfEveryArea(): Promise<{ nodeId: string; rowId: string }> {
  // The demo's only identity events are on the survivor of its one merge: this customer gets its own.
  const areas = topicReadPermissions.filter((permission) => permission !== 'profile:read' && permission !== 'identity:read');
  const { rows } = await server.owner.query<{ nodeId: string; rowId: string }>(
    `SELECT e."customerNodeId" AS "nodeId", e."customerId"::text AS "rowId" FROM "OutboxEvent" e
     WHERE e."tenantId" = 'demo' AND e."customerNodeId" IS NOT NULL
     GROUP BY 1, 2 HAVING count(*) < 80 AND ${areas.map((_, index) => `bool_or(e.topic = ANY($${index + 1}))`).join(' AND ')}
     ORDER BY 1 LIMIT 1`,
    areas.map((permission) => [...readPermissionByTopic].filter(([, read]) => read === permission).map(([topic]) => topic)),
  );
  const customer = rows[0];
  if (!customer) throw new Error('no demo customer has events of every area');
  if (topicReadPermissions.includes('identity:read')) await mergeANewcomerInto(customer.nodeId);
  const current = await asEverything('query($id: ID!) { customer(id: $id) { lifecycle } }', { id: customer.nodeId });
  const lifecycle = await asEverything('mutation($id: ID!, $lifecycle: Lifecycle!) { setLifecycle(id: $id, lifecycle: $lifecycle) { __typename } }', {
    id: customer.nodeId,
    lifecycle: current.data!.customer.lifecycle === 'ACTIVE' ? 'INACTIVE' : 'ACTIVE',
  });
  expect(lifecycle.data!.setLifecycle.__typename).not.toMatch(/Error$/);
  const contact = await asEverything(
    `mutation($input: RecordInteractionInput!) { recordInteraction(input: $input) { __typename } }`,
    { input: { customerId: customer.nodeId, channel: 'EMAIL', direction: 'INBOUND', kind: 'INQUIRY', occurredAt: seededAt, source: 'matrix', externalId: 'authorization-matrix-1' } },
  );
  expect(contact.data!.recordInteraction.__typename).toBe('RecordInteractionPayload');
  await waitUntil(async () => {
    const { rows: pending } = await server.owner.query(
      `SELECT 1 FROM "OutboxEvent" WHERE position IS NULL UNION ALL SELECT 1 FROM "EventRelay" WHERE "publishedThrough" < (SELECT max(position) FROM "OutboxEvent")`,
    );
    return pending.length === 0;
  }, 'the relay to publish the setup events');
  return customer;
}

/** A person created for the purpose and merged into the customer: `customer.merged` on its timeline. */
async function mergeANewcomerInto(customerId: string): Promise<void> {
  const isPerson = Buffer.from(customerId, 'base64').toString().startsWith('Person:');
  const created = isPerson
    ? (await asEverything('mutation { createPerson(input: { firstName: "Matrix", lastName: "Newcomer" }) { ... on PersonPayload { person { id } } } }')).data!.createPerson.person
    : (await asEverything('mutation { createOrganization(input: { name: "Matrix Newcomer" }) { ... on OrganizationPayload { organization { id } } } }')).data!.createOrganization.organization;
  const merged = await asEverything('mutation($input: MergeCustomersInput!) { mergeCustomers(input: $input) { __typename } }', {
    input: { survivorId: customerId, otherIds: [created.id] },
  });
  expect(merged.data!.mergeCustomers.__typename).toBe('MergeCustomersPayload');
}

async function waitUntil(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`gave up waiting for ${what}`);
}

const topicsOfArea = (permission: string) => new Set([...readPermissionByTopic].filter(([, read]) => read === permission).map(([topic]) => topic));

describe('the table', () => {
  it('reads every permission declaration of the schema', () => {
    expect(table.declarations.unreadable).toEqual([]);
    expect(table.declarations.types.size + table.declarations.fields.size).toBeGreaterThan(100);
  });

  it('names only permissions that a plugin or the core declares', () => {
    const declared = new Set([...pluginPermissions, ...Object.keys(CORE_PERMISSIONS)]);
    expect(table.permissions.filter((permission) => !declared.has(permission))).toEqual([]);
  });

  it('reaches every type and field that declares a permission by at least one route', () => {
    expect(table.unreached()).toEqual([]);
    expect(table.cases.length).toBeGreaterThan(table.declarations.types.size + table.declarations.fields.size);
  });

  it('finds a permission on every Node type, which node(id:) would otherwise hand to any viewer', () => {
    expect(table.nodeTypes().filter((type) => table.permissionsOfType(type.name).size === 0).map((type) => type.name)).toEqual([]);
  });

  it('finds a permission on every root field but those that need none of their own', () => {
    const ungated = [table.schema.getQueryType(), table.schema.getMutationType(), table.schema.getSubscriptionType()].flatMap((root) =>
      Object.keys(root?.getFields() ?? {})
        .map((field) => `${root!.name}.${field}`)
        .filter((coordinate) => !table.declarations.fields.has(coordinate)),
    );
    // node and nodes answer what each value's type allows (the node cases); viewer describes the
    // token itself; customerFacts lists the catalogue of the enabled areas, no tenant's data;
    // activity delivers each event by its topic's area (the subscription cases).
    expect(ungated).toEqual(['Query.customerFacts', 'Query.node', 'Query.nodes', 'Query.viewer', 'Subscription.activity']);
  });

  it('has a record of every gated Node type in the demo tenant', () => {
    const missing = table.nodeTypes().filter((type) => table.permissionsOfType(type.name).size > 0 && !idsByType.has(type.name));
    expect(missing.map((type) => type.name)).toEqual([]);
  });

  it.each(table.permissions)('gives the viewer without %s every other permission', async (permission) => {
    const query = '{ viewer { permissions } }';
    const all = (await asEverything(query)).data!.viewer.permissions as string[];
    const without = await server.graphql(query, undefined, { token: lacking.get(permission)! });
    expect([...(without.data!.viewer.permissions as string[])].sort()).toEqual(all.filter((granted) => granted !== permission).sort());
  });
});

const label = (entry: AuthorizationCase) => `${entry.target} through ${entry.route}`;
const byPermission = table.permissions.map((permission) => [permission, table.cases.filter((entry) => entry.permission === permission)] as const);

describe.each(byPermission)('without %s', (permission, cases) => {
  it.each(cases.map((entry) => [label(entry), entry] as const))('refuses %s', async (_, entry) => {
    const response = await server.graphql(entry.document, await variablesOf(entry), { token: lacking.get(permission)! });
    expectRefused(entry, response);
  });
});

describe('the refusals', () => {
  it('changed nothing in the database', async () => {
    expect(await databaseFingerprint()).toBe(beforeRefusals);
  });
});

describe.each(byPermission)('with %s as well', (permission, cases) => {
  it.each(cases.map((entry) => [label(entry), entry] as const))('answers %s', async (_, entry) => {
    const response = await server.graphql(entry.document, await variablesOf(entry), { token: everything });
    expectGranted(entry, response);
  });
});

const TIMELINE = 'query($id: ID!) { customer(id: $id) { timeline(first: 100) { edges { node { id topic } } } } }';

// Without the permission the customer itself needs, the whole timeline is refused (a field case above).
const timelineAreas = topicReadPermissions.filter((permission) => !table.permissionsOfType('Customer').has(permission));

describe.each(timelineAreas)('Customer.timeline without %s', (permission) => {
  it.each([
    ['leaves out exactly the events of that area', () => lacking.get(permission)!, (event: HistoryEvent) => !topicsOfArea(permission).has(event.topic)],
    ['shows them with it', () => everything, () => true],
  ] as const)('%s', async (_, token, visible) => {
    const history = await historyOf(customerOfEveryArea.rowId);
    expect(history.some((event) => topicsOfArea(permission).has(event.topic))).toBe(true);
    const response = await server.graphql(TIMELINE, { id: customerOfEveryArea.nodeId }, { token: token() });
    expect(response.errors).toBeUndefined();
    const shown = (response.data!.customer.timeline.edges as { node: { id: string } }[]).map((edge) => edge.node.id);
    expect(shown.sort()).toEqual(history.filter(visible).map((event) => event.id).sort());
  });
});

const transports = {
  WebSocket: async (token: string, variables: Record<string, unknown>) => {
    const subscription = await subscribeToActivity(server.url, token, variables);
    return { ids: () => subscription.received.map((event) => event.id), failures: () => subscription.errors, close: () => subscription.close() };
  },
  'server-sent events': async (token: string, variables: Record<string, unknown>) => {
    const subscription = await subscribeOverSse(server.url, token, ACTIVITY, variables);
    const results = () => subscription.results() as { data?: { activity: { id: string } }; errors?: unknown[] }[];
    return {
      ids: () => results().flatMap((result) => (result.data ? [result.data.activity.id] : [])),
      failures: () => results().flatMap((result) => result.errors ?? []),
      close: async () => subscription.close(),
    };
  },
};

describe.each(topicReadPermissions.flatMap((permission) => Object.keys(transports).map((transport) => [permission, transport] as const)))(
  'the activity subscription without %s, over %s',
  (permission, transport) => {
    const subscribe = transports[transport as keyof typeof transports];

    it.each([
      ['leaves out the events of that area', () => lacking.get(permission)!, (event: HistoryEvent) => !topicsOfArea(permission).has(event.topic)],
      ['delivers them with it', () => everything, () => true],
    ] as const)('%s', async (_, token, visible) => {
      const history = await historyOf(customerOfEveryArea.rowId);
      const last = history.findLast((event) => !topicsOfArea(permission).has(event.topic))!;
      // A leak before the last event the reader may see would arrive before it, in delivery order.
      expect(history.slice(0, history.indexOf(last)).some((event) => topicsOfArea(permission).has(event.topic))).toBe(true);
      const expected = history.filter(visible).map((event) => event.id);

      const subscription = await subscribe(token(), { filter: { customerId: customerOfEveryArea.nodeId }, after: '0' });
      try {
        await waitUntil(async () => subscription.ids().length >= expected.length || subscription.failures().length > 0, `${expected.length} events`);
        expect(subscription.failures()).toEqual([]);
        expect(subscription.ids()).toEqual(expected);
      } finally {
        await subscription.close();
      }
    });
  },
);
