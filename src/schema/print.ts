import { printSchema } from 'graphql';
import { discoverPlugins } from '../compose.ts';
import type { Config } from '../config.ts';
import { buildSchema } from './build.ts';

/** The SDL of every plugin in `pluginsDir`: the reviewed contract in schema/schema.graphql. */
export async function printContract(config: Pick<Config, 'pluginsDir' | 'limits'>): Promise<string> {
  const plugins = await discoverPlugins({ pluginsDir: config.pluginsDir, enabledPlugins: undefined });
  return `${printSchema(buildSchema(plugins, { maxPageSize: config.limits.maxPageSize }))}\n`;
}
