import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Config } from '../config.ts';
import { GENERATED_SECRET_FILE, loadTokenKeys } from './keys.ts';
import type { TokenKeys } from './keys.ts';
import { signDevelopmentToken } from './sign.ts';

const noAuthConfigured: Config['auth'] = {
  jwtSecret: undefined,
  jwksUrl: undefined,
  jwksFile: undefined,
  issuer: 'nexo',
  audience: 'nexo-api',
};

function secretOf(keys: TokenKeys): string {
  if (keys.kind !== 'shared-secret') throw new Error(`expected a shared secret, got ${keys.kind}`);
  return new TextDecoder().decode(keys.secret);
}

describe('generated secret', () => {
  test('is created once, private to the owner, and reused afterwards', async () => {
    const dataDir = join(await mkdtemp(join(tmpdir(), 'nexo-keys-')), 'nested', '.data');
    const first = await loadTokenKeys(noAuthConfigured, dataDir);
    const second = await loadTokenKeys(noAuthConfigured, dataDir);

    const secretPath = join(dataDir, GENERATED_SECRET_FILE);
    expect(first.algorithms).toEqual(['HS256']);
    expect(secretOf(first)).toBe(secretOf(second));
    expect(Buffer.from(secretOf(first), 'base64url')).toHaveLength(48);
    expect((await readFile(secretPath, 'utf8')).trim()).toBe(secretOf(first));
    expect((await stat(secretPath)).mode & 0o777).toBe(0o600);
  });

  test('loads racing to create it all end up with the same secret', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'nexo-keys-'));
    const loaded = await Promise.all(Array.from({ length: 8 }, () => loadTokenKeys(noAuthConfigured, dataDir)));
    expect(new Set(loaded.map(secretOf)).size).toBe(1);
  });

  test('a truncated secret file is refused with a way out', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'nexo-keys-'));
    await writeFile(join(dataDir, GENERATED_SECRET_FILE), 'short\n');
    await expect(loadTokenKeys(noAuthConfigured, dataDir)).rejects.toThrow(/fewer than 32 characters: delete it/);
  });
});

describe('configured keys', () => {
  test('NEXO_JWT_SECRET is used as is and nothing is written', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'nexo-keys-'));
    const keys = await loadTokenKeys({ ...noAuthConfigured, jwtSecret: 'x'.repeat(40) }, dataDir);
    expect(secretOf(keys)).toBe('x'.repeat(40));
    await expect(stat(join(dataDir, GENERATED_SECRET_FILE))).rejects.toThrow(/ENOENT/);
  });

  test('a JWKS pins the asymmetric algorithms and cannot sign development tokens', async () => {
    const keys = await loadTokenKeys({ ...noAuthConfigured, jwksUrl: 'https://id.example.com/.well-known/jwks.json' }, tmpdir());
    expect(keys).toMatchObject({ kind: 'key-set', algorithms: ['RS256', 'ES256', 'EdDSA'] });
    const request = { subject: 'u', tenant: 'demo', roles: [], issuer: 'nexo', audience: 'nexo-api', expiresIn: '1h' };
    await expect(signDevelopmentToken(keys, request)).rejects.toThrow('NEXO_JWKS_* is set: tokens come from your identity provider');
  });

  test('a secret and a JWKS together are refused', async () => {
    const both = { ...noAuthConfigured, jwtSecret: 'x'.repeat(40), jwksFile: '/nonexistent/jwks.json' };
    await expect(loadTokenKeys(both, tmpdir())).rejects.toThrow('Set only one of NEXO_JWT_SECRET, NEXO_JWKS_URL, NEXO_JWKS_FILE');
  });

  test('an unreadable JWKS file names the file', async () => {
    const config = { ...noAuthConfigured, jwksFile: '/nonexistent/jwks.json' };
    await expect(loadTokenKeys(config, tmpdir())).rejects.toThrow('NEXO_JWKS_FILE /nonexistent/jwks.json cannot be read');
  });
});
