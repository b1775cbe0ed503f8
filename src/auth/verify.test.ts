import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, base64url, exportJWK, generateKeyPair } from 'jose';
import type { JWTPayload, KeyObject, CryptoKey } from 'jose';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import type { Config } from '../config.ts';
import { UnauthenticatedError } from '../errors.ts';
import { loadTokenKeys } from './keys.ts';
import type { TokenKeys } from './keys.ts';
import { buildRoleTable } from './roles.ts';
import { signDevelopmentToken } from './sign.ts';
import { createTokenVerifier } from './verify.ts';
import type { TokenVerifier } from './verify.ts';

const issuer = 'nexo';
const audience = 'nexo-api';
const secretText = 'a-test-secret-that-is-long-enough-for-hs256-0123456789';
const secret = new TextEncoder().encode(secretText);

const roleTable = buildRoleTable([
  {
    name: 'tickets',
    permissions: { 'tickets:read': 'See tickets', 'tickets:write': 'Open and update tickets' },
    roles: { service: ['tickets:read', 'tickets:write'] },
  },
]);

function authConfig(overrides: Partial<Config['auth']>): Config['auth'] {
  return { jwtSecret: undefined, jwksUrl: undefined, jwksFile: undefined, issuer, audience, ...overrides };
}

function verifierFor(keys: TokenKeys): TokenVerifier {
  return createTokenVerifier(keys, { issuer, audience, permissionsForRoles: (roles) => roleTable.permissionsFor(roles), tenantStatus: () => 'ACTIVE' });
}

const validClaims = { tenant: 'acme', roles: ['service'] };

/** Signs any claims with any key and algorithm, so each test can break exactly one thing. */
async function signed(
  claims: JWTPayload,
  options: { alg?: string; key?: Uint8Array | CryptoKey | KeyObject; kid?: string; expires?: string | null; iss?: string; aud?: string; sub?: string | null } = {},
): Promise<string> {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: options.alg ?? 'HS256', ...(options.kid ? { kid: options.kid } : {}) })
    .setIssuer(options.iss ?? issuer)
    .setAudience(options.aud ?? audience)
    .setIssuedAt();
  if (options.sub !== null) jwt.setSubject(options.sub ?? 'user-1');
  if (options.expires !== null) jwt.setExpirationTime(options.expires ?? '1h');
  return jwt.sign(options.key ?? secret);
}

