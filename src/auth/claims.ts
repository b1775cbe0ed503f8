import { z } from 'zod';

/** A tenant's slug: lowercase letters, digits and dashes, 2–63 characters, not starting with a dash. */
export const TENANT_SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;

export const tenantSlugSchema = z
  .string()
  .regex(TENANT_SLUG, 'must be 2–63 lowercase letters, digits or dashes, not starting with a dash');

/** The claims Nexo needs beyond the registered ones jose checks (`exp`, `iss`, `aud`). */
export const nexoClaimsSchema = z.object({
  sub: z.string().min(1, 'must not be empty'),
  tenant: tenantSlugSchema,
  roles: z.array(z.string().min(1, 'must not contain empty role names')),
});

export type NexoClaims = z.infer<typeof nexoClaimsSchema>;
