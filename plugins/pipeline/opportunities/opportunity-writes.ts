import type { Context, TenantDb } from '../../../src/plugin-api.ts';
import type { OpportunityStage } from '../store/enums.ts';
import { ConflictError, NotFoundError, viewerOf } from '../../../src/plugin-api.ts';
import { customerOf, timelineOf, type CustomerKey } from '../customers.ts';
import { opportunityCreated } from '../events.ts';
import { globalIdOf, parseGlobalId } from '../ids.ts';
import { isoDate } from '../inputs.ts';
import { moneyText } from '../money.ts';
import { lockOpportunityRow } from '../store/opportunity-writes.ts';
import type { OpportunityRow } from './opportunity.ts';

export type OpportunityWithCustomer = OpportunityRow & { customer: CustomerKey };

/** Where an opportunity's events go: about the deal, on its customer's timeline. */
export function opportunityEventTarget(opportunity: OpportunityWithCustomer) {
  return { subjectId: globalIdOf('Opportunity', opportunity.id), customer: timelineOf(opportunity.customer)! };
}

/**
 * Loads an opportunity for a change and locks its row until commit, so two changes to one deal
 * take turns; with `expectedVersion`, refuses a change based on a version that is no longer current.
 */
export async function lockOpportunity(context: Context, db: TenantDb, globalId: string, path: string[], expectedVersion?: number | null): Promise<OpportunityWithCustomer> {
  const id = parseGlobalId(globalId, 'Opportunity', path);
  const tenantId = viewerOf(context).tenantId;
  await lockOpportunityRow(db, tenantId, id);
  const opportunity = await db.opportunity.findUnique({ where: { tenantId_id: { tenantId, id } } });
  if (!opportunity) throw new NotFoundError('Opportunity', globalId);
  if (expectedVersion != null && expectedVersion !== opportunity.version) {
    throw new ConflictError(
      `The opportunity was changed since you read it (your version ${expectedVersion}, now ${opportunity.version}): read it again and retry`,
      globalId,
    );
  }
  const customer = await customerOf(context, opportunity.customerId);
  return { ...opportunity, customer: { id: customer.id, kind: customer.kind } };
}

export interface NewOpportunity {
  customer: CustomerKey;
  name: string;
  stage: OpportunityStage;
  amount: string | null;
  currency: string;
  expectedCloseDate: Date;
  ownerId: string;
  probability: number | null;
  nextStep: string | null;
}

/** Writes an opportunity, the stage it starts in as its first history entry, and `opportunity.created`. */
export async function insertOpportunity(context: Context, db: TenantDb, input: NewOpportunity): Promise<OpportunityWithCustomer> {
  const tenantId = viewerOf(context).tenantId;
  const now = context.clock.now();
  const created = await db.opportunity.create({
    data: {
      tenantId,
      customerId: input.customer.id,
      name: input.name,
      stage: input.stage,
      amount: input.amount,
      currency: input.currency,
      expectedCloseDate: input.expectedCloseDate,
      ownerId: input.ownerId,
      probability: input.probability,
      nextStep: input.nextStep,
      stageEnteredAt: now,
      createdAt: now,
      stageChanges: { create: { toStage: input.stage, changedAt: now, actorId: viewerOf(context).subject } },
    },
  });
  const opportunity = { ...created, customer: { id: input.customer.id, kind: input.customer.kind } };
  await context.events.emit(opportunityCreated, {
    ...opportunityEventTarget(opportunity),
    payload: {
      name: created.name,
      stage: created.stage,
      amount: moneyText(created.amount),
      currency: created.currency,
      ownerId: created.ownerId,
      expectedCloseDate: isoDate(created.expectedCloseDate),
    },
  });
  return opportunity;
}
