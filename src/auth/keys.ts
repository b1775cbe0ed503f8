import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createLocalJWKSet, createRemoteJWKSet } from 'jose';
import type { JSONWebKeySet, JWSAlgorithm, JWTVerifyGetKey } from 'jose';
import { ConfigError } from '../config.ts';
import type { Config } from '../config.ts';

/** The only algorithm a shared secret may sign with: pinned so a token cannot pick a weaker one. */
export const SHARED_SECRET_ALGORITHMS: readonly JWSAlgorithm[] = ['HS256'];
/** Asymmetric algorithms accepted from an identity provider's key set; never HMAC, never `none`. */
export const KEY_SET_ALGORITHMS: readonly JWSAlgorithm[] = ['RS256', 'ES256', 'EdDSA'];

/** Name of the file, inside the data dir, holding the secret generated when none is configured. */
export const GENERATED_SECRET_FILE = 'jwt-secret';

/** An HS256 secret: Nexo both verifies and (for development tokens) signs with it. */
export interface SharedSecretKeys {
  kind: 'shared-secret';
  secret: Uint8Array;
  algorithms: readonly JWSAlgorithm[];
  /** Where the secret came from, for logs and the token script. */
  source: string;
}

/** A JSON Web Key Set: tokens come from an identity provider, Nexo only verifies them. */
export interface KeySetKeys {
  kind: 'key-set';
  keySet: JWTVerifyGetKey;
  algorithms: readonly JWSAlgorithm[];
  /** Where the key set came from, for logs and the token script. */
  source: string;
}

export type TokenKeys = SharedSecretKeys | KeySetKeys;

/**
 * Resolves the key material tokens are verified with: a JWKS (URL or file) when configured,
 * otherwise `NEXO_JWT_SECRET`, otherwise a secret generated once into `<dataDir>/jwt-secret`.
 */
export async function loadTokenKeys(auth: Config['auth'], dataDir: string): Promise<TokenKeys> {
  const configured = [
    auth.jwtSecret === undefined ? null : 'NEXO_JWT_SECRET',
    auth.jwksUrl === undefined ? null : 'NEXO_JWKS_URL',
    auth.jwksFile === undefined ? null : 'NEXO_JWKS_FILE',
  ].filter((name) => name !== null);
  // Accepting two sources at once would let a leaked development secret mint tokens in production.
  if (configured.length > 1) {
    throw new ConfigError(`Set only one of NEXO_JWT_SECRET, NEXO_JWKS_URL, NEXO_JWKS_FILE (found ${configured.join(', ')})`);
  }

  if (auth.jwksUrl !== undefined) {
    return {
      kind: 'key-set',
      keySet: createRemoteJWKSet(new URL(auth.jwksUrl)),
      algorithms: KEY_SET_ALGORITHMS,
      source: `JWKS at ${auth.jwksUrl}`,
    };
  }
  if (auth.jwksFile !== undefined) {
    return {
      kind: 'key-set',
      keySet: createLocalJWKSet(await readKeySetFile(auth.jwksFile)),
      algorithms: KEY_SET_ALGORITHMS,
      source: `JWKS file ${auth.jwksFile}`,
    };
  }
  if (auth.jwtSecret !== undefined) {
    return sharedSecret(auth.jwtSecret, 'NEXO_JWT_SECRET');
  }
  const secretPath = join(dataDir, GENERATED_SECRET_FILE);
  return sharedSecret(await readOrCreateSecretFile(secretPath), `secret generated in ${secretPath}`);
}

function sharedSecret(secret: string, source: string): SharedSecretKeys {
  // The secret is used as its UTF-8 bytes, so the generated file's content works as NEXO_JWT_SECRET too.
  return { kind: 'shared-secret', secret: new TextEncoder().encode(secret), algorithms: SHARED_SECRET_ALGORITHMS, source };
}

async function readKeySetFile(path: string): Promise<JSONWebKeySet> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new ConfigError(`NEXO_JWKS_FILE ${path} cannot be read: ${(cause as Error).message}`, { cause });
  }
  try {
    return JSON.parse(text) as JSONWebKeySet;
  } catch (cause) {
    throw new ConfigError(`NEXO_JWKS_FILE ${path} is not valid JSON: ${(cause as Error).message}`, { cause });
  }
}

/**
 * Returns the secret stored at `path`, creating it first when absent. Creation is atomic: the
 * secret is written in full to a private temporary file, then hard-linked into place, which fails
 * with EEXIST when another process got there first; that process's secret is then the one read.
 */
async function readOrCreateSecretFile(path: string): Promise<string> {
  const existing = await readSecretFile(path);
  if (existing !== null) return existing;

  await mkdir(dirname(path), { recursive: true });
  const temporaryPath = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporaryPath, `${randomBytes(48).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(temporaryPath, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(temporaryPath);
  }
  const created = await readSecretFile(path);
  if (created === null) throw new Error(`The JWT secret file ${path} vanished right after it was created`);
  return created;
}

async function readSecretFile(path: string): Promise<string | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const secret = text.trim();
  if (secret.length < 32) {
    throw new ConfigError(`The JWT secret file ${path} holds fewer than 32 characters: delete it to generate a new one`);
  }
  return secret;
}
