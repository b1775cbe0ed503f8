import type { SeedContext } from '../../../src/plugin-api.ts';
import { readSeedCustomers } from '../../profile/plugin.ts';
import { scoreTenant } from './score-tenant.ts';

/** Scores the seeded tenant as of the end of its demo history, in the seed's transaction. */
export async function scoreTenantForSeed(context: SeedContext): Promise<void> {
  if (!context.customerPopulation) throw new Error('The segments seed needs the plugin that keeps the customers (profile).');
  const tenantCustomers = (await readSeedCustomers(context)).map((customer) => customer.id);
  context.progress.step('customer scores', tenantCustomers.length);
  const runtime = { facts: context.customerFacts, population: context.customerPopulation };
  await scoreTenant({ sql: context.statements, runtime, tenantCustomers }, context.now);
  context.progress.advance(tenantCustomers.length);
}
