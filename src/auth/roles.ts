import type { PluginManifest } from '../plugin-api.ts';

/** Gets every permission any plugin declares. */
export const ADMIN_ROLE = 'admin';
/** Gets every permission whose action is `read`. */
export const VIEWER_ROLE = 'viewer';
/**
 * Runs the installation, not a tenant: gets the core's permissions. A tenant's `admin` never gets
 * them, since `admin` gets only what plugins declare.
 */
export const OPERATOR_ROLE = 'operator';

/** The core's own permissions: not a business area's, so no plugin may declare or grant them. */
export const CORE_PERMISSIONS: Readonly<Record<string, string>> = Object.freeze({
  'tenants:manage': 'List, create, disable and enable tenants',
});

/** What each role may do, as the union of every plugin's contribution. */
export interface RoleTable {
  roles: ReadonlyMap<string, ReadonlySet<string>>;
  /** The permissions a token's roles grant together; roles the table does not know grant nothing. */
  permissionsFor(roles: readonly string[]): ReadonlySet<string>;
}

/** The part of a plugin's manifest that shapes roles. */
export type PluginRoleManifest = Pick<PluginManifest, 'name' | 'permissions' | 'roles'>;

/** Builds the role table; throws when a plugin grants a permission that no plugin declares. */
export function buildRoleTable(plugins: readonly PluginRoleManifest[]): RoleTable {
  const declared = new Set(plugins.flatMap((plugin) => Object.keys(plugin.permissions ?? {})));
  const claimedCorePermissions = plugins.flatMap((plugin) =>
    Object.keys(plugin.permissions ?? {})
      .filter((permission) => Object.hasOwn(CORE_PERMISSIONS, permission))
      .map((permission) => `plugin "${plugin.name}" declares the core permission "${permission}"`),
  );
  if (claimedCorePermissions.length > 0) {
    throw new Error(`Plugins may not declare the core's permissions (admin would get them):\n${claimedCorePermissions.map((claim) => `  ${claim}`).join('\n')}`);
  }
  const roles = new Map<string, Set<string>>([
    [ADMIN_ROLE, new Set(declared)],
    [VIEWER_ROLE, new Set([...declared].filter((permission) => actionOf(permission) === 'read'))],
    [OPERATOR_ROLE, new Set(Object.keys(CORE_PERMISSIONS))],
  ]);

  const undeclaredGrants: string[] = [];
  for (const plugin of plugins) {
    for (const [role, permissions] of Object.entries(plugin.roles ?? {})) {
      let granted = roles.get(role);
      if (granted === undefined) {
        granted = new Set();
        roles.set(role, granted);
      }
      for (const permission of permissions) {
        if (declared.has(permission)) granted.add(permission);
        else undeclaredGrants.push(`plugin "${plugin.name}" grants role "${role}" the permission "${permission}"`);
      }
    }
  }
  if (undeclaredGrants.length > 0) {
    throw new Error(
      `Roles grant permissions that no plugin declares (check the spelling, or declare them in a plugin's \`permissions\`):\n` +
        undeclaredGrants.map((grant) => `  ${grant}`).join('\n'),
    );
  }

  return {
    roles,
    permissionsFor(requested) {
      const permissions = new Set<string>();
      for (const role of requested) {
        for (const permission of roles.get(role) ?? []) permissions.add(permission);
      }
      return permissions;
    },
  };
}

function actionOf(permission: string): string {
  return permission.slice(permission.lastIndexOf(':') + 1);
}
