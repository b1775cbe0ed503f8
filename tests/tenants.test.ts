import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestServer, TEST_JWT_SECRET, type TestServer, type TokenRequest } from './support/server.ts';

// Tokens are accepted only for tenants that exist and are active (401 UNAUTHENTICATED for a tenant
// that does not exist, 403 FORBIDDEN for a disabled one); operators manage the tenant directory
// through the API and `npm run tenant`.

const repoRoot = resolve(import.meta.dirname, '..');
const OPERATOR: TokenRequest = { tenant: 'demo', roles: ['operator'], subject: 'ops' };
const ACME_ADMIN: TokenRequest = { tenant: 'acme', roles: ['admin'] };
const NOWHERE_ADMIN: TokenRequest = { tenant: 'nowhere', roles: ['admin'] };
// How long a status read elsewhere is trusted by the server below.
const CACHE_MS = 300;

const CREATE_PERSON = `mutation { createPerson(input: { firstName: "Ada", lastName: "Ghost" }) { __typename ... on Error { code } } }`;
const CREATE_TENANT = `mutation($input: CreateTenantInput!) {
  createTenant(input: $input) {
    __typename
    ... on TenantPayload { tenant { slug name status disabledAt createdAt } }
    ... on Error { code message }
    ... on ValidationError { fieldErrors { path message } }
    ... on ConflictError { existingId }
  }
}`;
const SET_STATUS = (field: 'disableTenant' | 'enableTenant') => `mutation($slug: String!) {
  ${field}(slug: $slug) {
    __typename
    ... on TenantPayload { tenant { slug status disabledAt } }
    ... on Error { code message }
    ... on ValidationError { fieldErrors { path message } }
  }
}`;
const TENANTS = '{ tenants { slug name status disabledAt } }';

let server: TestServer;
// The scripts' NEXO_DATA_DIR: with DATABASE_URL and NEXO_JWT_SECRET set they keep nothing in it.
let scriptDataDir: string;
beforeAll(async () => {
  server = await startTestServer({ environment: { NEXO_TENANT_CACHE_MS: String(CACHE_MS) } });
  scriptDataDir = await mkdtemp(join(tmpdir(), 'nexo-cli-'));
});
afterAll(async () => {
  await server?.stop();
  if (scriptDataDir) await rm(scriptDataDir, { recursive: true, force: true });
});

/** Rows of the tables a refused request could have touched, and every tenant's status. */
async function snapshot(): Promise<Record<string, unknown>> {
  const { rows } = await server.owner.query(`
    SELECT (SELECT count(*)::int FROM "Tenant") AS tenants,
           (SELECT count(*)::int FROM "Customer") AS customers,
           (SELECT count(*)::int FROM "OutboxEvent") AS events,
           (SELECT string_agg(id || ':' || status || ':' || coalesce("disabledAt"::text, '-'), ',' ORDER BY id) FROM "Tenant") AS statuses`);
  return rows[0];
}

async function statusOf(slug: string): Promise<string | undefined> {
  const { rows } = await server.owner.query<{ status: string }>('SELECT status FROM "Tenant" WHERE id = $1', [slug]);
  return rows[0]?.status;
}

/** Sends `connection_init` with the token on a raw graphql-ws socket; resolves with how the socket ends, or 'acknowledged'. */
function connectionInit(token: string): Promise<number | 'acknowledged'> {
  return new Promise((resolveOutcome, reject) => {
    const socket = new WebSocket(server.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    socket.on('message', (data) => {
      if (JSON.parse(String(data)).type === 'connection_ack') {
        resolveOutcome('acknowledged');
        socket.close(1000);
      }
    });
    socket.on('close', (code) => resolveOutcome(code));
    socket.on('error', reject);
  });
}

/** A subscription over server-sent events: the status and body of the answer (a refusal ends it). */
async function subscribeOverSse(token: string): Promise<{ status: number; body: string }> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: 'subscription { activity { id topic } }' }),
  });
  return { status: response.status, body: await response.text() };
}

/** Runs a script the way `npm run` does, with this server's database and secret. */
function runScript(script: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(join(repoRoot, 'node_modules/.bin/node'), [join(repoRoot, 'scripts', script), ...args], {
      cwd: repoRoot,
      env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: server.ownerDatabaseUrl, NEXO_JWT_SECRET: TEST_JWT_SECRET, NEXO_DATA_DIR: scriptDataDir },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolveRun({ code, stdout, stderr }));
  });
}

