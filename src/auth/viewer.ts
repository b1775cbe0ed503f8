/** Who is asking: the verified claims of the request's token, with its roles expanded to permissions. */
export interface Viewer {
  /** The token's `sub`: the user id that owns records and appears as the actor of events. */
  subject: string;
  /** The tenant every read and write of this request is scoped to. */
  tenantId: string;
  roles: readonly string[];
  /** `area:action` strings granted by the roles, e.g. `profile:read`. */
  permissions: ReadonlySet<string>;
  /** When the token stops being valid; long-lived connections end then. */
  expiresAt?: Date;
}
