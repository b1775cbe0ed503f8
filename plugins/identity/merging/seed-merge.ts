import { eventsAsHistory } from '../../../src/plugin-api.ts';
import type { MergeScope, SeedContext, TenantDb } from '../../../src/plugin-api.ts';
import { customerGlobalId, lockCustomersForMerge } from '../../profile/plugin.ts';
import { refreshCustomerMatches } from '../matching/maintain-pairs.ts';
import { likeliestDuplicatePair } from '../store/merge-seed.ts';
import { performMerge } from './run-merge.ts';

/** Who the demo's merge is recorded as made by. */
const DEMO_STEWARD = 'demo-data-steward';

/**
 * The demo's merge, a day before its history ends: the likeliest duplicate pair the matching seed
 * found becomes one customer (the older record survives), through every area's participant, so
 * the demo shows an alias, `mergedRecords` and a merge that can be undone. Runs after the match
 * profiles are built, and brings those of the two customers up to date.
 */
export async function seedDemoMerge(context: SeedContext): Promise<void> {
  const pair = await likeliestDuplicatePair(context.statements, context.tenantId);
  if (!pair) return;
  const [survivor] = (await lockCustomersForMerge({ sql: context.statements, tenantId: context.tenantId }, [pair.customerA])).filter((customer) => !customer.archivedAt);
  if (!survivor) return;
  context.progress.step('demo merge', 1);
  const mergedAt = new Date(context.now.getTime() - 86_400_000);
  const scope: MergeScope = { db: sqlOnly, sql: context.statements, events: eventsAsHistory(context, 'demo merge events', DEMO_STEWARD, () => mergedAt), tenantId: context.tenantId, now: mergedAt };
  const request = {
    survivorId: pair.customerA,
    mergedIds: [pair.customerB],
    kind: survivor.kind,
    // The steward confirmed the survivor's spelling of the name, as the dry run offers.
    fieldChoices: { [survivor.kind === 'PERSON' ? 'lastName' : 'legalName']: pair.customerA },
    globalIds: new Map([pair.customerA, pair.customerB].map((id) => [id, customerGlobalId({ id, kind: survivor.kind })])),
  };
  await performMerge(scope, context.customerMergeParticipants, request, DEMO_STEWARD);
  await refreshCustomerMatches({ sql: context.statements, tenantId: context.tenantId, now: context.now }, [pair.customerA, pair.customerB]);
  context.progress.advance(1);
}

/** A seed writes with SQL: no participant may reach for Prisma here. */
const sqlOnly = new Proxy({} as TenantDb, {
  get() {
    throw new Error('A seeded merge runs on SQL only: a merge participant used Prisma');
  },
});
