import { printSchema } from 'graphql';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAndOrderPlugins, discoverPlugins } from '../src/compose.ts';
import type { Plugin } from '../src/plugin-api.ts';
import { buildSchema } from '../src/schema/build.ts';

const pluginsDir = resolve(import.meta.dirname, '../plugins');
const fixturesDir = resolve(import.meta.dirname, 'fixtures/plugins');

async function load(dir: string, enabled?: string[]): Promise<Plugin[]> {
  return discoverPlugins({ pluginsDir: dir, enabledPlugins: enabled });
}

describe('composing a schema from plugins', () => {
  it('builds from a subset: the core alone has no customer types, adding profile brings them', async () => {
    const [profile] = await load(pluginsDir, ['profile']);
    const coreOnly = printSchema(buildSchema([], { maxPageSize: 100 }));
    expect(coreOnly).toContain('type Query');
    expect(coreOnly).not.toContain('interface Customer');
    const withProfile = printSchema(buildSchema([profile!], { maxPageSize: 100 }));
    expect(withProfile).toContain('interface Customer implements Node');
    expect(withProfile).toContain('customers(');
  });

  it("lets a partner's plugin extend another area's type by name, only when enabled", async () => {
    const [profile] = await load(pluginsDir, ['profile']);
    const [loyalty] = await load(fixturesDir, ['loyalty']).catch(() => []);
    expect(loyalty).toBeUndefined(); // alone, its dependency is missing: see the next assertion
    const ordered = checkAndOrderPlugins([
      { folder: 'loyalty', plugin: (await import('./fixtures/plugins/loyalty/plugin.ts')).default },
      { folder: 'profile', plugin: profile! },
    ]);
    expect(ordered.map((plugin) => plugin.name)).toEqual(['profile', 'loyalty']);
    const sdl = printSchema(buildSchema(ordered, { maxPageSize: 100 }));
    expect(sdl).toMatch(/type Person implements Customer & Node \{[^}]*loyaltyTier: String/);
  });

  it('refuses to start a plugin whose dependency is absent, with a clear message', async () => {
    await expect(load(fixturesDir)).rejects.toThrow(/"loyalty" depends on unknown plugin "profile"/);
  });
});
