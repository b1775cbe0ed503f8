import type { Plugin } from '../plugin-api.ts';
import type { CustomerFact, CustomerPopulation } from './customer-fact.ts';

const FACT_NAME = /^[a-z][a-zA-Z0-9]*\.[a-z][a-zA-Z0-9]*$/;

/** The enabled plugins' customer facts and population, checked once when the schema is built. */
export function factCatalog(plugins: readonly Plugin[], knownTopics: ReadonlySet<string>): { facts: ReadonlyMap<string, CustomerFact>; population: CustomerPopulation | null } {
  const facts = new Map<string, CustomerFact>();
  let population: { plugin: string; population: CustomerPopulation } | null = null;
  for (const plugin of plugins) {
    if (plugin.customerPopulation) {
      if (population) throw new Error(`Plugins "${population.plugin}" and "${plugin.name}" both declare the customer population; one area keeps the customers.`);
      population = { plugin: plugin.name, population: plugin.customerPopulation };
    }
    for (const fact of plugin.customerFacts ?? []) {
      if (!FACT_NAME.test(fact.name) || !fact.name.startsWith(`${plugin.name}.`)) {
        throw new Error(`Plugin "${plugin.name}" declares the fact "${fact.name}"; a fact is named "${plugin.name}.<name>" (letters and digits).`);
      }
      if (facts.has(fact.name)) throw new Error(`The fact "${fact.name}" is declared twice.`);
      for (const topic of fact.changedBy) {
        if (!knownTopics.has(topic)) throw new Error(`The fact "${fact.name}" changes with "${topic}", a topic no enabled plugin declares.`);
      }
      if (fact.source.kind === 'ROW' && population?.plugin !== plugin.name) {
        throw new Error(`The fact "${fact.name}" reads the customer's row, which only the plugin keeping the customers may do; use a GROUPED source.`);
      }
      facts.set(fact.name, Object.freeze(fact));
    }
  }
  return { facts, population: population?.population ?? null };
}
