import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { printContract } from '../src/schema/print.ts';

describe('schema/schema.graphql', () => {
  it('is exactly what the code builds (run `npm run schema` after changing the schema)', async () => {
    const committed = await readFile(resolve(import.meta.dirname, '../schema/schema.graphql'), 'utf8');
    expect(await printContract(loadConfig({ NODE_ENV: 'test' }))).toBe(committed);
  });
});
