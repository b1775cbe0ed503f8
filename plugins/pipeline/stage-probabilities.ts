import { createContextCache } from '@pothos/core';
import { z } from 'zod';
import type { Builder, Context } from '../../src/plugin-api.ts';
import type { OpportunityStage } from './store/enums.ts';
import { ForbiddenError, parseInput, ValidationError, viewerOf } from '../../src/plugin-api.ts';
import { MANAGE, READ } from './access.ts';
import type { PipelineEnums } from './enums.ts';
import { stageProbabilitiesSet } from './events.ts';
import { DEFAULT_PROBABILITY, isClosed, OPEN_STAGES, STAGES, stageNumber } from './stages.ts';

/** The tenant's probability per stage: its own settings over the defaults, read once per request. */
export const stageProbabilities = createContextCache((context: Context) => {
  let loaded: Promise<ReadonlyMap<OpportunityStage, number>> | null = null;
  let known: ReadonlyMap<OpportunityStage, number> | null = null;
  return {
    load(): Promise<ReadonlyMap<OpportunityStage, number>> {
      loaded ??= context.db.pipelineStageSetting.findMany({ where: { tenantId: viewerOf(context).tenantId } }).then((settings) => {
        const probabilities = new Map<OpportunityStage, number>(STAGES.map((stage) => [stage, DEFAULT_PROBABILITY[stage]]));
        for (const setting of settings) if (!isClosed(setting.stage)) probabilities.set(setting.stage, setting.probability);
        known = probabilities;
        return probabilities;
      });
      return loaded;
    },
    /** What this request has read already, or null. */
    known(): ReadonlyMap<OpportunityStage, number> | null {
      return known;
    },
    /** A statement that read them anyway (the board's) saves the request a query. */
    prime(probabilities: ReadonlyMap<OpportunityStage, number>): void {
      if (loaded) return;
      loaded = Promise.resolve(probabilities);
      known = probabilities;
    },
    /** After a write in the same request, the next read must see it. */
    forget(): void {
      loaded = null;
      known = null;
    },
  };
});

/**
 * What a deal counts for: the owner's own estimate while open, else the stage's probability. A
 * number when the request knows it already: a board's 70 cards then resolve it without a promise each.
 */
export function effectiveProbability(context: Context, opportunity: { stage: OpportunityStage; probability: number | null }): number | Promise<number> {
  if (!isClosed(opportunity.stage) && opportunity.probability !== null) return opportunity.probability;
  const probabilities = stageProbabilities(context);
  const known = probabilities.known();
  return known ? known.get(opportunity.stage)! : probabilities.load().then((loaded) => loaded.get(opportunity.stage)!);
}

interface StageRow {
  stage: OpportunityStage;
  probability: number;
}

const settingsSchema = z.object({
  probabilities: z
    .array(z.object({ stage: z.string(), probability: z.number().int().min(0, 'must be from 0 to 100').max(100, 'must be from 0 to 100').nullish() }))
    .min(1, 'must name at least one stage')
    .max(STAGES.length),
});

/** `pipelineStages` and `setStageProbabilities`. */
export function registerStageProbabilities(builder: Builder, enums: PipelineEnums): void {
  const PipelineStage = builder.objectRef<StageRow>('PipelineStage').implement({
    description: 'A stage of the pipeline with the probability of winning a deal that sits in it.',
    fields: (t) => ({
      stage: t.field({ type: enums.Stage, description: 'Which stage this row is about.', resolve: (row) => row.stage }),
      number: t.int({ description: '1 to 7 for the open stages, 8 for both closed ones.', resolve: (row) => stageNumber(row.stage) }),
      closed: t.boolean({ description: 'True for CLOSED_WON and CLOSED_LOST, whose probability is fixed (100 and 0).', resolve: (row) => isClosed(row.stage) }),
      probability: t.exposeInt('probability', { description: "Percent: the tenant's setting, or the default." }),
      defaultProbability: t.int({ description: 'Percent Nexo uses when the tenant sets none.', resolve: (row) => DEFAULT_PROBABILITY[row.stage] }),
    }),
  });

  const StageProbabilityInput = builder.inputType('StageProbabilityInput', {
    description: "One stage's probability.",
    fields: (t) => ({
      stage: t.field({ type: enums.Stage, required: true, description: 'An open stage.' }),
      probability: t.int({ description: '0 to 100; null goes back to the default.' }),
    }),
  });
  const SetStageProbabilitiesInput = builder.inputType('SetStageProbabilitiesInput', {
    description: 'The stages whose probability changes; the others keep theirs.',
    fields: (t) => ({ probabilities: t.field({ type: [StageProbabilityInput], required: true, description: 'One per stage to change.', extensions: { maxItems: STAGES.length } }) }),
  });
  const Payload = builder.objectRef<StageRow[]>('SetStageProbabilitiesPayload').implement({
    description: 'Every stage with its probability after the change.',
    fields: (t) => ({ stages: t.field({ type: [PipelineStage], description: 'Every stage, in pipeline order.', resolve: (rows) => rows }) }),
  });

  const allStages = async (context: Context): Promise<StageRow[]> => {
    const probabilities = await stageProbabilities(context).load();
    return STAGES.map((stage) => ({ stage, probability: probabilities.get(stage)! }));
  };

  builder.queryField('pipelineStages', (t) =>
    t.field({
      type: [PipelineStage],
      authScopes: READ,
      description: 'The stages in order, with the probability weighted figures use.',
      resolve: (_root, _args, context) => allStages(context),
    }),
  );

  builder.mutationField('setStageProbabilities', (t) =>
    t.field({
      type: Payload,
      authScopes: MANAGE,
      errors: { types: [ValidationError, ForbiddenError] },
      description: "Sets the tenant's probability of open stages (closed stages are always 100 and 0). Deals without an estimate of their own follow at once.",
      args: { input: t.arg({ type: SetStageProbabilitiesInput, required: true, description: 'The probabilities to set.' }) },
      resolve: async (_root, args, context) => {
        const input = parseInput(settingsSchema, args.input);
        const seen = new Set<string>();
        input.probabilities.forEach((entry, index) => {
          const stage = entry.stage as OpportunityStage;
          if (!OPEN_STAGES.includes(stage)) throw ValidationError.at(['input', 'probabilities', String(index), 'stage'], 'must be an open stage: closed stages are always 100 (won) and 0 (lost)');
          if (seen.has(stage)) throw ValidationError.at(['input', 'probabilities', String(index), 'stage'], 'is listed twice');
          seen.add(stage);
        });
        const tenantId = viewerOf(context).tenantId;
        await context.mutate(async (db) => {
          for (const { stage, probability } of input.probabilities) {
            const key = { tenantId_stage: { tenantId, stage: stage as OpportunityStage } };
            if (probability === null || probability === undefined) await db.pipelineStageSetting.deleteMany({ where: { tenantId, stage: stage as OpportunityStage } });
            else await db.pipelineStageSetting.upsert({ where: key, create: { tenantId, stage: stage as OpportunityStage, probability }, update: { probability } });
          }
          await context.events.emit(stageProbabilitiesSet, {
            subjectId: `PipelineStages:${tenantId}`,
            payload: { probabilities: Object.fromEntries(input.probabilities.map((entry) => [entry.stage, entry.probability ?? null])) },
          });
        });
        stageProbabilities(context).forget();
        return allStages(context);
      },
    }),
  );
}
