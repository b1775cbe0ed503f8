import type { Builder, Prisma } from '../../../src/plugin-api.ts';
import { ConflictError, ForbiddenError, NotFoundError, parseInput, ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import { READ, WRITE } from '../access.ts';
import { customerOf } from '../customers.ts';
import type { OpportunityStatus, PipelineEnums } from '../enums.ts';
import { asUuid } from '../ids.ts';
import { centsOf, formatCents, moneyText, weightedCents } from '../money.ts';
import { effectiveProbability } from '../stage-probabilities.ts';
import { stageNumber } from '../stages.ts';
import { checkOpportunityFilter, opportunityWhere, type registerOpportunityFilter } from './opportunity-filter.ts';
import { createOpportunitySchema, moveOpportunitySchema, registerOpportunityInputs, updateOpportunitySchema } from './opportunity-inputs.ts';
import { changeOpportunity, moveOpportunity, openOpportunity } from './opportunity-lifecycle.ts';
import { opportunityOrderBy, registerOpportunityOrder } from './opportunity-order.ts';

export type OpportunityRow = Prisma.OpportunityModel;

const WRITE_ERRORS = [ValidationError, NotFoundError, ConflictError, ForbiddenError];

export function statusOf(stage: OpportunityRow['stage']): OpportunityStatus {
  return stage === 'CLOSED_WON' ? 'WON' : stage === 'CLOSED_LOST' ? 'LOST' : 'OPEN';
}

/**
 * `Opportunity`, the `opportunities` list, and the mutations that open, change and move a deal
 * (their rules are in opportunity-lifecycle.ts and stage-rules.ts).
 */
export function registerOpportunity(builder: Builder, enums: PipelineEnums, Filter: ReturnType<typeof registerOpportunityFilter>): void {
  builder.prismaNode('Opportunity', {
    id: { field: 'id' },
    nullable: true,
    findUnique: (id, context) => ({ tenantId_id: { tenantId: viewerOf(context).tenantId, id: asUuid(id) } }),
    authScopes: READ,
    description: 'A potential sale to a customer, moving through the pipeline stages until it is won or lost.',
    fields: (t) => ({
      name: t.exposeString('name', { description: 'What is being sold, in a few words.' }),
      customer: t.field({ type: 'Customer', description: 'The person or organization the deal is with.', resolve: (opportunity, _args, context) => customerOf(context, opportunity.customerId) }),
      stage: t.field({ type: enums.Stage, description: 'The pipeline stage it is in now.', resolve: (opportunity) => opportunity.stage }),
      stageNumber: t.int({ description: '1 (prospect) to 8 (closed).', resolve: (opportunity) => stageNumber(opportunity.stage) }),
      status: t.field({ type: enums.Status, description: 'OPEN, WON or LOST, from the stage.', resolve: (opportunity) => statusOf(opportunity.stage) }),
      amount: t.string({ nullable: true, description: 'Decimal with two decimals, e.g. "12500.00", in `currency`; required to win.', resolve: (opportunity) => moneyText(opportunity.amount) }),
      currency: t.exposeString('currency', { description: 'ISO 4217, e.g. "EUR".' }),
      expectedCloseDate: t.expose('expectedCloseDate', { type: 'Date', description: 'When it is expected to close (a calendar date, no time zone).' }),
      ownerId: t.exposeString('ownerId', { description: 'User id of the sales rep who owns it.' }),
      probability: t.int({
        description: "Percent chance of winning: the owner's own estimate while open, else the stage's probability; 100 when won, 0 when lost.",
        resolve: (opportunity, _args, context) => effectiveProbability(context, opportunity),
      }),
      probabilityOverride: t.exposeInt('probability', { nullable: true, description: "The owner's own estimate, when one was given for the current stage." }),
      weightedAmount: t.string({
        nullable: true,
        description: 'amount × probability, rounded to the cent; null without an amount.',
        resolve: (opportunity, _args, context) => {
          if (opportunity.amount === null) return null;
          const cents = centsOf(opportunity.amount.toFixed(2));
          const probability = effectiveProbability(context, opportunity);
          return typeof probability === 'number' ? formatCents(weightedCents(cents, probability)) : probability.then((known) => formatCents(weightedCents(cents, known)));
        },
      }),
      nextStep: t.exposeString('nextStep', { nullable: true, description: 'What happens next, in words; null when nobody wrote it.' }),
      lostReason: t.field({ type: enums.LostReason, nullable: true, description: 'Why it was lost; null unless CLOSED_LOST.', resolve: (opportunity) => opportunity.lostReason }),
      lostNote: t.exposeString('lostNote', { nullable: true, description: 'What happened, in words; null unless lost with a note.' }),
      closedAt: t.expose('closedAt', { type: 'DateTime', nullable: true, description: 'When it was won or lost, UTC; null while open.' }),
      stageEnteredAt: t.expose('stageEnteredAt', { type: 'DateTime', description: 'When it entered its current stage.' }),
      version: t.exposeInt('version', { description: 'Grows with every change; send it as `expectedVersion` to refuse overwriting a change you have not seen.' }),
      stageHistory: t.relation('stageChanges', {
        description: 'Every stage it entered, oldest first, the stage it was created in included.',
        query: { orderBy: [{ changedAt: 'asc' }, { id: 'asc' }] },
      }),
      offers: t.relation('offers', { description: 'The offers made for it, oldest first (revisions included).', query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] } }),
      activities: t.relation('activities', { description: 'Tasks, calls and meetings about it, by due time.', query: { orderBy: [{ dueAt: 'asc' }, { id: 'asc' }] } }),
      lead: t.relation('lead', { nullable: true, description: 'The lead it was qualified from.' }),
      createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was opened, UTC.' }),
      updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When it last changed, UTC.' }),
    }),
  });

  const Order = registerOpportunityOrder(builder, enums);
  builder.queryField('opportunities', (t) =>
    t.prismaConnection(
      {
        type: 'Opportunity',
        cursor: 'id',
        authScopes: READ,
        description: 'Opportunities of your tenant (every rep sees the whole pipeline); default order: expected close date, soonest first.',
        args: {
          filter: t.arg({ type: Filter, description: 'Which opportunities; all of them when absent.' }),
          orderBy: t.arg({ type: Order, description: 'Sort order; expected close date, soonest first, when absent.' }),
        },
        resolve: (query, _root, args, context) =>
          context.db.opportunity.findMany({ ...query, relationLoadStrategy: 'query', where: opportunityWhere(checkOpportunityFilter(args.filter, ['filter']), context), orderBy: opportunityOrderBy(args.orderBy) }),
        totalCount: (_connection, args, context) => context.db.opportunity.count({ where: opportunityWhere(checkOpportunityFilter(args.filter, ['filter']), context) }),
      },
      { name: 'OpportunityConnection' },
      { name: 'OpportunityEdge' },
    ),
  );

  const inputs = registerOpportunityInputs(builder, enums);
  const OpportunityPayload = builder.objectRef<{ opportunity: OpportunityRow }>('OpportunityPayload').implement({
    description: 'The opportunity a mutation created, changed or moved.',
    fields: (t) => ({ opportunity: t.field({ type: 'Opportunity', description: 'The opportunity as stored.', resolve: (payload) => payload.opportunity }) }),
  });

  builder.mutationFields((t) => ({
    createOpportunity: t.field({
      type: OpportunityPayload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: 'Opens an opportunity for a customer in an open stage, recording that stage as the first of its history.',
      args: { input: t.arg({ type: inputs.CreateOpportunityInput, required: true, description: 'The deal to open.' }) },
      resolve: async (_root, args, context) => ({ opportunity: await openOpportunity(context, parseInput(createOpportunitySchema, args.input)) }),
    }),
    updateOpportunity: t.field({
      type: OpportunityPayload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: "Changes an opportunity's details. A closed deal changes only with pipeline:manage; a won deal keeps an amount.",
      args: { input: t.arg({ type: inputs.UpdateOpportunityInput, required: true, description: 'The opportunity and the fields to change.' }) },
      resolve: async (_root, args, context) => ({ opportunity: await changeOpportunity(context, parseInput(updateOpportunitySchema, args.input), args.input) }),
    }),
    moveOpportunity: t.field({
      type: OpportunityPayload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description:
        'Moves an opportunity to another stage and records who moved it, when, from where. Open stages may be skipped or revisited; ' +
        'CLOSED_WON needs an amount above 0, CLOSED_LOST a reason; reopening a closed deal needs pipeline:manage.',
      args: { input: t.arg({ type: inputs.MoveOpportunityInput, required: true, description: 'The opportunity and the move.' }) },
      resolve: async (_root, args, context) => ({ opportunity: await moveOpportunity(context, parseInput(moveOpportunitySchema, args.input)) }),
    }),
  }));
}
