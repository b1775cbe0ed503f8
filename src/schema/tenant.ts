import type { Builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import { TenantStatus } from '../generated/prisma/enums.ts';
import { createTenant, setTenantStatus } from '../tenants/manage-tenants.ts';
import { listTenants, type TenantRecord } from '../tenants/tenant-store.ts';

/** Operators manage the tenant directory; a tenant's own roles (its `admin` included) never may. */
const MANAGE_TENANTS = { permission: 'tenants:manage' } as const;

/**
 * `Tenant` with `Query.tenants` and the operator's mutations. Core, not a plugin: tenancy is no
 * business area. Every statement goes through tenants/tenant-store.ts.
 */
export function registerTenantTypes(builder: Builder): void {
  const TenantStatusEnum = builder.enumType('TenantStatus', {
    description: "Whether a tenant's tokens are accepted.",
    values: {
      [TenantStatus.ACTIVE]: { value: TenantStatus.ACTIVE, description: 'Its tokens are accepted.' },
      [TenantStatus.DISABLED]: { value: TenantStatus.DISABLED, description: 'Its tokens are refused (403 FORBIDDEN); its data is kept.' },
    },
  });

  const TenantRef = builder.objectRef<TenantRecord>('Tenant').implement({
    description: 'An organization served by this installation, with data of its own; tokens name it in their `tenant` claim.',
    fields: (t) => ({
      slug: t.exposeString('id', { description: 'The identifier tokens carry in their `tenant` claim.' }),
      name: t.exposeString('name', { description: 'The name operators know it by.' }),
      status: t.field({ type: TenantStatusEnum, description: "Whether its tokens are accepted.", resolve: (tenant) => tenant.status }),
      disabledAt: t.field({ type: 'DateTime', nullable: true, description: 'When it was disabled; null while it is active.', resolve: (tenant) => tenant.disabledAt }),
      createdAt: t.field({ type: 'DateTime', description: 'When it was created.', resolve: (tenant) => tenant.createdAt }),
    }),
  });

  const TenantPayload = builder.objectRef<{ tenant: TenantRecord }>('TenantPayload').implement({
    description: 'What a tenant mutation answers when it succeeded.',
    fields: (t) => ({ tenant: t.field({ type: TenantRef, description: 'The tenant as the mutation left it, with its current status.', resolve: (payload) => payload.tenant }) }),
  });

  const CreateTenantInput = builder.inputType('CreateTenantInput', {
    description: 'A new tenant.',
    fields: (t) => ({
      slug: t.string({ required: true, description: 'Its identifier in tokens: 2–63 lowercase letters, digits or dashes, not starting with a dash. It never changes.' }),
      name: t.string({ required: true, description: 'Its name, 1–200 characters.' }),
    }),
  });

  builder.queryField('tenants', (t) =>
    t.field({
      type: [TenantRef],
      authScopes: MANAGE_TENANTS,
      description: 'Every tenant of the installation, by slug. Operators only (tenants:manage).',
      resolve: (_root, _args, context) => listTenants(context.sql.query),
    }),
  );

  const statusChange = (name: 'disableTenant' | 'enableTenant', status: TenantStatus, description: string) =>
    builder.mutationField(name, (t) =>
      t.field({
        type: TenantPayload,
        authScopes: MANAGE_TENANTS,
        errors: { types: [ValidationError, NotFoundError, ForbiddenError] },
        description,
        args: { slug: t.arg.string({ required: true, description: "The tenant's slug." }) },
        resolve: async (_root, args, context) => {
          const tenant = await context.mutate(() => setTenantStatus(context.sql.query, args.slug, status, context.clock.now()));
          return { tenant: remembered(context, tenant) };
        },
      }),
    );
  statusChange(
    'disableTenant',
    TenantStatus.DISABLED,
    "Refuses the tenant's tokens from now on (at once on this instance, within the tenant cache's lifetime on others); its data is kept. Operators only (tenants:manage).",
  );
  statusChange('enableTenant', TenantStatus.ACTIVE, "Accepts the tenant's tokens again. Operators only (tenants:manage).");

  builder.mutationField('createTenant', (t) =>
    t.field({
      type: TenantPayload,
      authScopes: MANAGE_TENANTS,
      errors: { types: [ValidationError, ConflictError, ForbiddenError] },
      description: 'Creates an active tenant with no data; tokens naming its slug are accepted at once. Operators only (tenants:manage).',
      args: { input: t.arg({ type: CreateTenantInput, required: true, description: 'The slug and name.' }) },
      resolve: async (_root, args, context) => {
        const tenant = await context.mutate(() => createTenant(context.sql.query, args.input, context.clock.now()));
        return { tenant: remembered(context, tenant) };
      },
    }),
  );
}

/** A change made through this instance takes effect here at once. */
function remembered(context: Context, tenant: TenantRecord): TenantRecord {
  context.tenantDirectory.remember(tenant.id, tenant.status);
  return tenant;
}
