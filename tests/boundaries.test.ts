import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

async function sourceFiles(folder: string): Promise<string[]> {
  const entries = await readdir(join(root, folder), { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.parentPath.includes(`${sep}generated`))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

/** Every module specifier a file imports or re-exports, resolved to a repo path when relative. */
async function importsOf(file: string): Promise<string[]> {
  const text = await readFile(join(root, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((match) => match[1] ?? match[2]!);
  return specifiers.map((specifier) => (specifier.startsWith('.') ? relative(root, resolve(root, dirname(file), specifier)) : specifier));
}

describe('module boundaries', () => {
  it('the core (src/) never imports a plugin', async () => {
    const offenders: string[] = [];
    for (const file of await sourceFiles('src')) {
      for (const target of await importsOf(file)) if (target.startsWith(`plugins${sep}`) || target === 'plugins') offenders.push(`${file} -> ${target}`);
    }
    expect(offenders).toEqual([]);
  });

  it("a plugin reaches the core only through src/plugin-api.ts and another plugin only through its plugin.ts", async () => {
    const offenders: string[] = [];
    for (const file of await sourceFiles('plugins')) {
      const ownPlugin = file.split(sep)[1];
      const isTest = file.endsWith('.test.ts');
      for (const target of await importsOf(file)) {
        const [top, pluginName, ...rest] = target.split(sep);
        if (top === 'src' && target !== join('src', 'plugin-api.ts')) offenders.push(`${file} -> ${target}`);
        if (top === 'plugins' && pluginName !== ownPlugin && rest.join(sep) !== 'plugin.ts') offenders.push(`${file} -> ${target}`);
        if (top === 'tests' && !isTest) offenders.push(`${file} -> ${target}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the checks above see real imports (guards against a parser that matches nothing)', async () => {
    expect(await importsOf(join('plugins', 'profile', 'plugin.ts'))).toContain(join('src', 'plugin-api.ts'));
    expect(await importsOf(join('src', 'app.ts'))).toContain(join('src', 'compose.ts'));
  });
});
