/** Who is asking: the verified claims of the request's token, with its roles expanded to permissions. */
export interface Viewer {
  /** The token's `sub`: the user id that owns records and appears as the actor of events. */
  subject: string;
  /** The tenant every read and write of this request is scoped to. */
  tenantId: string;
  roles: readonly string[];
  /** `area:action` strings granted by the roles, e.g. `profile:read`. */
  permissions: ReadonlySet<string>;
  /** The token's `exp`: connections opened with it (WebSocket, server-sent events) end then. */
  expiresAt: Date;
}

// setTimeout cannot wait longer than ~24.8 days; a connection on a token that long-lived ends then.
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/**
 * How long a connection opened with the viewer's token may stay open, for a timer. Measured on the
 * system clock, the one the token's `exp` was checked against when it was verified.
 */
export function millisecondsUntilExpiry(viewer: Viewer): number {
  return Math.min(Math.max(viewer.expiresAt.getTime() - Date.now(), 0), LONGEST_TIMER_MS);
}
