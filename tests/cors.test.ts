import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';
import { startTestServer, type TestServer } from './support/server.ts';

const ALLOWED = 'https://app.example.com';
const ALSO_ALLOWED = 'http://localhost:5173';
const OTHER = 'https://attacker.example';

let configured: TestServer;
let production: TestServer;
beforeAll(async () => {
  [configured, production] = await Promise.all([
    startTestServer({ plugins: ['profile'], environment: { NEXO_CORS_ORIGINS: `${ALLOWED}, ${ALSO_ALLOWED}` } }),
    startTestServer({ plugins: ['profile'], environment: { NODE_ENV: 'production' } }),
  ]);
});
afterAll(() => Promise.all([configured?.stop(), production?.stop()]));

/** What a browser sends before a cross-origin POST with a bearer token. */
function preflight(target: TestServer, origin: string): Promise<Response> {
  return fetch(target.url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
  });
}

async function post(target: TestServer, origin: string | null): Promise<Response> {
  return fetch(target.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await target.token()}`, ...(origin ? { origin } : {}) },
    body: JSON.stringify({ query: '{ viewer { subject } }' }),
  });
}

describe('CORS with NEXO_CORS_ORIGINS set', () => {
  it.each([ALLOWED, ALSO_ALLOWED])('%s is allowed: its preflight and its POST carry Access-Control-Allow-Origin', async (origin) => {
    const allowedPreflight = await preflight(configured, origin);
    expect(allowedPreflight.status).toBe(204);
    expect(allowedPreflight.headers.get('access-control-allow-origin')).toBe(origin);
    expect(allowedPreflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    // Bearer tokens, not cookies: a browser is never invited to send credentials.
    expect(allowedPreflight.headers.get('access-control-allow-credentials')).toBeNull();

    const answer = await post(configured, origin);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe(origin);
    expect(await answer.json()).toEqual({ data: { viewer: { subject: 'test-user' } } });
  });

  it('another origin gets no CORS header, on the preflight or on the POST', async () => {
    const refusedPreflight = await preflight(configured, OTHER);
    expect(refusedPreflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(refusedPreflight.headers.get('access-control-allow-headers')).toBeNull();
    const answer = await post(configured, OTHER);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('an origin that only resembles an allowed one is not allowed', async () => {
    for (const lookalike of [`${ALLOWED}.attacker.example`, 'http://app.example.com', `${ALLOWED}:8443`, 'null']) {
      const answer = await post(configured, lookalike);
      expect(answer.headers.get('access-control-allow-origin'), lookalike).toBeNull();
    }
  });

  it('a request without Origin gets no CORS header either', async () => {
    const answer = await post(configured, null);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('CORS by default', () => {
  it('production allows no origin: no CORS header on the preflight or the POST', async () => {
    for (const origin of [ALLOWED, OTHER, 'http://localhost:4000']) {
      const refusedPreflight = await preflight(production, origin);
      expect(refusedPreflight.headers.get('access-control-allow-origin'), origin).toBeNull();
      const answer = await post(production, origin);
      expect(answer.headers.get('access-control-allow-origin'), origin).toBeNull();
      expect(answer.headers.get('access-control-allow-credentials'), origin).toBeNull();
    }
  });

  it('no origin is configured in any environment unless NEXO_CORS_ORIGINS names it', () => {
    for (const NODE_ENV of ['development', 'production', 'test']) expect(loadConfig({ NODE_ENV }).corsOrigins).toEqual([]);
    expect(loadConfig({ NEXO_CORS_ORIGINS: ` ${ALLOWED} ,${ALSO_ALLOWED},` }).corsOrigins).toEqual([ALLOWED, ALSO_ALLOWED]);
  });

  it.each(['*', 'app.example.com', 'https://app.example.com/', 'https://App.example.com', 'https://app.example.com:443', 'ftp://files.example.com'])(
    'NEXO_CORS_ORIGINS=%s is refused at start-up',
    (value) => {
      expect(() => loadConfig({ NEXO_CORS_ORIGINS: value })).toThrow(ConfigError);
      expect(() => loadConfig({ NEXO_CORS_ORIGINS: value })).toThrow(/NEXO_CORS_ORIGINS/);
    },
  );
});