describe('a token for a tenant that does not exist', () => {
  it('is refused over HTTP with 401 UNAUTHENTICATED, for reads and writes, and nothing is written', async () => {
    const before = await snapshot();

    const read = await server.graphql('{ viewer { tenant } customers(first: 1) { totalCount } }', undefined, { as: NOWHERE_ADMIN });
    const write = await server.graphql(CREATE_PERSON, undefined, { as: NOWHERE_ADMIN });

    for (const response of [read, write]) {
      expect(response.status).toBe(401);
      expect(response.data ?? null).toBeNull();
      expect(response.errors).toEqual([expect.objectContaining({ message: 'token tenant "nowhere" does not exist', extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) })]);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('is refused over server-sent events with 401 and no event', async () => {
    const { status, body } = await subscribeOverSse(await server.token(NOWHERE_ADMIN));
    expect(status).toBe(401);
    expect(body).toContain('UNAUTHENTICATED');
    expect(body).toContain('does not exist');
    expect(body).not.toContain('"topic"');
  });

  it('closes the WebSocket at connection_init with 4403, as a bad token does', async () => {
    expect(await connectionInit(await server.token(NOWHERE_ADMIN))).toBe(4403);
    expect(await connectionInit(await server.token(ACME_ADMIN))).toBe('acknowledged');
  });
});

describe('operators', () => {
  it('create a tenant whose tokens then work, list it, disable it (refused at once) and enable it again', async () => {
    const created = await server.graphql(CREATE_TENANT, { input: { slug: 'north-wind', name: '  North Wind Traders ' } }, { as: OPERATOR });
    expect(created.errors).toBeUndefined();
    expect(created.data!.createTenant).toMatchObject({ __typename: 'TenantPayload', tenant: { slug: 'north-wind', name: 'North Wind Traders', status: 'ACTIVE', disabledAt: null } });

    const northWind: TokenRequest = { tenant: 'north-wind', roles: ['admin'] };
    const person = await server.graphql(CREATE_PERSON, undefined, { as: northWind });
    expect(person.errors).toBeUndefined();
    expect(person.data!.createPerson).not.toHaveProperty('code');
    const { rows } = await server.owner.query(`SELECT count(*)::int AS customers FROM "Customer" WHERE "tenantId" = 'north-wind'`);
    expect(rows[0].customers).toBe(1);

    const listed = await server.graphql(TENANTS, undefined, { as: OPERATOR });
    expect(listed.data!.tenants.map((tenant: { slug: string }) => tenant.slug)).toEqual(['acme', 'demo', 'north-wind']);

    const disabled = await server.graphql(SET_STATUS('disableTenant'), { slug: 'north-wind' }, { as: OPERATOR });
    expect(disabled.data!.disableTenant).toMatchObject({ __typename: 'TenantPayload', tenant: { slug: 'north-wind', status: 'DISABLED', disabledAt: expect.any(String) } });
    expect(await statusOf('north-wind')).toBe('DISABLED');

    // Through the same instance: at once, over every transport.
    const before = await snapshot();
    const refused = await server.graphql(CREATE_PERSON, undefined, { as: northWind });
    expect(refused.status).toBe(403);
    expect(refused.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('tenant "north-wind" is disabled'), extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
    expect(await connectionInit(await server.token(northWind))).toBe(4403);
    const sse = await subscribeOverSse(await server.token(northWind));
    expect(sse.status).toBe(403);
    expect(sse.body).toContain('FORBIDDEN');
    expect(await snapshot()).toEqual(before);

    const enabled = await server.graphql(SET_STATUS('enableTenant'), { slug: 'north-wind' }, { as: OPERATOR });
    expect(enabled.data!.enableTenant).toMatchObject({ tenant: { status: 'ACTIVE', disabledAt: null } });
    const again = await server.graphql('{ customers(first: 1) { totalCount } }', undefined, { as: northWind });
    expect(again.status).toBe(200);
    expect(again.data!.customers.totalCount).toBe(1);
  });

  it('get a ValidationError for a bad slug or name and a ConflictError for a taken slug, and nothing changes', async () => {
    const before = await snapshot();

    const badSlug = await server.graphql(CREATE_TENANT, { input: { slug: 'Bad Slug!', name: 'Bad' } }, { as: OPERATOR });
    expect(badSlug.data!.createTenant).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION', fieldErrors: [{ path: ['input', 'slug'], message: expect.stringContaining('lowercase') }] });
    const blankName = await server.graphql(CREATE_TENANT, { input: { slug: 'blank-name', name: '   ' } }, { as: OPERATOR });
    expect(blankName.data!.createTenant).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['input', 'name'], message: 'must not be empty' }] });
    const duplicate = await server.graphql(CREATE_TENANT, { input: { slug: 'acme', name: 'Another Acme' } }, { as: OPERATOR });
    expect(duplicate.data!.createTenant).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT', existingId: 'acme', message: 'A tenant with the slug "acme" already exists' });
    const unknown = await server.graphql(SET_STATUS('disableTenant'), { slug: 'nowhere' }, { as: OPERATOR });
    expect(unknown.data!.disableTenant).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    const badDisable = await server.graphql(SET_STATUS('disableTenant'), { slug: '-x' }, { as: OPERATOR });
    expect(badDisable.data!.disableTenant).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['slug'] }] });

    expect(await snapshot()).toEqual(before);
  });

  it("are not a tenant's admin: an admin's attempts are FORBIDDEN and change nothing", async () => {
    const before = await snapshot();

    const list = await server.graphql(TENANTS, undefined, { as: ACME_ADMIN });
    expect(list.errors).toEqual([expect.objectContaining({ path: ['tenants'], extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
    const create = await server.graphql(CREATE_TENANT, { input: { slug: 'rogue', name: 'Rogue' } }, { as: ACME_ADMIN });
    expect(create.data!.createTenant).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
    const disable = await server.graphql(SET_STATUS('disableTenant'), { slug: 'demo' }, { as: ACME_ADMIN });
    expect(disable.data!.disableTenant).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
    const viewer = await server.graphql('{ viewer { permissions } }', undefined, { as: ACME_ADMIN });
    expect(viewer.data!.viewer.permissions).not.toContain('tenants:manage');

    expect(await snapshot()).toEqual(before);
  });
});

describe('a tenant disabled elsewhere (another instance, the CLI)', () => {
  it('is refused here once the tenant cache has expired', async () => {
    const acmeToken = await server.token(ACME_ADMIN);
    expect((await server.graphql('{ viewer { tenant } }', undefined, { token: acmeToken })).status).toBe(200);
    try {
      await server.owner.query(`SELECT * FROM set_tenant_status('acme', 'DISABLED', now()::timestamp)`);
      const disabledAt = performance.now();
      let refused: Awaited<ReturnType<TestServer['graphql']>> | undefined;
      while (!refused && performance.now() - disabledAt < CACHE_MS + 5_000) {
        const response = await server.graphql('{ viewer { tenant } }', undefined, { token: acmeToken });
        if (response.status !== 200) refused = response;
        else await new Promise((wait) => setTimeout(wait, 25));
      }
      expect(refused?.status).toBe(403);
      expect(refused?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    } finally {
      await server.owner.query(`SELECT * FROM set_tenant_status('acme', 'ACTIVE', now()::timestamp)`);
    }
  });
});

describe('npm run tenant', () => {
  it('creates, lists, disables and enables a tenant in the database, and says why it refuses', async () => {
    const created = await runScript('tenant.ts', ['create', 'cli-lab', 'CLI Lab']);
    expect(created.stderr).toContain('Created tenant cli-lab  "CLI Lab"  ACTIVE');
    expect(created.code).toBe(0);

    const listed = await runScript('tenant.ts', ['list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout.split('\n').filter(Boolean).map((line) => line.split(/\s+/)[0])).toEqual(['acme', 'cli-lab', 'demo', 'north-wind']);

    const disabled = await runScript('tenant.ts', ['disable', 'cli-lab']);
    expect(disabled.code).toBe(0);
    expect(await statusOf('cli-lab')).toBe('DISABLED');
    expect((await runScript('tenant.ts', ['list'])).stdout).toMatch(/^cli-lab\s+"CLI Lab"\s+DISABLED since \d{4}-/m);

    const enabled = await runScript('tenant.ts', ['enable', 'cli-lab']);
    expect(enabled.code).toBe(0);
    expect(await statusOf('cli-lab')).toBe('ACTIVE');

    const before = await snapshot();
    const duplicate = await runScript('tenant.ts', ['create', 'cli-lab', 'Again']);
    expect(duplicate).toMatchObject({ code: 1, stderr: expect.stringContaining('A tenant with the slug "cli-lab" already exists') });
    const unknown = await runScript('tenant.ts', ['disable', 'nowhere']);
    expect(unknown).toMatchObject({ code: 1, stderr: expect.stringContaining('Tenant nowhere was not found') });
    const badSlug = await runScript('tenant.ts', ['create', 'Bad Slug', 'Bad']);
    expect(badSlug).toMatchObject({ code: 1, stderr: expect.stringContaining('Tenant slug must be 2–63 lowercase letters') });
    const noCommand = await runScript('tenant.ts', ['rename', 'cli-lab']);
    expect(noCommand).toMatchObject({ code: 1, stderr: expect.stringContaining('Unknown command "rename"') });
    expect(await snapshot()).toEqual(before);
  });
});

describe('npm run token', () => {
  it('refuses a tenant that does not exist, and mints an operator token that manages tenants', async () => {
    const refused = await runScript('token.ts', ['--tenant', 'nowhere']);
    expect(refused).toMatchObject({ code: 1, stdout: '', stderr: expect.stringContaining('Tenant "nowhere" does not exist') });

    const minted = await runScript('token.ts', ['--operator']);
    expect(minted.code).toBe(0);
    const token = minted.stdout.trim();
    const viewer = await server.graphql('{ viewer { tenant roles permissions } tenants { slug } }', undefined, { token });
    expect(viewer.errors).toBeUndefined();
    expect(viewer.data).toMatchObject({ viewer: { tenant: 'demo', roles: ['operator'], permissions: ['tenants:manage'] } });
  });
});
