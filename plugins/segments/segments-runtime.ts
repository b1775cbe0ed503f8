import type { CustomerFact, CustomerPopulation, PluginComposition } from '../../src/plugin-api.ts';

/** What segment rules are checked and evaluated against: the enabled areas' facts and customers. */
export interface SegmentsRuntime {
  facts: ReadonlyMap<string, CustomerFact>;
  population: CustomerPopulation;
}

export function runtimeOf(composition: PluginComposition): SegmentsRuntime {
  if (!composition.customerPopulation) throw new Error('The segments plugin needs the plugin that keeps the customers (profile).');
  return { facts: composition.customerFacts, population: composition.customerPopulation };
}
