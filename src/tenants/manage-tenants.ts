import { z } from 'zod';
import { tenantSlugSchema } from '../auth/claims.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { parseInput } from '../schema/parse-input.ts';
import { insertTenant, updateTenantStatus, type RunQuery, type TenantRecord, type TenantStatus } from './tenant-store.ts';

/**
 * What operators do with tenants, shared by the API (src/schema/tenant.ts) and the CLI
 * (scripts/tenant.ts): the same checks and the same typed errors either way.
 */

const newTenantSchema = z.object({
  slug: tenantSlugSchema,
  name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
});

/** A ValidationError (bad slug or name) or a ConflictError (slug taken) when it cannot be created. */
export async function createTenant(query: RunQuery, input: { slug: string; name: string }, now: Date, at: string[] = ['input']): Promise<TenantRecord> {
  const { slug, name } = parseInput(newTenantSchema, input, at);
  const created = await insertTenant(query, { id: slug, name, createdAt: now });
  if (!created) throw new ConflictError(`A tenant with the slug "${slug}" already exists`, slug);
  return created;
}

/** A NotFoundError when there is no such tenant; setting the status it already has changes nothing. */
export async function setTenantStatus(query: RunQuery, slug: string, status: TenantStatus, now: Date, at: string[] = ['slug']): Promise<TenantRecord> {
  const parsed = parseInput(tenantSlugSchema, slug, at);
  const updated = await updateTenantStatus(query, parsed, status, now);
  if (!updated) throw new NotFoundError('Tenant', parsed);
  return updated;
}
