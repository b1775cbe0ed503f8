import type { Builder, Prisma } from '../../../src/plugin-api.ts';
import { READ } from '../access.ts';
import type { OpportunityStatus, PipelineEnums } from '../enums.ts';
import { asUuid } from '../ids.ts';
import { centsOf, formatCents, moneyText, weightedCents } from '../money.ts';
import { effectiveProbability } from '../stage-probabilities.ts';
import { stageNumber } from '../stages.ts';
import { viewerOf } from '../../../src/plugin-api.ts';

export type OpportunityRow = Prisma.OpportunityModel;

export function statusOf(stage: OpportunityRow['stage']): OpportunityStatus {
  return stage === 'CLOSED_WON' ? 'WON' : stage === 'CLOSED_LOST' ? 'LOST' : 'OPEN';
}

/** `Opportunity` and its `stageHistory` entries. */
export function registerOpportunity(builder: Builder, enums: PipelineEnums) {
  builder.prismaObject('OpportunityStageChange', {
    authScopes: READ,
    description: 'An opportunity entering a stage: who moved it, when, and from where.',
    fields: (t) => ({
      from: t.field({ type: enums.Stage, nullable: true, description: 'Null for the stage it was created in.', resolve: (change) => change.fromStage }),
      to: t.field({ type: enums.Stage, description: 'The stage it entered.', resolve: (change) => change.toStage }),
      changedAt: t.expose('changedAt', { type: 'DateTime', description: 'When it entered that stage, UTC.' }),
      actorId: t.exposeString('actorId', { nullable: true, description: 'The user who moved it.' }),
    }),
  });

  const Opportunity = builder.prismaNode('Opportunity', {
    id: { field: 'id' },
    nullable: true,
    findUnique: (id, context) => ({ tenantId_id: { tenantId: viewerOf(context).tenantId, id: asUuid(id) } }),
    authScopes: READ,
    description: 'A potential sale to a customer, moving through the pipeline stages until it is won or lost.',
    fields: (t) => ({
      name: t.exposeString('name', { description: 'What is being sold, in a few words.' }),
      customer: t.relation('customer', { description: 'The person or organization the deal is with.' }),
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
  return { Opportunity };
}
