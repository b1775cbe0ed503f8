// `npm run schema`: regenerates schema/schema.graphql, the contract reviewed in pull requests.
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadConfig } from '../src/config.ts';
import { printContract } from '../src/schema/print.ts';

const target = resolve(import.meta.dirname, '../schema/schema.graphql');
const sdl = await printContract(loadConfig({ ...process.env, NODE_ENV: 'development' }));
const previous = await readFile(target, 'utf8').catch(() => '');
await writeFile(target, sdl);
const types = (sdl.match(/^(type|interface|union|enum|input|scalar) /gm) ?? []).length;
console.log(`${previous === sdl ? 'unchanged' : 'updated'}: schema/schema.graphql (${types} types, ${sdl.split('\n').length} lines)`);
