import { errors, jwtVerify } from 'jose';
import type { JWTPayload } from 'jose';
import { ForbiddenError, UnauthenticatedError } from '../errors.ts';
import type { TenantStatus } from '../generated/prisma/enums.ts';
import { nexoClaimsSchema } from './claims.ts';
import type { TokenKeys } from './keys.ts';
import type { Viewer } from './viewer.ts';

export interface TokenVerifierOptions {
  /** Expected `iss`. */
  issuer: string;
  /** Expected `aud`. */
  audience: string;
  /** Expands the token's roles; unknown roles grant nothing. */
  permissionsForRoles(roles: readonly string[]): ReadonlySet<string>;
  /**
   * The status of the tenant a token names, null when there is no such tenant (see
   * tenants/tenant-directory.ts: a few seconds stale at most). Asked on every call, cached token or not.
   */
  tenantStatus(tenantId: string): TenantStatus | null | Promise<TenantStatus | null>;
}

/**
 * Turns an `Authorization` header into a Viewer: `null` when the header is absent (anonymous),
 * an UnauthenticatedError saying why when it is present but not a valid Bearer token or names a
 * tenant that does not exist, a ForbiddenError when its tenant is disabled.
 */
export type TokenVerifier = (authorizationHeader: string | null | undefined) => Promise<Viewer | null>;

/** Allows for small clock differences between the token issuer and this server. */
const CLOCK_TOLERANCE_SECONDS = 5;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export function createTokenVerifier(keys: TokenKeys, options: TokenVerifierOptions): TokenVerifier {
  const verificationOptions = {
    algorithms: [...keys.algorithms],
    issuer: options.issuer,
    audience: options.audience,
    requiredClaims: ['exp', 'sub'],
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
  };
  const verifyJwt = (token: string) =>
    keys.kind === 'shared-secret'
      ? jwtVerify(token, keys.secret, verificationOptions)
      : jwtVerify(token, keys.keySet, verificationOptions);

  const verified = new VerifiedTokens();
  // A valid token is still refused while its tenant does not exist or is disabled.
  const admitted = async (viewer: Viewer): Promise<Viewer> => {
    const status = await options.tenantStatus(viewer.tenantId);
    if (status === null) throw new UnauthenticatedError(`token tenant "${viewer.tenantId}" does not exist`);
    if (status === 'DISABLED') throw new ForbiddenError(`tenant "${viewer.tenantId}" is disabled: its tokens are refused until an operator enables it again`);
    return viewer;
  };

  return async (authorizationHeader) => {
    if (authorizationHeader === null || authorizationHeader === undefined) return null;
    const token = bearerToken(authorizationHeader);
    const known = verified.get(token);
    if (known) return admitted(known);

    let payload: JWTPayload;
    try {
      ({ payload } = await verifyJwt(token));
    } catch (error) {
      const reason = rejectionReason(error, keys);
      // An unreachable key set (timeout, HTTP error) is the server's problem, not an invalid token.
      if (reason === null) throw error;
      const rejection = new UnauthenticatedError(reason);
      rejection.cause = error;
      throw rejection;
    }

    const claims = nexoClaimsSchema.safeParse(payload);
    if (!claims.success) {
      const issue = claims.error.issues[0];
      const claim = String(issue?.path[0] ?? 'claims');
      throw new UnauthenticatedError(
        payload[claim] === undefined ? `token is missing the "${claim}" claim` : `token claim "${claim}" ${issue?.message ?? 'is invalid'}`,
      );
    }

    const roles = [...new Set(claims.data.roles)];
    const viewer: Viewer = {
      subject: claims.data.sub,
      tenantId: claims.data.tenant,
      roles,
      permissions: options.permissionsForRoles(roles),
      expiresAt: new Date(Number(payload.exp) * 1000),
    };
    verified.remember(token, viewer);
    return admitted(viewer);
  };
}

const MAX_VERIFIED_TOKENS = 10_000;

/**
 * Tokens already verified, until they expire. A client sends the same token with every request;
 * checking its signature again costs ~0.14 ms of CPU each time (an HMAC through WebCrypto) for an
 * answer that cannot change before `exp`. Bounded: when full it starts over.
 */
class VerifiedTokens {
  private readonly entries = new Map<string, { viewer: Viewer; expiresAtMs: number }>();

  get(token: string): Viewer | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= Date.now()) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.viewer;
  }

  remember(token: string, viewer: Viewer): void {
    if (this.entries.size >= MAX_VERIFIED_TOKENS) this.entries.clear();
    this.entries.set(token, { viewer, expiresAtMs: viewer.expiresAt.getTime() });
  }
}

function bearerToken(authorizationHeader: string): string {
  const [scheme = '', ...credentials] = authorizationHeader.trim().split(/\s+/);
  // The scheme is case-insensitive (RFC 9110), so `bearer` is accepted as well.
  if (scheme.toLowerCase() !== 'bearer') {
    throw new UnauthenticatedError('missing Bearer scheme: send `Authorization: Bearer <token>`');
  }
  if (credentials.length !== 1) {
    throw new UnauthenticatedError('malformed Authorization header: expected exactly one token after `Bearer`');
  }
  const token = credentials[0] ?? '';
  if (!COMPACT_JWS.test(token)) {
    throw new UnauthenticatedError('token is not a JWT (expected three base64url parts separated by dots)');
  }
  return token;
}

/** Says, for the client, why jose refused a token; `null` when the failure is not the token's fault. */
function rejectionReason(error: unknown, keys: TokenKeys): string | null {
  if (error instanceof errors.JWTExpired) return 'token expired';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'token signature invalid';
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return `token algorithm not allowed (accepted: ${keys.algorithms.join(', ')})`;
  }
  if (error instanceof errors.JWKSNoMatchingKey) return 'token signed by a key that is not in the key set';
  if (error instanceof errors.JWKSMultipleMatchingKeys) return 'token has no `kid` and several keys in the key set could match';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') return `token is missing the "${error.claim}" claim`;
    if (error.claim === 'iss') return 'token issuer not accepted';
    if (error.claim === 'aud') return 'token audience not accepted';
    if (error.claim === 'nbf') return 'token not valid yet';
    return `token claim "${error.claim}" is invalid`;
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return 'token is malformed';
  return null;
}
