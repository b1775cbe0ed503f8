import type { Context } from '../../../src/plugin-api.ts';
import { ConflictError, NotFoundError, ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import { campaignSaved } from '../events.ts';
import { asUuid, campaignGlobalId } from '../ids.ts';
import type { CampaignStatus } from '../store/enums.ts';
import { checkCampaignInput, type CampaignFields, type CampaignInput, type CheckedCampaign } from './campaign-rules.ts';

// A campaign's definition and its life: created and changed while DRAFT or SCHEDULED, scheduled
// once it is complete, completed or cancelled. Each write checks everything first, then writes, then
// says so with `campaign.saved`. Each runs in `context.mutate`, so that a check failing after a
// write (a scheduled campaign must stay complete) rolls the whole change back.

type Change = 'CREATED' | 'UPDATED' | 'SCHEDULED' | 'COMPLETED' | 'CANCELLED';

/** The statuses a campaign's definition may still change in. */
const EDITABLE: readonly CampaignStatus[] = ['DRAFT', 'SCHEDULED'];
/** The statuses each end comes from. */
const ENDS_FROM: Record<'CANCELLED' | 'COMPLETED', readonly CampaignStatus[]> = {
  CANCELLED: ['DRAFT', 'SCHEDULED', 'RUNNING'],
  COMPLETED: ['RUNNING'],
};

export async function findCampaign(context: Context, id: string) {
  const campaign = await context.db.campaign.findFirst({ where: { tenantId: viewerOf(context).tenantId, id: asUuid(id) } });
  if (!campaign) throw new NotFoundError('Campaign', campaignGlobalId('Campaign', id));
  return campaign;
}

async function announce(context: Context, campaign: { id: string; name: string; kind: string; status: string }, change: Change) {
  await context.events.emit(campaignSaved, {
    subjectId: campaignGlobalId('Campaign', campaign.id),
    payload: { name: campaign.name, kind: campaign.kind, status: campaign.status, change },
  });
}

/** A name (any case) or response code another campaign of the tenant holds: a ConflictError saying which. */
async function refuseTakenNames(context: Context, fields: { name?: string | undefined; responseCode?: string | null | undefined }, selfId: string | null) {
  const others = { tenantId: viewerOf(context).tenantId, ...(selfId ? { id: { not: selfId } } : {}) };
  if (fields.name !== undefined) {
    const holder = await context.db.campaign.findFirst({ where: { ...others, name: { equals: fields.name, mode: 'insensitive' } }, select: { id: true } });
    if (holder) throw new ConflictError(`A campaign is already named "${fields.name}".`);
  }
  if (fields.responseCode) {
    const holder = await context.db.campaign.findFirst({ where: { ...others, responseCode: fields.responseCode }, select: { name: true } });
    if (holder) throw new ConflictError(`The response code "${fields.responseCode}" is already the campaign "${holder.name}"'s.`);
  }
}

/**
 * The write that sets a name or a response code, with their unique indexes (("tenantId",
 * lower(name)), ("tenantId", "responseCode")) answering like refuseTakenNames when two writes pass
 * those checks before either commits and the index refuses the second. The campaign's other
 * unique keys are generated ids, so a unique violation (Prisma's documented P2002) is one of them.
 */
async function refusingTakenNames<T>(fields: { name?: string | undefined; responseCode?: string | null | undefined }, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'P2002') throw error;
    if (fields.name !== undefined && !fields.responseCode) throw new ConflictError(`A campaign is already named "${fields.name}".`);
    if (fields.name === undefined && fields.responseCode) throw new ConflictError(`The response code "${fields.responseCode}" is already another campaign's.`);
    throw new ConflictError('Another campaign took this name or response code at the same moment; choose another.');
  }
}

/** The columns an input sets: absent fields are left alone, null clears a nullable one. */
function columnsOf(fields: CampaignFields) {
  const given = <T>(value: T | undefined) => value !== undefined;
  return {
    ...(given(fields.name) ? { name: fields.name! } : {}),
    ...(given(fields.description) ? { description: fields.description ?? null } : {}),
    ...(given(fields.responseCode) ? { responseCode: fields.responseCode ?? null } : {}),
    ...(fields.kind ? { kind: fields.kind } : {}),
    ...(given(fields.objective) ? { objective: fields.objective ?? null } : {}),
    ...(given(fields.targetKpis) ? { targetKpis: fields.targetKpis ?? [] } : {}),
    ...(given(fields.channels) ? { channels: fields.channels ?? [] } : {}),
    ...(fields.ownerId ? { ownerId: fields.ownerId } : {}),
    ...(given(fields.startsAt) ? { startsAt: fields.startsAt ?? null } : {}),
    ...(given(fields.endsAt) ? { endsAt: fields.endsAt ?? null } : {}),
    ...(fields.recurrence ? { recurrence: fields.recurrence } : {}),
    ...(fields.controlShare !== undefined && fields.controlShare !== null ? { controlShare: fields.controlShare } : {}),
    ...(fields.attributionWindowDays ? { attributionWindowDays: fields.attributionWindowDays } : {}),
    ...(fields.decayHalfLifeDays ? { decayHalfLifeDays: fields.decayHalfLifeDays } : {}),
    ...(given(fields.budget) ? { budget: fields.budget?.amount ?? null, currency: fields.budget?.currency ?? null } : {}),
  };
}

