import { z } from 'zod';
import type { Builder, Context } from '../../../src/plugin-api.ts';
import { filterList, parseInput, ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import { TicketChannel, TicketKind, TicketPriority } from '../store/enums.ts';
import { requestConfig, type CategoryRow } from '../config/service-config.ts';
import type { TicketEnums } from '../enums.ts';
import { parseGlobalId } from '../ids.ts';
import { isKnownTimeZone } from '../sla/business-hours.ts';
import { ticketBacklog, type BacklogFigures, type BacklogRow } from '../store/backlog.ts';
import { serviceReport, type DurationFigures, type ReportInterval, type ServiceFigures } from '../store/service-report.ts';

const READ = { permission: 'tickets:read' } as const;
const MAX_BUCKETS = 1_000;
const BUCKET_DAYS: Record<ReportInterval, number> = { DAY: 1, WEEK: 7, MONTH: 28 };

interface CategoryBacklog {
  category: CategoryRow;
  figures: BacklogFigures;
}
interface QueueBacklog {
  queue: object;
  figures: BacklogFigures;
  categories: CategoryBacklog[];
}

const reportSchema = z
  .object({
    from: z.date(),
    to: z.date(),
    interval: z.enum(['DAY', 'WEEK', 'MONTH']).nullish(),
    timeZone: z.string().refine(isKnownTimeZone, 'is not an IANA time zone, e.g. "Europe/Madrid"').nullish(),
    queueIds: z.array(z.union([z.string(), z.number()])).nullish(),
    kinds: z.array(z.enum(TicketKind)).nullish(),
    categoryIds: z.array(z.union([z.string(), z.number()])).nullish(),
    channels: z.array(z.enum(TicketChannel)).nullish(),
    priorities: z.array(z.enum(TicketPriority)).nullish(),
  })
  .refine((input) => input.from.getTime() < input.to.getTime(), { path: ['to'], message: 'must be after from' })
  .refine((input) => !input.interval || (input.to.getTime() - input.from.getTime()) / 86_400_000 / BUCKET_DAYS[input.interval] <= MAX_BUCKETS, {
    path: ['interval'],
    message: `would cut the period into more than ${MAX_BUCKETS.toLocaleString('en-US')} buckets`,
  });

/** `serviceReport` and `ticketBacklog`: the service desk's figures, each computed by one SQL statement. */
export function registerReports(builder: Builder, enums: TicketEnums): void {
  const Interval = builder.enumType('ReportInterval', {
    description: 'The periods a service report is split into, in its time zone.',
    values: {
      DAY: { description: 'Calendar days.' },
      WEEK: { description: 'Weeks from Monday.' },
      MONTH: { description: 'Calendar months.' },
    } as const,
  });

  const Durations = builder.objectRef<DurationFigures>('ServiceDurations').implement({
    description: 'How long tickets took, in minutes: from opening (calendar time), and on the SLA clock (business time, pauses excluded). Percentiles interpolate (percentile_cont).',
    fields: (t) => ({
      count: t.exposeInt('count', { description: 'Tickets measured.' }),
      medianMinutes: t.exposeFloat('medianMinutes', { nullable: true, description: 'Median calendar minutes from opening; null when no ticket was measured.' }),
      p90Minutes: t.exposeFloat('p90Minutes', { nullable: true, description: '90th percentile of calendar minutes from opening; null when no ticket was measured.' }),
      businessMedianMinutes: t.exposeFloat('businessMedianMinutes', { nullable: true, description: 'Median business minutes on the SLA clock; null when no measured ticket had an SLA.' }),
      businessP90Minutes: t.exposeFloat('businessP90Minutes', { nullable: true, description: '90th percentile of business minutes on the SLA clock; null when no measured ticket had an SLA.' }),
    }),
  });

  const Figures = builder.objectRef<ServiceFigures>('ServiceFigures').implement({
    description: 'The service desk over one period. Each ticket counts where its own instant falls: opened, first answered, resolved, rated.',
    fields: (t) => ({
      periodStart: t.expose('periodStart', { type: 'DateTime', description: 'Where the period begins (inclusive).' }),
      periodEnd: t.expose('periodEnd', { type: 'DateTime', description: 'Exclusive.' }),
      created: t.exposeInt('created', { description: 'Tickets opened.' }),
      resolved: t.exposeInt('resolved', { description: 'Tickets resolved (their latest resolution).' }),
      firstResponse: t.field({ type: Durations, description: 'Tickets first answered in the period.', resolve: (figures) => figures.firstResponse }),
      resolution: t.field({ type: Durations, description: 'Tickets resolved in the period.', resolve: (figures) => figures.resolution }),
      firstResponseCompliancePercent: t.exposeFloat('firstResponseCompliancePercent', { nullable: true, description: 'First responses in the period within their SLA target.' }),
      resolutionCompliancePercent: t.exposeFloat('resolutionCompliancePercent', { nullable: true, description: 'Resolutions in the period within their SLA target.' }),
      slaCompliancePercent: t.exposeFloat('slaCompliancePercent', { nullable: true, description: 'Tickets resolved in the period that met both targets.' }),
      csatAverage: t.exposeFloat('csatAverage', { nullable: true, description: 'Average CSAT (1–5) of the ratings recorded in the period.' }),
      csatResponses: t.exposeInt('csatResponses', { description: 'Satisfaction ratings recorded in the period.' }),
      reopenRatePercent: t.exposeFloat('reopenRatePercent', { nullable: true, description: 'Tickets resolved in the period that had been reopened.' }),
    }),
  });

  const Report = builder.objectRef<{ totals: ServiceFigures; periods: ServiceFigures[]; timeZone: string }>('ServiceReport').implement({
    description: 'Service desk figures for a range of time, in total and per interval.',
    fields: (t) => ({
      timeZone: t.exposeString('timeZone', { description: 'The zone the periods are days, weeks (from Monday) or months of.' }),
      totals: t.field({ type: Figures, description: 'The whole range at once.', resolve: (report) => report.totals }),
      periods: t.field({ type: [Figures], description: 'One per interval (none without one), in order.', resolve: (report) => report.periods }),
    }),
  });

  const BacklogFiguresRef = builder.objectRef<BacklogFigures>('BacklogFigures').implement({
    description: 'Counts of open (unresolved) tickets now.',
    fields: (t) => ({
      open: t.exposeInt('open', { description: 'Tickets not yet resolved.' }),
      new: t.exposeInt('new', { description: 'Open tickets nobody has worked on yet (NEW).' }),
      pendingCustomer: t.exposeInt('pendingCustomer', { description: 'Open tickets waiting on the customer (PENDING_CUSTOMER).' }),
      escalated: t.exposeInt('escalated', { description: 'Open tickets escalated at least once.' }),
      unassigned: t.exposeInt('unassigned', { description: 'Open tickets with no agent assigned.' }),
      breached: t.exposeInt('breached', { description: 'Open tickets that breached an SLA target.' }),
      atRisk: t.exposeInt('atRisk', { description: 'Open tickets past a warning share, not breached.' }),
      oldestCreatedAt: t.expose('oldestCreatedAt', { type: 'DateTime', nullable: true, description: 'When the oldest open ticket was opened; null when none is open.' }),
    }),
  });
  const CategoryBacklogRef = builder.objectRef<CategoryBacklog>('CategoryBacklog').implement({
    description: "One category's open tickets.",
    fields: (t) => ({
      category: t.field({ type: 'TicketCategory', description: 'The category counted.', resolve: (row) => row.category }),
      figures: t.field({ type: BacklogFiguresRef, description: 'Its open tickets.', resolve: (row) => row.figures }),
    }),
  });
  const QueueBacklogRef = builder.objectRef<QueueBacklog>('QueueBacklog').implement({
    description: "One queue's open tickets.",
    fields: (t) => ({
      queue: t.field({ type: 'TicketQueue', description: 'The queue counted.', resolve: (row) => row.queue }),
      figures: t.field({ type: BacklogFiguresRef, description: 'Its open tickets.', resolve: (row) => row.figures }),
      categories: t.field({ type: [CategoryBacklogRef], description: 'The same figures per category, busiest first.', resolve: (row) => row.categories }),
    }),
  });
  const Backlog = builder.objectRef<{ totals: BacklogFigures; queues: QueueBacklog[] }>('TicketBacklog').implement({
    description: 'Open tickets now, by queue and category.',
    fields: (t) => ({
      totals: t.field({ type: BacklogFiguresRef, description: 'Every queue together.', resolve: (backlog) => backlog.totals }),
      queues: t.field({ type: [QueueBacklogRef], description: 'Queues with open tickets, busiest first.', resolve: (backlog) => backlog.queues }),
    }),
  });

  builder.queryFields((t) => ({
    serviceReport: t.field({
      type: Report,
      authScopes: READ,
      description: 'Volumes, first-response and resolution times (median, p90), SLA compliance, CSAT and reopen rate over a period, optionally per day, week or month.',
      args: {
        from: t.arg({ type: 'DateTime', required: true, description: 'Start of the range (inclusive).' }),
        to: t.arg({ type: 'DateTime', required: true, description: 'Exclusive.' }),
        interval: t.arg({ type: Interval, description: 'Also split the range into days, weeks or months; no `periods` when absent.' }),
        timeZone: t.arg.string({ description: 'Default UTC.' }),
        queueIds: t.arg.idList({ description: 'Only tickets in these queues.', ...filterList }),
        kinds: t.arg({ type: [enums.Kind], description: 'Only tickets of these kinds.' }),
        categoryIds: t.arg.idList({ description: 'These categories and their subcategories.', ...filterList }),
        channels: t.arg({ type: [enums.Channel], description: 'Only tickets from these channels.' }),
        priorities: t.arg({ type: [enums.Priority], description: 'Only tickets of these priorities.' }),
      },
      resolve: async (_root, args, context) => {
        const input = parseInput(reportSchema, args, []);
        const timeZone = input.timeZone ?? 'UTC';
        const report = await serviceReport(context.db, {
          tenantId: viewerOf(context).tenantId,
          from: input.from,
          to: input.to,
          interval: input.interval ?? null,
          timeZone,
          queueIds: input.queueIds?.length ? input.queueIds.map((id, index) => parseGlobalId(id, 'TicketQueue', ['queueIds', String(index)])) : null,
          kinds: input.kinds?.length ? input.kinds : null,
          categoryIds: input.categoryIds?.length ? await categoryScope(context, input.categoryIds) : null,
          channels: input.channels?.length ? input.channels : null,
          priorities: input.priorities?.length ? input.priorities : null,
        });
        return { ...report, timeZone };
      },
    }),
    ticketBacklog: t.field({
      type: Backlog,
      authScopes: READ,
      description: 'Open tickets right now, by queue and category: how many are new, waiting, escalated, unassigned, breached or at risk.',
      args: {
        queueIds: t.arg.idList({ description: 'Only tickets in these queues.', ...filterList }),
        kinds: t.arg({ type: [enums.Kind], description: 'Only tickets of these kinds.' }),
      },
      resolve: async (_root, args, context) => {
        const rows = await ticketBacklog(context.db, {
          tenantId: viewerOf(context).tenantId,
          now: context.clock.now(),
          queueIds: args.queueIds?.length ? args.queueIds.map((id, index) => parseGlobalId(id, 'TicketQueue', ['queueIds', String(index)])) : null,
          kinds: args.kinds?.length ? args.kinds : null,
        });
        return shapeBacklog(rows, await requestConfig(context).queues(), await requestConfig(context).categories());
      },
    }),
  }));
}

async function categoryScope(context: Context, ids: readonly (string | number)[]): Promise<string[]> {
  const categories = await requestConfig(context).categories();
  const wanted = new Set(ids.map((id, index) => parseGlobalId(id, 'TicketCategory', ['categoryIds', String(index)])));
  for (const id of wanted) if (!categories.has(id)) throw ValidationError.at(['categoryIds'], 'names a category that does not exist');
  // Subcategories belong to their ancestors' figures.
  let grew = true;
  while (grew) {
    grew = false;
    for (const category of categories.values()) {
      if (category.parentId && wanted.has(category.parentId) && !wanted.has(category.id)) {
        wanted.add(category.id);
        grew = true;
      }
    }
  }
  return [...wanted];
}

function shapeBacklog(rows: readonly BacklogRow[], queues: ReadonlyMap<string, object>, categories: ReadonlyMap<string, CategoryRow>): { totals: BacklogFigures; queues: QueueBacklog[] } {
  const figures = ({ queueId: _queue, categoryId: _category, ...rest }: BacklogRow): BacklogFigures => rest;
  const empty: BacklogFigures = { open: 0, new: 0, pendingCustomer: 0, escalated: 0, unassigned: 0, breached: 0, atRisk: 0, oldestCreatedAt: null };
  const busiestFirst = (a: { figures: BacklogFigures }, b: { figures: BacklogFigures }) => b.figures.open - a.figures.open;
  const totals = rows.find((row) => row.queueId === null && row.categoryId === null);
  return {
    totals: totals ? figures(totals) : empty,
    queues: rows
      .filter((row) => row.queueId !== null && row.categoryId === null)
      .map((queueRow) => ({
        queue: queues.get(queueRow.queueId!)!,
        figures: figures(queueRow),
        categories: rows
          .filter((row) => row.queueId === queueRow.queueId && row.categoryId !== null)
          .map((row) => ({ category: categories.get(row.categoryId!)!, figures: figures(row) }))
          .sort(busiestFirst),
      }))
      .sort(busiestFirst),
  };
}
