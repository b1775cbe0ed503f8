import type { Builder } from '../../../src/plugin-api.ts';
import { READ } from '../access.ts';
import type { PipelineEnums } from '../enums.ts';

/** `OpportunityStageChange`: an entry of a deal's `stageHistory`. */
export function registerOpportunityStageChange(builder: Builder, enums: PipelineEnums): void {
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
}
