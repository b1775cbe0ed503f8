import { SignJWT } from 'jose';
import { tenantSlugSchema } from './claims.ts';
import type { TokenKeys } from './keys.ts';

export interface DevelopmentTokenRequest {
  subject: string;
  tenant: string;
  roles: readonly string[];
  issuer: string;
  audience: string;
  /** How long the token lives, relative to now: `12h`, `30m`, `7d` (jose's time span syntax). */
  expiresIn: string;
}

/**
 * Mints an HS256 token with the server's own secret, for development and tests. With a JWKS
 * configured, Nexo holds no private key: tokens must come from the identity provider.
 */
export async function signDevelopmentToken(keys: TokenKeys, request: DevelopmentTokenRequest): Promise<string> {
  if (keys.kind !== 'shared-secret') {
    throw new Error(`NEXO_JWKS_* is set: tokens come from your identity provider (keys: ${keys.source})`);
  }
  // Refuse here what the verifier would refuse later, so a bad tenant fails when minting, not on first use.
  const tenant = tenantSlugSchema.safeParse(request.tenant);
  if (!tenant.success) {
    throw new Error(`Tenant "${request.tenant}" ${tenant.error.issues[0]?.message ?? 'is invalid'}`);
  }
  if (request.subject.length === 0) throw new Error('The token subject must not be empty');

  const jwt = new SignJWT({ tenant: tenant.data, roles: [...request.roles] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(request.subject)
    .setIssuer(request.issuer)
    .setAudience(request.audience)
    .setIssuedAt();
  try {
    jwt.setExpirationTime(request.expiresIn);
  } catch (cause) {
    throw new Error(`Expiry "${request.expiresIn}" is not a time span such as 12h, 30m or 7d`, { cause });
  }
  return jwt.sign(keys.secret);
}
