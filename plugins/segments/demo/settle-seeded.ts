import type { SeedContext } from '../../../src/plugin-api.ts';
import { customerGlobalId, readSeedCustomers } from '../../profile/plugin.ts';
import { checkStored, inDependencyOrder } from '../membership/refresh.ts';
import { scoreTenantForSeed } from '../scores/seed-scores.ts';
import { evaluateMembership } from '../store/segment-evaluation.ts';
import { liveDynamicSegments } from '../store/segment-rows.ts';
import { SEGMENTS_ACTOR, stayEvents } from './history-events.ts';

/**
 * For the demo seeds of areas that come after this one and add to customers' history (a
 * campaign's responses and the purchases it caused): the tenant's scores and dynamic segments
 * brought up to date at the end of the history, as the nightly scoring and the membership
 * reaction would have, the entries and exits written as history at that instant. Scores are
 * models fitted on every customer, so everyone is evaluated again, not only those who changed.
 */
export async function settleSeededTenant(context: SeedContext): Promise<void> {
  const population = context.customerPopulation;
  if (!population) return;
  await scoreTenantForSeed(context);
  const runtime = { facts: context.customerFacts, population };
  const segments = inDependencyOrder((await liveDynamicSegments(context.statements)).map((segment) => checkStored(segment, runtime)));
  const customers = await readSeedCustomers(context);
  // Named: a seed may run as a role that Row-Level Security does not hold to the tenant.
  const customerIds = customers.map((customer) => customer.id);
  const nodeIds = new Map(customers.map((customer) => [customer.id, customerGlobalId(customer)]));
  context.progress.step('segments settled', segments.length);
  for (const segment of segments) {
    if (segment.checked) {
      const changes = await evaluateMembership(context.statements, population, { id: segment.id, rule: segment.checked }, context.now, customerIds);
      await context.insertEvents('segment events', stayEvents(segment, { at: context.now, source: 'RULE', changes }, SEGMENTS_ACTOR, nodeIds));
    }
    context.progress.advance();
  }
}
