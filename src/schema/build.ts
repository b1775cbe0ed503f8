import { lexicographicSortSchema, type GraphQLSchema } from 'graphql';
import { createBuilder } from '../builder.ts';
import type { Plugin } from '../plugin-api.ts';
import { registerActivityTypes } from './activity-types.ts';
import { registerErrorTypes } from './error-types.ts';
import { registerRootTypes } from './root-types.ts';
import { registerScalars } from './scalars.ts';
import { registerTenantTypes } from './tenant.ts';
import { factCatalog } from '../facts/fact-catalog.ts';
import { registerFactTypes } from '../facts/fact-types.ts';
import { customerMergeParticipants } from '../merge/merge-participants.ts';

export interface SchemaOptions {
  maxPageSize: number;
  /** The server's data directory (see PluginComposition.dataDir); absent when only printing the schema. */
  dataDir?: string;
}

/** The core's shared types first, then each plugin in the (dependency) order given. */
export function buildSchema(plugins: readonly Plugin[], options: SchemaOptions): GraphQLSchema {
  const builder = createBuilder({ maxPageSize: options.maxPageSize });
  registerScalars(builder);
  registerErrorTypes(builder);
  registerRootTypes(builder);
  registerActivityTypes(builder);
  registerTenantTypes(builder);
  const topics = new Set(plugins.flatMap((plugin) => Object.keys(plugin.topics ?? {})));
  const catalog = factCatalog(plugins, topics);
  const { FactCondition } = registerFactTypes(builder, catalog.facts);
  const composition = {
    enabledPlugins: new Set(plugins.map((plugin) => plugin.name)),
    customerFacts: catalog.facts,
    customerPopulation: catalog.population,
    customerMergeParticipants: customerMergeParticipants(plugins),
    FactCondition,
    dataDir: options.dataDir ?? null,
  };
  for (const plugin of plugins) plugin.register(builder, composition);
  return lexicographicSortSchema(builder.toSchema());
}
