import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Config } from './config.ts';
import type { Plugin } from './plugin-api.ts';

export class PluginManifestError extends Error {
  override name = 'PluginManifestError';
}

/**
 * Finds `plugins/<name>/plugin.ts`, keeps the enabled ones, checks every manifest and returns them
 * in dependency order. Any problem stops start-up with one message listing all of them.
 */
export async function discoverPlugins(config: Pick<Config, 'pluginsDir' | 'enabledPlugins'>): Promise<Plugin[]> {
  const found = await loadPluginFolders(config.pluginsDir);
  return checkAndOrderPlugins(found, config.enabledPlugins);
}

export interface FoundPlugin {
  folder: string;
  plugin: Plugin;
}

async function loadPluginFolders(pluginsDir: string): Promise<FoundPlugin[]> {
  const entries = await readdir(pluginsDir, { withFileTypes: true });
  // A linked folder counts too: a partner's plugin can live in its own checkout.
  const folders = entries.filter((entry) => (entry.isDirectory() || entry.isSymbolicLink()) && existsSync(join(pluginsDir, entry.name, 'plugin.ts')));
  return Promise.all(
    folders.map(async (entry) => {
      const module = (await import(pathToFileURL(join(pluginsDir, entry.name, 'plugin.ts')).href)) as { default?: Plugin };
      if (!module.default || typeof module.default.register !== 'function') {
        throw new PluginManifestError(`plugins/${entry.name}/plugin.ts must export default definePlugin({ ... })`);
      }
      return { folder: entry.name, plugin: module.default };
    }),
  );
}

/** The manifest rules of ARCHITECTURE.md, separated from the file system so tests can feed any set. */
export function checkAndOrderPlugins(found: readonly FoundPlugin[], enabled?: readonly string[]): Plugin[] {
  const problems: string[] = [];
  const byName = new Map<string, Plugin>();
  for (const { folder, plugin } of found) {
    if (plugin.name !== folder) problems.push(`plugins/${folder}: name "${plugin.name}" must equal its folder "${folder}"`);
    if (byName.has(plugin.name)) problems.push(`plugin name "${plugin.name}" is used twice`);
    byName.set(plugin.name, plugin);
  }

  const selected = enabled ? selectWithDependencies(enabled, byName, problems) : [...byName.values()];
  checkDependencies(selected, byName, enabled !== undefined, problems);
  checkOwnedOnce(selected, 'permission', (plugin) => Object.keys(plugin.permissions ?? {}), problems);
  checkOwnedOnce(selected, 'topic', (plugin) => Object.keys(plugin.topics ?? {}), problems);
  checkReactions(selected, byName, problems);
  for (const plugin of selected) {
    for (const permission of Object.keys(plugin.permissions ?? {})) {
      if (!/^[a-z][a-z0-9-]*:[a-z][a-z0-9-]*$/.test(permission)) {
        problems.push(`plugin "${plugin.name}": permission "${permission}" must look like "area:action"`);
      }
    }
  }
  const ordered = problems.length === 0 ? orderByDependencies(selected, problems) : [];
  if (problems.length > 0) {
    throw new PluginManifestError(`Cannot compose the plugins:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
  return ordered;
}

function selectWithDependencies(enabled: readonly string[], byName: Map<string, Plugin>, problems: string[]): Plugin[] {
  const unknown = enabled.filter((name) => !byName.has(name));
  for (const name of unknown) problems.push(`enabled plugin "${name}" does not exist (known: ${[...byName.keys()].join(', ')})`);
  return enabled.filter((name) => byName.has(name)).map((name) => byName.get(name)!);
}

function checkDependencies(selected: Plugin[], all: Map<string, Plugin>, explicitList: boolean, problems: string[]): void {
  const selectedNames = new Set(selected.map((plugin) => plugin.name));
  for (const plugin of selected) {
    for (const integration of plugin.integratesWith ?? []) {
      if (!all.has(integration)) problems.push(`plugin "${plugin.name}" integrates with unknown plugin "${integration}"`);
    }
    for (const dependency of plugin.dependsOn ?? []) {
      if (!all.has(dependency)) problems.push(`plugin "${plugin.name}" depends on unknown plugin "${dependency}"`);
      else if (explicitList && !selectedNames.has(dependency)) {
        problems.push(`plugin "${plugin.name}" needs "${dependency}", which is not enabled`);
      }
    }
  }
}

function checkOwnedOnce(plugins: Plugin[], what: string, keysOf: (plugin: Plugin) => string[], problems: string[]): void {
  const owner = new Map<string, string>();
  for (const plugin of plugins) {
    for (const key of keysOf(plugin)) {
      const previous = owner.get(key);
      if (previous) problems.push(`${what} "${key}" is declared by both "${previous}" and "${plugin.name}"`);
      else owner.set(key, plugin.name);
    }
  }
}

/**
 * A reaction listens to topics its plugin can rely on: its own, or those of a plugin it depends on
 * or integrates with (a disabled integration's topics simply never come).
 */
function checkReactions(plugins: Plugin[], all: Map<string, Plugin>, problems: string[]): void {
  const ownerOfTopic = new Map([...all.values()].flatMap((plugin) => Object.keys(plugin.topics ?? {}).map((topic) => [topic, plugin.name] as const)));
  for (const plugin of plugins) {
    const related = new Set([plugin.name, ...(plugin.dependsOn ?? []), ...(plugin.integratesWith ?? [])]);
    for (const [name, reaction] of Object.entries(plugin.reactions ?? {})) {
      const where = `plugin "${plugin.name}": reaction "${name}"`;
      if (!/^[a-z][a-zA-Z0-9-]*$/.test(name)) problems.push(`${where} must be named in letters, digits and hyphens, starting with a lower-case letter`);
      if (reaction.topics.length === 0) problems.push(`${where} lists no topic`);
      if (reaction.batchSize !== undefined && !(Number.isInteger(reaction.batchSize) && reaction.batchSize > 0)) problems.push(`${where} needs a positive whole batchSize`);
      for (const topic of reaction.topics) {
        const owner = ownerOfTopic.get(topic);
        if (!owner) problems.push(`${where} listens to "${topic}", which no plugin declares`);
        else if (!related.has(owner)) problems.push(`${where} listens to "${topic}" of plugin "${owner}", which "${plugin.name}" neither depends on nor integrates with`);
      }
    }
  }
}

/** Depth-first topological order, alphabetical among equals so start-up order is stable. */
function orderByDependencies(plugins: Plugin[], problems: string[]): Plugin[] {
  const byName = new Map(plugins.map((plugin) => [plugin.name, plugin]));
  const ordered: Plugin[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (plugin: Plugin, trail: string[]): void => {
    const current = state.get(plugin.name);
    if (current === 'done') return;
    if (current === 'visiting') {
      problems.push(`dependency cycle: ${[...trail.slice(trail.indexOf(plugin.name)), plugin.name].join(' -> ')}`);
      return;
    }
    state.set(plugin.name, 'visiting');
    // An enabled integration comes first too; a missing one is simply not there (byName has it not).
    for (const dependency of [...(plugin.dependsOn ?? []), ...(plugin.integratesWith ?? [])].sort()) {
      const next = byName.get(dependency);
      if (next) visit(next, [...trail, plugin.name]);
    }
    state.set(plugin.name, 'done');
    ordered.push(plugin);
  };
  for (const plugin of [...plugins].sort((a, b) => a.name.localeCompare(b.name))) visit(plugin, []);
  return ordered;
}
