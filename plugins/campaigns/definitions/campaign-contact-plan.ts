import type { Builder } from '../../../src/plugin-api.ts';
import { filterList, ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import { parseSegmentId } from '../../segments/plugin.ts';
import type { CampaignEnums } from '../enums.ts';
import { READ } from '../permissions.ts';
import { contactPlanRows, type ContactPlanRow } from '../store/campaign-contact-plan.ts';
import { campaignParts } from '../store/campaign-parts.ts';
import { readContactCap, type ContactCap } from '../store/campaign-settings.ts';

const DAY_MS = 86_400_000;
/** The longest period a plan covers, in days (a quarter). */
export const MAX_PLAN_DAYS = 92;

interface PlanWeek {
  week: Date;
  channel: string;
  totals: ContactPlanRow;
  campaigns: ContactPlanRow[];
}

/** `campaignContactPlan`: who the scheduled and running campaigns would contact, per week and channel, with the cap applied. */
export function registerCampaignContactPlan(builder: Builder, enums: CampaignEnums): void {
  const Entry = builder.objectRef<ContactPlanRow>('CampaignPlanEntry').implement({
    description: "One campaign's share of a week and channel of the plan.",
    fields: (t) => ({
      campaign: t.field({
        type: 'Campaign',
        description: 'The scheduled or running campaign whose contacts these are.',
        resolve: async (row, _args, context) => (await campaignParts(context).campaigns.load(row.campaignId!))!,
      }),
      planned: t.exposeInt('planned', { description: 'Contacts planned: each customer of the audience (segment members now, minus exclusions) once per channel and occurrence.' }),
      contacted: t.exposeInt('contacted', { description: 'Planned contacts the cap allows.' }),
      capped: t.exposeInt('capped', { description: 'Planned contacts held back by the cap (the customer had as many contacts as it allows in its period).' }),
      customers: t.exposeInt('customers', { description: 'Distinct customers it contacts at least once in the week on the channel.' }),
    }),
  });
  const Week = builder.objectRef<PlanWeek>('CampaignPlanWeek').implement({
    description: 'A week and channel of the plan: its campaigns and the contacts they would make.',
    fields: (t) => ({
      weekStart: t.field({ type: 'Date', description: 'The Monday the week starts on (UTC; may precede the period).', resolve: (week) => week.week }),
      channel: t.field({ type: enums.Channel, description: 'The channel the contacts of the week would go through.', resolve: (week) => week.channel as never }),
      campaigns: t.field({ type: [Entry], description: 'The campaigns contacting in the week on the channel.', resolve: (week) => week.campaigns }),
      planned: t.int({ description: 'Contacts planned, all its campaigns together.', resolve: (week) => week.totals.planned }),
      contacted: t.int({ description: 'Planned contacts the cap allows.', resolve: (week) => week.totals.contacted }),
      capped: t.int({ description: 'Planned contacts held back by the cap.', resolve: (week) => week.totals.capped }),
      customers: t.int({ description: 'Distinct customers contacted at least once in the week on the channel.', resolve: (week) => week.totals.customers }),
    }),
  });
  const Plan = builder.objectRef<{ from: Date; to: Date; cap: ContactCap; weeks: PlanWeek[] }>('CampaignContactPlan').implement({
    description: 'The calendar of the SCHEDULED and RUNNING campaigns of a period, with the contact cap applied. Consent and the suppression list are not considered (the launch applies them).',
    fields: (t) => ({
      from: t.field({ type: 'Date', description: 'The first day of the period.', resolve: (plan) => plan.from }),
      to: t.field({ type: 'Date', description: 'The last day of the period.', resolve: (plan) => plan.to }),
      maxContacts: t.int({ description: 'The cap applied: contacts per customer per period, all campaigns together.', resolve: (plan) => plan.cap.maxContacts }),
      perDays: t.int({ description: 'The cap period in days (consecutive windows from `from`).', resolve: (plan) => plan.cap.perDays }),
      weeks: t.field({ type: [Week], description: 'Each week and channel with planned contacts, by week then channel.', resolve: (plan) => plan.weeks }),
    }),
  });

  builder.queryField('campaignContactPlan', (t) =>
    t.field({
      type: Plan,
      authScopes: { permission: READ },
      errors: { types: [ValidationError] },
      description:
        'Who the SCHEDULED and RUNNING campaigns would contact in a period (at most 92 days), per week and channel, and how many contacts the cap holds back. ' +
        'Audiences are segment members now, minus exclusions; consent and suppression are not considered. The cap counts every campaign of the period, whatever the filters.',
      args: {
        from: t.arg({ type: 'Date', required: true, description: 'The first day (UTC).' }),
        to: t.arg({ type: 'Date', required: true, description: 'The last day (UTC), included.' }),
        segmentIds: t.arg.idList({ description: 'Only campaigns whose audience has one of these segments (global ids).', ...filterList }),
        channels: t.arg({ type: [enums.Channel], description: 'Only these channels.' }),
      },
      resolve: async (_root, args, context) => {
        const from = args.from as Date;
        const to = args.to as Date;
        const problems: { path: string[]; message: string }[] = [];
        const days = Math.round((to.getTime() - from.getTime()) / DAY_MS) + 1;
        if (days < 1) problems.push({ path: ['to'], message: 'must not be before from' });
        else if (days > MAX_PLAN_DAYS) problems.push({ path: ['to'], message: `The period must be at most ${MAX_PLAN_DAYS} days.` });
        const segmentIds = (args.segmentIds ?? []).flatMap((id, index) => {
          try {
            return [parseSegmentId(id, [])];
          } catch {
            problems.push({ path: ['segmentIds', String(index)], message: 'is not a Segment id' });
            return [];
          }
        });
        if (problems.length) throw new ValidationError(problems);
        const tenantId = viewerOf(context).tenantId;
        const cap = await readContactCap(context.sql, tenantId);
        const rows = await contactPlanRows(context.sql, {
          tenantId,
          from,
          until: new Date(to.getTime() + DAY_MS),
          segmentIds: args.segmentIds?.length ? segmentIds : null,
          channels: args.channels?.length ? args.channels : null,
          cap,
        });
        return { from, to, cap, weeks: weeksOf(rows) };
      },
    }),
  );
}

/** The rows (totals first, then each campaign, per week and channel) as weeks. */
function weeksOf(rows: readonly ContactPlanRow[]): PlanWeek[] {
  const weeks = new Map<string, PlanWeek>();
  for (const row of rows) {
    const key = `${row.week.toISOString()} ${row.channel}`;
    if (row.campaignId === null) weeks.set(key, { week: row.week, channel: row.channel, totals: row, campaigns: [] });
    else weeks.get(key)!.campaigns.push(row);
  }
  return [...weeks.values()];
}
