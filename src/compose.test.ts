import { describe, expect, it } from 'vitest';
import { checkAndOrderPlugins, type FoundPlugin } from './compose.ts';
import { definePlugin, type PluginManifest } from './plugin-api.ts';

function found(name: string, manifest: Partial<PluginManifest> = {}, folder = name): FoundPlugin {
  return { folder, plugin: definePlugin({ name, description: name, register() {}, ...manifest }) };
}

describe('checkAndOrderPlugins', () => {
  it('orders plugins so that each comes after what it depends on', () => {
    const order = checkAndOrderPlugins([found('tickets', { dependsOn: ['profile'] }), found('pipeline', { dependsOn: ['profile', 'tickets'] }), found('profile')]);
    expect(order.map((plugin) => plugin.name)).toEqual(['profile', 'tickets', 'pipeline']);
  });

  it('refuses a name that differs from its folder', () => {
    expect(() => checkAndOrderPlugins([found('profiles', {}, 'profile')])).toThrow(/name "profiles" must equal its folder "profile"/);
  });

  it('refuses unknown dependencies and cycles, naming them', () => {
    expect(() => checkAndOrderPlugins([found('a', { dependsOn: ['ghost'] })])).toThrow(/"a" depends on unknown plugin "ghost"/);
    expect(() => checkAndOrderPlugins([found('a', { dependsOn: ['b'] }), found('b', { dependsOn: ['c'] }), found('c', { dependsOn: ['a'] })])).toThrow(/dependency cycle: a -> b -> c -> a/);
  });

  it('refuses a permission or topic declared by two plugins, and malformed permissions', () => {
    expect(() => checkAndOrderPlugins([found('a', { permissions: { 'x:read': '' } }), found('b', { permissions: { 'x:read': '' } })])).toThrow(/permission "x:read" is declared by both "a" and "b"/);
    expect(() => checkAndOrderPlugins([found('a', { topics: { 'x.done': '' } }), found('b', { topics: { 'x.done': '' } })])).toThrow(/topic "x.done" is declared by both/);
    expect(() => checkAndOrderPlugins([found('a', { permissions: { READ: '' } })])).toThrow(/must look like "area:action"/);
  });

  it('keeps only the enabled plugins and refuses one whose dependency is not enabled', () => {
    const plugins = [found('profile'), found('tickets', { dependsOn: ['profile'] }), found('pipeline', { dependsOn: ['profile'] })];
    expect(checkAndOrderPlugins(plugins, ['profile', 'tickets']).map((plugin) => plugin.name)).toEqual(['profile', 'tickets']);
    expect(() => checkAndOrderPlugins(plugins, ['tickets'])).toThrow(/"tickets" needs "profile", which is not enabled/);
    expect(() => checkAndOrderPlugins(plugins, ['nope'])).toThrow(/enabled plugin "nope" does not exist/);
  });

  it('orders an enabled integration first, and composes without it when it is not enabled', () => {
    const plugins = [found('tickets', { integratesWith: ['interactions'] }), found('interactions'), found('aaa', { integratesWith: ['tickets'] })];
    expect(checkAndOrderPlugins(plugins).map((plugin) => plugin.name)).toEqual(['interactions', 'tickets', 'aaa']);
    expect(checkAndOrderPlugins(plugins, ['aaa', 'tickets']).map((plugin) => plugin.name)).toEqual(['tickets', 'aaa']);
    expect(() => checkAndOrderPlugins([found('a', { integratesWith: ['ghost'] })])).toThrow(/"a" integrates with unknown plugin "ghost"/);
  });

  it('reports every problem at once', () => {
    expect(() => checkAndOrderPlugins([found('a', { dependsOn: ['x'] }), found('b', { dependsOn: ['y'] })])).toThrow(/"a" depends on unknown plugin "x"[\s\S]*"b" depends on unknown plugin "y"/);
  });
});
