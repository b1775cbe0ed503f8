import { describe, expect, test } from 'vitest';
import { buildRoleTable } from './roles.ts';
import type { PluginRoleManifest } from './roles.ts';

const plugins: PluginRoleManifest[] = [
  {
    name: 'profile',
    permissions: { 'profile:read': 'See customers', 'profile:write': 'Edit customers', 'profile:erase': 'Erase a customer' },
    roles: { sales: ['profile:read', 'profile:write'], service: ['profile:read'] },
  },
  {
    name: 'tickets',
    permissions: { 'tickets:read': 'See tickets', 'tickets:write': 'Open and update tickets' },
    roles: { service: ['tickets:read', 'tickets:write'], sales: ['tickets:read'] },
  },
  { name: 'audit' },
];

describe('buildRoleTable', () => {
  const table = buildRoleTable(plugins);

  test('admin gets every declared permission', () => {
    expect(table.roles.get('admin')).toEqual(
      new Set(['profile:read', 'profile:write', 'profile:erase', 'tickets:read', 'tickets:write']),
    );
  });

  test('viewer gets every read permission and nothing else', () => {
    expect(table.roles.get('viewer')).toEqual(new Set(['profile:read', 'tickets:read']));
  });

  test('other roles are the union of what each plugin grants them', () => {
    expect(table.roles.get('sales')).toEqual(new Set(['profile:read', 'profile:write', 'tickets:read']));
    expect(table.roles.get('service')).toEqual(new Set(['profile:read', 'tickets:read', 'tickets:write']));
  });

  test('a token with several roles gets the union of their permissions', () => {
    expect(table.permissionsFor(['viewer', 'service'])).toEqual(new Set(['profile:read', 'tickets:read', 'tickets:write']));
  });

  test('unknown roles grant nothing and do not fail', () => {
    expect(table.permissionsFor(['astronaut']).size).toBe(0);
    expect(table.permissionsFor(['astronaut', 'sales'])).toEqual(table.roles.get('sales'));
    expect(table.permissionsFor([]).size).toBe(0);
  });

  test('a plugin can grant the viewer role more than reading', () => {
    const withExport = buildRoleTable([
      { name: 'segments', permissions: { 'segments:read': '', 'segments:export': '' }, roles: { viewer: ['segments:export'] } },
    ]);
    expect(withExport.roles.get('viewer')).toEqual(new Set(['segments:read', 'segments:export']));
  });

  test('granting a permission no plugin declares throws, naming every such grant', () => {
    const misspelt: PluginRoleManifest[] = [
      ...plugins,
      { name: 'pipeline', permissions: { 'pipeline:read': '' }, roles: { sales: ['pipeline:raed', 'ticket:write'] } },
    ];
    expect(() => buildRoleTable(misspelt)).toThrow(
      /plugin "pipeline" grants role "sales" the permission "pipeline:raed"\n.*plugin "pipeline" grants role "sales" the permission "ticket:write"/,
    );
  });

  test('with no plugins, admin and viewer exist and grant nothing; operator grants the core permissions', () => {
    const empty = buildRoleTable([]);
    expect([...empty.roles.keys()]).toEqual(['admin', 'viewer', 'operator']);
    expect(empty.permissionsFor(['admin']).size).toBe(0);
    expect(empty.permissionsFor(['operator'])).toEqual(new Set(['tenants:manage']));
  });

  test("a tenant's admin never gets the core permissions, and no plugin can hand them out", () => {
    expect(table.permissionsFor(['admin', 'viewer']).has('tenants:manage')).toBe(false);
    expect(table.roles.get('operator')).toEqual(new Set(['tenants:manage']));
    expect(() => buildRoleTable([...plugins, { name: 'rogue', permissions: { 'tenants:manage': '' } }])).toThrow(
      'plugin "rogue" declares the core permission "tenants:manage"',
    );
    expect(() => buildRoleTable([...plugins, { name: 'rogue', roles: { sales: ['tenants:manage'] } }])).toThrow(
      'plugin "rogue" grants role "sales" the permission "tenants:manage"',
    );
  });
});
