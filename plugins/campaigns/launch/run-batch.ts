import type { Sql, TenantScope } from '../../../src/plugin-api.ts';
import { importInteractions, interactionGlobalId, type ImportedInteraction } from '../../interactions/plugin.ts';
import { customerGlobalId } from '../../profile/plugin.ts';
import { CHANNELS } from '../channels.ts';
import { campaignContactSent, campaignRunCompleted } from '../events.ts';
import { campaignGlobalId } from '../ids.ts';
import { claimRun } from '../store/launch-runs.ts';
import { decideBatch, type DecidedRecipient } from '../store/recipient-decisions.ts';
import { recordBatchProgress } from '../store/recipient-progress.ts';

/** Customers decided per batch (each batch one transaction) unless the runner is told otherwise. */
export const DEFAULT_BATCH_SIZE = 1_000;

/** The source of every campaign contact's interaction; its externalId is `<campaign>:<step>:<customer>:<channel>`. */
export const CONTACT_SOURCE = 'campaign';

export function contactExternalId(campaignId: string, step: string, customerId: string, channel: string): string {
  return `${campaignId}:${step}:${customerId}:${channel}`;
}

export type BatchOutcome = 'MORE' | 'DONE' | 'BUSY';

/** Where a batch runs: a transaction of the run's tenant (the runner's, or the demo seed's), at one instant. */
export interface BatchScope {
  sql: Sql;
  tenantId: string;
  now: Date;
  events: Pick<TenantScope['events'], 'emit' | 'emitMany'>;
}

/**
 * Decides the next batch of a run in the caller's tenant transaction, at a constant number of
 * statements whatever the batch: the claim of the run, the decisions (recipient rows), the
 * contacts' interactions and their events (through the interactions area), finding those
 * interactions, the checkpoint with the counts, and the contacts' events; the last batch adds the
 * run's completion event. BUSY: the run is finished, or another instance holds it.
 */
export async function runBatch(scope: BatchScope, runId: string, batchSize = DEFAULT_BATCH_SIZE): Promise<BatchOutcome> {
  const run = await claimRun(scope.sql, runId);
  if (!run) return 'BUSY';
  const batch = await decideBatch(scope.sql, run, { tenantId: scope.tenantId, now: scope.now, limit: batchSize });
  const contacted = batch.recipients.filter((recipient) => recipient.outcome === 'CONTACTED' && recipient.kind !== null);
  const variantName = new Map(run.variants.map((variant) => [variant.id, variant.name]));
  const externalIdOf = (recipient: DecidedRecipient) => contactExternalId(run.campaignId, run.step, recipient.customerId, recipient.channel);

  // The batch's decisions are new rows, so each contact's interaction is new too: a decision
  // rolled back takes its interaction with it in the same transaction.
  const imported = await importInteractions(
    scope,
    contacted.map(
      (recipient): ImportedInteraction => ({
        customer: { id: recipient.customerId, kind: recipient.kind! },
        input: {
          channel: CHANNELS[recipient.channel].interactionChannel,
          direction: 'OUTBOUND',
          kind: 'CAMPAIGN_CONTACT',
          occurredAt: scope.now,
          summary: `Campaign "${run.campaignName}" (${run.step})`,
          metadata: { campaignId: run.campaignId, runId: run.id, variant: recipient.variantId ? (variantName.get(recipient.variantId) ?? null) : null },
          source: CONTACT_SOURCE,
          externalId: externalIdOf(recipient),
        },
      }),
    ),
  );
  const links = contacted.flatMap((recipient, index) => {
    const result = imported[index]!;
    return result.outcome === 'CREATED' ? [{ recipient, interactionId: result.interactionId }] : [];
  });

  const done = batch.size < batchSize;
  const count = (outcome: DecidedRecipient['outcome']) => batch.recipients.filter((recipient) => recipient.outcome === outcome).length;
  const totals = await recordBatchProgress(scope.sql, {
    runId: run.id,
    links: links.map(({ recipient, interactionId }) => ({ recipientId: recipient.id, interactionId })),
    checkpoint: batch.last,
    counts: { contacted: count('CONTACTED'), control: count('CONTROL'), excluded: count('EXCLUDED') },
    done,
    now: scope.now,
  });

  const campaignNodeId = campaignGlobalId('Campaign', run.campaignId);
  await scope.events.emitMany(
    campaignContactSent,
    links.map(({ recipient, interactionId }) => ({
      subjectId: campaignNodeId,
      customer: { id: recipient.customerId, nodeId: customerGlobalId({ id: recipient.customerId, kind: recipient.kind! }) },
      channel: CHANNELS[recipient.channel].interactionChannel,
      kind: 'CAMPAIGN_CONTACT',
      occurredAt: scope.now,
      payload: {
        campaignId: campaignNodeId,
        campaignName: run.campaignName,
        channel: recipient.channel,
        step: run.step,
        variant: recipient.variantId ? (variantName.get(recipient.variantId) ?? null) : null,
        interactionId: interactionGlobalId({ id: interactionId }),
      },
    })),
  );
  if (!done) return 'MORE';
  await scope.events.emit(campaignRunCompleted, {
    subjectId: campaignNodeId,
    payload: { campaignId: campaignNodeId, name: run.campaignName, runId: campaignGlobalId('CampaignRun', run.id), step: run.step, ...pick(totals) },
  });
  return 'DONE';
}

const pick = ({ contacted, control, excluded }: { contacted: number; control: number; excluded: number }) => ({ contacted, control, excluded });