async function refusal(verify: TokenVerifier, header: string): Promise<Error> {
  const outcome = await verify(header).then(
    () => null,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(UnauthenticatedError);
  return outcome as Error;
}

describe('HS256 secret', () => {
  let verify: TokenVerifier;
  let keys: TokenKeys;
  beforeAll(async () => {
    keys = await loadTokenKeys(authConfig({ jwtSecret: secretText }), tmpdir());
    verify = verifierFor(keys);
  });

  test('a valid token yields the viewer with its roles expanded to permissions', async () => {
    const token = await signDevelopmentToken(keys, {
      subject: 'user-42',
      tenant: 'acme',
      roles: ['service', 'viewer', 'service'],
      issuer,
      audience,
      expiresIn: '1h',
    });
    const signedAt = Date.now();
    const viewer = await verify(`Bearer ${token}`);
    expect(viewer).toEqual({
      subject: 'user-42',
      tenantId: 'acme',
      roles: ['service', 'viewer'],
      permissions: new Set(['tickets:read', 'tickets:write']),
      expiresAt: expect.any(Date),
    });
    // The token's `exp`, one hour out (whole seconds).
    expect(Math.abs(viewer!.expiresAt!.getTime() - (signedAt + 3_600_000))).toBeLessThan(2_000);
  });

  test('the scheme is case-insensitive', async () => {
    await expect(verify(`bearer ${await signed(validClaims)}`)).resolves.toMatchObject({ subject: 'user-1' });
  });

  test('no header means an anonymous request', async () => {
    await expect(verify(undefined)).resolves.toBeNull();
    await expect(verify(null)).resolves.toBeNull();
  });

  test('unknown roles grant nothing and do not fail', async () => {
    const viewer = await verify(`Bearer ${await signed({ tenant: 'acme', roles: ['astronaut'] })}`);
    expect(viewer?.roles).toEqual(['astronaut']);
    expect(viewer?.permissions.size).toBe(0);
  });

  test('a token that expired within the clock tolerance is still accepted', async () => {
    await expect(verify(`Bearer ${await signed(validClaims, { expires: '-2s' })}`)).resolves.not.toBeNull();
  });

  test.each([
    ['an empty header', '', 'missing Bearer scheme'],
    ['another scheme', 'Basic dXNlcjpwYXNz', 'missing Bearer scheme'],
    ['a token without a scheme', 'eyJhbGciOiJIUzI1NiJ9.e30.c2ln', 'missing Bearer scheme'],
    ['Bearer without a token', 'Bearer', 'malformed Authorization header'],
    ['Bearer with two tokens', 'Bearer a.b.c d.e.f', 'malformed Authorization header'],
    ['a token that is not a JWT', 'Bearer not-a-jwt', 'token is not a JWT'],
    ['three parts that are not JSON', 'Bearer abc.def.ghi', 'token is malformed'],
  ])('refuses %s', async (_, header, reason) => {
    expect((await refusal(verify, header)).message).toContain(reason);
  });

  test('refuses an expired token', async () => {
    const token = await signed(validClaims, { expires: '-1m' });
    expect((await refusal(verify, `Bearer ${token}`)).message).toBe('token expired');
  });

  test('a token accepted once is refused once it has expired: verified tokens are remembered only until then', async () => {
    const header = `Bearer ${await signed(validClaims, { expires: '2s' })}`;
    expect((await verify(header))?.subject).toBe('user-1');
    vi.useFakeTimers({ now: Date.now() + 60_000, toFake: ['Date'] });
    try {
      expect((await refusal(verify, header)).message).toMatch(/expired/);
    } finally {
      vi.useRealTimers();
    }
  });

  test('refuses an unsigned token (alg: none)', async () => {
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
    const now = Math.floor(Date.now() / 1000);
    const payload = base64url.encode(JSON.stringify({ ...validClaims, sub: 'user-1', iss: issuer, aud: audience, exp: now + 3600 }));
    expect((await refusal(verify, `Bearer ${header}.${payload}.`)).message).toContain('token algorithm not allowed');
  });

  test.each(['HS384', 'HS512'])('refuses %s even when signed with the right secret', async (alg) => {
    const token = await signed(validClaims, { alg });
    expect((await refusal(verify, `Bearer ${token}`)).message).toContain('token algorithm not allowed');
  });

  test('refuses an RS256 token', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await signed(validClaims, { alg: 'RS256', key: privateKey });
    expect((await refusal(verify, `Bearer ${token}`)).message).toContain('token algorithm not allowed');
  });

  test('refuses a token signed with another secret', async () => {
    const token = await signed(validClaims, { key: new TextEncoder().encode(`${secretText}-but-different`) });
    expect((await refusal(verify, `Bearer ${token}`)).message).toBe('token signature invalid');
  });

  test('refuses a token from another issuer', async () => {
    const token = await signed(validClaims, { iss: 'someone-else' });
    expect((await refusal(verify, `Bearer ${token}`)).message).toBe('token issuer not accepted');
  });

  test('refuses a token for another audience', async () => {
    const token = await signed(validClaims, { aud: 'another-api' });
    expect((await refusal(verify, `Bearer ${token}`)).message).toBe('token audience not accepted');
  });

  test('refuses a token without an expiry', async () => {
    const token = await signed(validClaims, { expires: null });
    expect((await refusal(verify, `Bearer ${token}`)).message).toBe('token is missing the "exp" claim');
  });

  test('refuses a token without a subject', async () => {
    const token = await signed(validClaims, { sub: null });
    expect((await refusal(verify, `Bearer ${token}`)).message).toBe('token is missing the "sub" claim');
  });

  test.each([
    ['no tenant', { roles: [] }, 'token is missing the "tenant" claim'],
    ['an upper-case tenant', { tenant: 'Acme', roles: [] }, 'token claim "tenant"'],
    ['a tenant starting with a dash', { tenant: '-acme', roles: [] }, 'token claim "tenant"'],
    ['a one-letter tenant', { tenant: 'a', roles: [] }, 'token claim "tenant"'],
    ['a numeric tenant', { tenant: 42, roles: [] }, 'token claim "tenant"'],
    ['no roles', { tenant: 'acme' }, 'token is missing the "roles" claim'],
    ['roles as a string', { tenant: 'acme', roles: 'admin' }, 'token claim "roles"'],
    ['roles with a number', { tenant: 'acme', roles: ['admin', 7] }, 'token claim "roles"'],
  ])('refuses a token with %s', async (_, claims, reason) => {
    const token = await signed(claims);
    expect((await refusal(verify, `Bearer ${token}`)).message).toContain(reason);
  });

  test('accepts an empty roles list', async () => {
    const viewer = await verify(`Bearer ${await signed({ tenant: 'acme', roles: [] })}`);
    expect(viewer).toMatchObject({ tenantId: 'acme', roles: [] });
  });
});

describe('JWKS file', () => {
  let verify: TokenVerifier;
  let privateKey: CryptoKey;
  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    const directory = await mkdtemp(join(tmpdir(), 'nexo-jwks-'));
    const jwksFile = join(directory, 'jwks.json');
    await writeFile(jwksFile, JSON.stringify({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'key-1', use: 'sig' }] }));
    verify = verifierFor(await loadTokenKeys(authConfig({ jwksFile }), directory));
  });

  test('accepts a token signed with the private key of the set', async () => {
    const token = await signed(validClaims, { alg: 'ES256', key: privateKey, kid: 'key-1' });
    await expect(verify(`Bearer ${token}`)).resolves.toMatchObject({ subject: 'user-1', tenantId: 'acme', roles: ['service'] });
  });

  test('refuses an HS256 token', async () => {
    const token = await signed(validClaims);
    expect((await refusal(verify, `Bearer ${token}`)).message).toContain('token algorithm not allowed');
  });

  test('refuses a token signed by a key outside the set', async () => {
    const stranger = await generateKeyPair('ES256');
    const token = await signed(validClaims, { alg: 'ES256', key: stranger.privateKey, kid: 'key-2' });
    expect((await refusal(verify, `Bearer ${token}`)).message).toContain('not in the key set');
  });

  test('refuses a token whose signature does not match the key it names', async () => {
    const stranger = await generateKeyPair('ES256');
    const token = await signed(validClaims, { alg: 'ES256', key: stranger.privateKey, kid: 'key-1' });
    expect((await refusal(verify, `Bearer ${token}`)).message).toBe('token signature invalid');
  });
});

describe('JWKS URL', () => {
  test('an unreachable key set is a server failure, not an invalid token', async () => {
    const keys = await loadTokenKeys(authConfig({ jwksUrl: 'http://127.0.0.1:9/jwks.json' }), tmpdir());
    const { privateKey } = await generateKeyPair('RS256');
    const token = await signed(validClaims, { alg: 'RS256', key: privateKey, kid: 'key-1' });
    const outcome = await verifierFor(keys)(`Bearer ${token}`).then(
      () => null,
      (error: unknown) => error,
    );
    expect(outcome).toBeInstanceOf(Error);
    expect(outcome).not.toBeInstanceOf(UnauthenticatedError);
  });
});
