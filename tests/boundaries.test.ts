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

/** Each table (Prisma model) and the area whose prisma/models/<area>.prisma declares it ('core' for the core's). */
async function tableOwners(): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  const folder = join(root, 'prisma', 'models');
  for (const file of await readdir(folder)) {
    const text = await readFile(join(folder, file), 'utf8');
    for (const [, model] of text.matchAll(/^model\s+(\w+)/gm)) owners.set(model!, file.replace(/\.prisma$/, ''));
  }
  return owners;
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
      const isTest = file.endsWith('.test.ts') || file.split(sep)[2] === 'tests';
      for (const target of await importsOf(file)) {
        const [top, pluginName, ...rest] = target.split(sep);
        const ownEnums = file === join('plugins', ownPlugin!, 'store', 'enums.ts') && target === join('src', 'generated', 'prisma', 'enums.ts');
        if (top === 'src' && target !== join('src', 'plugin-api.ts') && !ownEnums) offenders.push(`${file} -> ${target}`);
        if (top === 'plugins' && pluginName !== ownPlugin && rest.join(sep) !== 'plugin.ts') offenders.push(`${file} -> ${target}`);
        if (top === 'tests' && !isTest) offenders.push(`${file} -> ${target}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('a plugin writes SQL in its store only, on its own tables (and the core\'s event log), and uses Prisma on its own models only', async () => {
    const owners = await tableOwners();
    const offenders: string[] = [];
    for (const file of await sourceFiles('plugins')) {
      if (file.endsWith('.test.ts') || file.split(sep)[2] === 'tests') continue;
      const area = file.split(sep)[1]!;
      const inStore = file.split(sep)[2] === 'store';
      const text = await readFile(join(root, file), 'utf8');
      for (const [, table] of text.matchAll(/"([A-Z][A-Za-z]+)"/g)) {
        const owner = owners.get(table!);
        if (!owner) continue;
        if (!inStore) offenders.push(`${file}: SQL on "${table}" outside plugins/${area}/store/`);
        else if (owner !== area && owner !== 'core') offenders.push(`${file}: SQL on "${table}", a table of ${owner}`);
      }
      for (const [, model] of text.matchAll(/\.prisma(?:Object|Interface)Field\(\s*'(\w+)'/g)) {
        const owner = owners.get(model!);
        if (owner && owner !== area) offenders.push(`${file}: a Prisma-planned field on ${model}, a model of ${owner}`);
      }
      for (const [, delegate] of text.matchAll(/\b(?:db|tx|prisma)\.([a-z][A-Za-z]+)\.(?:find|create|update|upsert|delete|count|aggregate|groupBy)/g)) {
        const table = delegate![0]!.toUpperCase() + delegate!.slice(1);
        const owner = owners.get(table);
        if (owner && owner !== area) offenders.push(`${file}: Prisma on ${table}, a model of ${owner}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it("an area's store takes only that area's own enums from the generated client", async () => {
    const owners = new Map<string, string>();
    for (const file of await readdir(join(root, 'prisma', 'models'))) {
      const text = await readFile(join(root, 'prisma', 'models', file), 'utf8');
      for (const [, name] of text.matchAll(/^enum\s+(\w+)/gm)) owners.set(name!, file.replace(/\.prisma$/, ''));
    }
    const offenders: string[] = [];
    const areas = (await readdir(join(root, 'plugins'), { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    for (const area of areas) {
      const text = await readFile(join(root, 'plugins', area, 'store', 'enums.ts'), 'utf8').catch(() => '');
      for (const [, names] of text.matchAll(/export\s*\{([^}]*)\}/g)) {
        for (const name of names!.split(',').map((part) => part.trim()).filter(Boolean)) if (owners.get(name) !== area) offenders.push(`plugins/${area}/store/enums.ts: ${name}`);
      }
    }
    expect(owners.get('TicketStatus')).toBe('tickets');
    expect(offenders).toEqual([]);
  });

  it('the SQL check above knows every table and finds SQL where it is (guards against a check that matches nothing)', async () => {
    const owners = await tableOwners();
    expect(owners.get('Customer')).toBe('profile');
    expect(owners.get('Interaction')).toBe('interactions');
    expect(owners.get('OutboxEvent')).toBe('core');
    const store = await readFile(join(root, 'plugins', 'profile', 'store', 'customer-rows.ts'), 'utf8');
    expect(store).toMatch(/"Customer"/);
  });

  it('the checks above see real imports (guards against a parser that matches nothing)', async () => {
    expect(await importsOf(join('plugins', 'profile', 'plugin.ts'))).toContain(join('src', 'plugin-api.ts'));
    expect(await importsOf(join('src', 'app.ts'))).toContain(join('src', 'compose.ts'));
  });
});
