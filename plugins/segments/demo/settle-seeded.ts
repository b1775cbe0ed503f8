import type { SeedContext } from '../../../src/plugin-api.ts';
import { customerGlobalId, readSeedCustomers } from '../../profile/plugin.ts';
import { checkStored, inDependencyOrder } from '../membership/refresh.ts';
import { scoreTenantForSeed } from '../scores/seed-scores.ts';
import { evaluateMembership } from '../store/segment-evaluation.ts';
import { liveDynamicSegments } from '../store/segment-rows.ts';
import { SEGMENTS_ACTOR, stayEvents } from './history-events.ts';

/**
 * The segments' finish of the demo seed, once every area has written its history (a campaign's
 * responses and the purchases it caused come after this area's seed): the tenant scored and every
 * dynamic segment evaluated at the end of the history, as the nightly scoring and the membership
 * reaction would have kept them, the entries and exits written as history at that instant.
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
  context.progress.step('segments evaluated at the end of the history', segments.length);
  for (const segment of segments) {
    if (segment.checked) {
      const changes = await evaluateMembership(context.statements, population, { id: segment.id, rule: segment.checked }, context.now, customerIds);
      await context.insertEvents('segment events', stayEvents(segment, { at: context.now, source: 'RULE', changes }, SEGMENTS_ACTOR, nodeIds));
    }
    context.progress.advance();
  }
}
