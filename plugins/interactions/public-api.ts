import type { Context, Prisma, SeedContext, SeedEvent } from '../../src/plugin-api.ts';
import type { CustomerKind } from '../profile/plugin.ts';
import { interactionRecorded, interactionRecordedEvent } from './events.ts';
import type { InteractionInput, ValidInteraction } from './interaction-inputs.ts';
import { recordInteractions } from './record-interactions.ts';

// What other areas may use of the interactions area, re-exported by plugin.ts.

export type { InteractionInput };
export { interactionGlobalId } from './events.ts';

/** For campaigns: purchases (which convert) and interactions naming a campaign (which touch), as SELECTs to compose. */
export { campaignLinkedSql, purchasesSql } from './store/campaign-sources.ts';

/** For imports (identity): interactions of a file recorded set-based, deduplicated on (source, externalId). */
export {
  importInteractions,
  INTERACTION_CHANNELS,
  INTERACTION_DIRECTIONS,
  INTERACTION_KINDS,
  type ImportedInteraction,
  type InteractionImportResult,
  type InteractionImportScope,
} from './store/import-interactions.ts';

/** For other areas' demo seeds: prices in the customer's currency, and local time, as this area's demo has them. */
export { demoPrice, demoUtcOffsetHours } from './demo/local-prices.ts';

/** For campaigns: the interactions an import wrote, found again by their (source, externalId) in one statement. */
export { interactionsBySourceKeys } from './store/interaction-writes.ts';

type InteractionRow = Prisma.InteractionModel;

/**
 * Records one interaction on behalf of another area (e.g. the survey answer a ticket collected),
 * under the same rules and with the same event as `recordInteraction`, inside the caller's
 * mutation. Idempotent on (source, externalId); a refused input throws its ValidationError or
 * NotFoundError.
 */
export async function recordInteractionFor(context: Context, input: InteractionInput): Promise<{ id: string; duplicate: boolean }> {
  const [result] = await recordInteractions(context, [input], () => ['input']);
  if (!result || 'error' in result) throw result?.error ?? new Error('recordInteractions returned no result');
  return { id: result.interaction.id, duplicate: result.duplicate };
}

/** An interaction another area's demo history caused (the survey answer a ticket collected): no purchase facts. */
export type DemoInteraction = Pick<ValidInteraction, 'channel' | 'direction' | 'kind' | 'occurredAt' | 'summary' | 'agentId' | 'metadata' | 'surveyScore' | 'source' | 'externalId'> & {
  id: string;
  customer: { id: string; kind: CustomerKind };
};

/**
 * Writes other areas' demo interactions into this area's table, as if recorded when they
 * happened, and returns their `interaction.recorded` events (without positions): the caller
 * writes them with its own events, in the order things happened.
 */
export async function insertDemoInteractions(context: SeedContext, label: string, interactions: readonly DemoInteraction[]): Promise<SeedEvent[]> {
  const rows = interactions.map((interaction) => ({
    id: interaction.id,
    tenantId: context.tenantId,
    customerId: interaction.customer.id,
    channel: interaction.channel,
    direction: interaction.direction,
    kind: interaction.kind,
    occurredAt: interaction.occurredAt.toISOString(),
    summary: interaction.summary,
    agentId: interaction.agentId,
    metadata: interaction.metadata,
    amount: null,
    currency: null,
    productLines: null,
    surveyScore: interaction.surveyScore,
    source: interaction.source,
    externalId: interaction.externalId,
    recordedAt: interaction.occurredAt.toISOString(),
  }));
  await context.insert(label, 'Interaction', rows);
  return interactions.map((interaction, index) => {
    const event = interactionRecordedEvent({ ...rows[index]!, occurredAt: interaction.occurredAt, recordedAt: interaction.occurredAt, amount: null } as unknown as InteractionRow, interaction.customer);
    return {
      topic: interactionRecorded.name,
      subjectId: event.subjectId,
      customerId: event.customer.id,
      customerNodeId: event.customer.nodeId,
      channel: event.channel,
      kind: event.kind,
      actorId: interaction.agentId,
      payload: event.payload,
      occurredAt: interaction.occurredAt,
    };
  });
}
