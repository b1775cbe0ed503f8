import type { PluginManifest } from '../plugin-api.ts';

/** Gets every permission any plugin declares. */
export const ADMIN_ROLE = 'admin';
/** Gets every permission whose action is `read`. */
export const VIEWER_ROLE = 'viewer';

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
  const roles = new Map<string, Set<string>>([
    [ADMIN_ROLE, new Set(declared)],
    [VIEWER_ROLE, new Set([...declared].filter((permission) => actionOf(permission) === 'read'))],
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
