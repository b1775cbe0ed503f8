import { definePlugin, type BackgroundJob, type Plugin } from '../../src/plugin-api.ts';
import { registerCustomerScore } from './customer-score.ts';
import { settleSeededTenant } from './demo/settle-seeded.ts';
import { registerSegmentEnums } from './enums.ts';
import { segmentTopics } from './events.ts';
import { membershipReaction } from './membership/membership-reaction.ts';
import { startEvaluationScheduler } from './membership/scheduler.ts';
import { registerRfmCellSummary } from './rfm-cell-summary.ts';
import { RESCORE_EVERY_MS } from './scores/score-tenant.ts';
import { startScoringScheduler } from './scores/scoring-scheduler.ts';
import { registerSegment } from './segment.ts';
import { registerSegmentDay } from './segment-day.ts';
import { registerSegmentExplanation } from './segment-explanation.ts';
import { registerSegmentMembership } from './segment-membership.ts';
import { registerSegmentRuleInput } from './segment-rule-input.ts';
import { runtimeOf, type SegmentsRuntime } from './segments-runtime.ts';
import { seedSegments } from './seed.ts';
import { segmentsMergeParticipant } from './store/customer-merge.ts';
import { scoreFacts } from './store/score-facts.ts';
import { registerValueModel } from './value-model.ts';

export interface SegmentsPluginOptions {
  /** Pause between scheduled evaluation passes. Default 60 s. */
  evaluationIntervalMs?: number;
  /** How long a segment whose rule moves with time waits for its next full evaluation. Default 15 min. */
  reevaluateEveryMs?: number;
  /** Pause between passes looking for tenants due for rescoring. Default 60 s. */
  scoringIntervalMs?: number;
  /** How long a tenant's scores stand before the scheduled pass refits and rescores them. Default 24 h. */
  rescoreEveryMs?: number;
}

/** The segments area, with its scheduler's pace; tests run it faster. */
export function createSegmentsPlugin(options: SegmentsPluginOptions = {}): Plugin {
  const settings = { reevaluateEveryMs: options.reevaluateEveryMs ?? 15 * 60_000 };
  // The facts the schema was built with, for the work that runs outside requests.
  let runtime: SegmentsRuntime | null = null;
  const currentRuntime = () => {
    if (!runtime) throw new Error('The segments plugin was not registered in a schema');
    return runtime;
  };
  return definePlugin({
    name: 'segments',
    description: 'Marketing: segments of customers (dynamic rules kept live, static snapshots) with explained membership.',
    dependsOn: ['profile', 'interactions'],
    // Identity's merges reach the membership reaction (the survivor is re-evaluated) where it is enabled.
    integratesWith: ['pipeline', 'tickets', 'identity'],
    permissions: {
      'segments:read': 'Read segments, their members and history, explanations and previews; customer scores and the value models.',
      'segments:write': 'Create, change and archive segments; take snapshots; add and remove members of static segments; rescore customers.',
    },
    roles: {
      marketing: ['segments:read', 'segments:write'],
      sales: ['segments:read'],
      // A service agent's customer 360 shows the segments a customer is in, as a sales rep's does.
      service: ['segments:read'],
      'sales-manager': ['segments:read'],
    },
    topics: segmentTopics,
    customerFacts: scoreFacts,
    customerMerge: segmentsMergeParticipant,
    register(builder, composition) {
      runtime = runtimeOf(composition);
      const enums = registerSegmentEnums(builder);
      const SegmentRule = registerSegmentRuleInput(builder, composition);
      const SegmentExplanation = registerSegmentExplanation(builder);
      registerSegment(builder, runtime, settings, { SegmentRule, SegmentExplanation, enums });
      registerSegmentMembership(builder, enums, runtime, SegmentExplanation);
      registerSegmentDay(builder);
      registerRfmCellSummary(builder, enums);
      registerCustomerScore(builder, enums);
      registerValueModel(builder, enums, runtime);
    },
    reactions: { membership: membershipReaction(currentRuntime) },
    seed: (context) => seedSegments(context, settings),
    // Scores and memberships at the end of the history, once every area has written its part.
    finishSeed: settleSeededTenant,
    background: (context) =>
      allOf(
        startEvaluationScheduler(context, () => runtime, { intervalMs: options.evaluationIntervalMs ?? 60_000, reevaluateEveryMs: settings.reevaluateEveryMs }),
        startScoringScheduler(context, () => runtime, { intervalMs: options.scoringIntervalMs ?? 60_000, rescoreEveryMs: options.rescoreEveryMs ?? RESCORE_EVERY_MS }),
      ),
  });
}

/** One job of several, stopped together. */
function allOf(...jobs: BackgroundJob[]): BackgroundJob {
  return {
    async stop() {
      await Promise.all(jobs.map((job) => job.stop()));
    },
  };
}

export * from './public-api.ts';

export default createSegmentsPlugin();