/** Audiences and variants replaced as given (those not given stay). */
async function replaceParts(context: Context, campaignId: string, checked: CheckedCampaign) {
  const tenantId = viewerOf(context).tenantId;
  if (checked.audience || checked.exclusions) {
    const replaced = [...(checked.audience ? [false] : []), ...(checked.exclusions ? [true] : [])];
    await context.db.campaignAudience.deleteMany({ where: { tenantId, campaignId, OR: replaced.map((excluded) => ({ excluded })) } });
    const rows = [
      ...(checked.audience ?? []).map((segmentId) => ({ tenantId, campaignId, segmentId, excluded: false })),
      ...(checked.exclusions ?? []).map((segmentId) => ({ tenantId, campaignId, segmentId, excluded: true })),
    ];
    if (rows.length) await context.db.campaignAudience.createMany({ data: rows });
  }
  if (checked.fields.variants !== undefined) {
    await context.db.campaignVariant.deleteMany({ where: { tenantId, campaignId } });
    const variants = checked.fields.variants ?? [];
    if (variants.length) {
      await context.db.campaignVariant.createMany({
        data: variants.map((variant) => ({ tenantId, campaignId, name: variant.name, content: variant.content ?? null, weight: variant.weight ?? 1 })),
      });
    }
  }
}

export async function createCampaign(context: Context, input: CampaignInput) {
  return context.mutate(async () => {
    const checked = await checkCampaignInput(context, input, null, ['input']);
    await refuseTakenNames(context, checked.fields, null);
    const viewer = viewerOf(context);
    const campaign = await refusingTakenNames(checked.fields, () =>
      context.db.campaign.create({
        data: { tenantId: viewer.tenantId, ownerId: viewer.subject, channels: [], ...columnsOf(checked.fields), name: checked.fields.name!, kind: checked.fields.kind! },
      }),
    );
    await replaceParts(context, campaign.id, checked);
    await announce(context, campaign, 'CREATED');
    return campaign;
  });
}

export async function updateCampaign(context: Context, id: string, input: CampaignInput) {
  return context.mutate(async () => {
    const campaign = await findCampaign(context, id);
    if (!EDITABLE.includes(campaign.status)) throw ValidationError.at(['input', 'id'], `A ${campaign.status} campaign can no longer change; only DRAFT or SCHEDULED ones can.`);
    const checked = await checkCampaignInput(context, input, campaign, ['input']);
    await refuseTakenNames(context, checked.fields, campaign.id);
    const updated = await refusingTakenNames(checked.fields, () => context.db.campaign.update({ where: { id: campaign.id }, data: columnsOf(checked.fields) }));
    await replaceParts(context, campaign.id, checked);
    // A scheduled campaign stays complete: what scheduling needs must still be there.
    if (updated.status === 'SCHEDULED') await requireSchedulable(context, updated, ['input']);
    await announce(context, updated, 'UPDATED');
    return updated;
  });
}

/** What a campaign needs before it is scheduled, every missing part at once. */
async function requireSchedulable(context: Context, campaign: { id: string; channels: string[]; startsAt: Date | null }, at: string[]) {
  const audience = await context.db.campaignAudience.count({ where: { tenantId: viewerOf(context).tenantId, campaignId: campaign.id, excluded: false } });
  const problems = [
    ...(campaign.channels.length === 0 ? [{ path: [...at, 'channels'], message: 'A scheduled campaign needs at least one channel.' }] : []),
    ...(audience === 0 ? [{ path: [...at, 'audienceSegmentIds'], message: 'A scheduled campaign needs an audience segment.' }] : []),
    ...(campaign.startsAt === null ? [{ path: [...at, 'startsAt'], message: 'A scheduled campaign needs a start.' }] : []),
  ];
  if (problems.length) throw new ValidationError(problems);
}

export async function scheduleCampaign(context: Context, id: string) {
  return context.mutate(async () => {
    const campaign = await findCampaign(context, id);
    if (campaign.status !== 'DRAFT') throw ValidationError.at(['id'], `Only a DRAFT campaign is scheduled; this one is ${campaign.status}.`);
    await requireSchedulable(context, campaign, []);
    const scheduled = await context.db.campaign.update({ where: { id: campaign.id }, data: { status: 'SCHEDULED' } });
    await announce(context, scheduled, 'SCHEDULED');
    return scheduled;
  });
}

/** Completes or cancels a campaign, from the statuses each comes from. */
export async function endCampaign(context: Context, id: string, end: 'CANCELLED' | 'COMPLETED') {
  return context.mutate(async () => {
    const campaign = await findCampaign(context, id);
    if (!ENDS_FROM[end].includes(campaign.status)) {
      throw ValidationError.at(['id'], `A ${campaign.status} campaign cannot become ${end}; only ${ENDS_FROM[end].join(', ')} ones can.`);
    }
    const now = context.clock.now();
    const ended = await context.db.campaign.update({
      where: { id: campaign.id },
      data: { status: end, ...(end === 'CANCELLED' ? { cancelledAt: now } : { completedAt: now }) },
    });
    // A run still deciding its audience makes no more contacts (a batch in flight holds its run's
    // lock, so this waits for it to commit and stops what would come after).
    await context.db.campaignRun.updateMany({ where: { campaignId: campaign.id, status: 'RUNNING' }, data: { status: 'STOPPED', finishedAt: now } });
    await announce(context, ended, end);
    return ended;
  });
}

/** Costs are recorded in any status but CANCELLED (a completed campaign's invoices still arrive). */
export async function changeCosts(context: Context, campaignId: string, at: string[], write: (campaign: { id: string; tenantId: string }) => Promise<void>) {
  return context.mutate(async () => {
    const campaign = await findCampaign(context, campaignId);
    if (campaign.status === 'CANCELLED') throw ValidationError.at(at, 'A cancelled campaign takes no more costs.');
    await write(campaign);
    const touched = await context.db.campaign.update({ where: { id: campaign.id }, data: { updatedAt: context.clock.now() } });
    await announce(context, touched, 'UPDATED');
    return touched;
  });
}
