import type { SeedContext, SeedEvent } from '../../src/plugin-api.ts';
import type { TicketChannel, TicketKind, TicketPriority } from './store/enums.ts';
import { insertDemoInteractions, type DemoInteraction } from '../interactions/plugin.ts';
import { readSeedCustomers } from '../profile/plugin.ts';
import { buildDemoDesk, type DemoCategory } from './demo/desk-config.ts';
import { DemoDice, type Weighted } from './demo/random.ts';
import { eventFrame, playStory, type StoryCustomer, type StoryPlan, type StoryRows } from './demo/ticket-story.ts';
import { CSAT_SOURCE, csatExternalId } from './ticket-satisfaction.ts';

const DAY = 86_400_000;
const HISTORY_DAYS = 365;
/** Tickets per customer over the year: about 700 for the 2,300 customers of the demo tenant. */
const TICKETS_PER_CUSTOMER = 0.3;
const SURGE_DAYS = 10;
const SURGE_SHARE = 0.08;

const CHANNELS: Record<TicketKind, Weighted<TicketChannel>> = {
  QUERY: [['PHONE', 30], ['EMAIL', 25], ['CHAT', 20], ['WEB', 15], ['SOCIAL', 5], ['MOBILE_APP', 5]],
  COMPLAINT: [['PHONE', 30], ['EMAIL', 20], ['COMPLAINT_DESK', 25], ['SOCIAL', 10], ['WEB', 10], ['POINT_OF_SALE', 5]],
  CLAIM: [['COMPLAINT_DESK', 30], ['EMAIL', 25], ['PHONE', 20], ['POINT_OF_SALE', 15], ['WEB', 10]],
  REQUEST: [['EMAIL', 35], ['WEB', 25], ['PHONE', 20], ['MOBILE_APP', 10], ['IVR', 10]],
};
const ASKED_PRIORITY: Weighted<TicketPriority | null> = [[null, 75], ['LOW', 12], ['HIGH', 9], ['URGENT', 4]];
// Madrid hours (UTC+1 in winter; close enough for when customers write), weekdays busier.
const HOUR_WEIGHTS = [0, 0, 0, 0, 0, 0, 0, 1, 4, 8, 10, 10, 9, 7, 6, 8, 9, 8, 7, 5, 3, 2, 1, 0];

/**
 * The demo service desk and a year of tickets: configuration first, then every ticket's life
 * played with the API's own SLA, routing and escalation rules, with its conversation, status
 * history, escalations, satisfaction (as survey-response interactions too, when that area is
 * seeded) and events — already positioned, like the other seeds' history.
 */
export async function seedTickets(context: SeedContext): Promise<void> {
  const { tenantId, now } = context;
  const dice = new DemoDice(context.faker);
  const desk = buildDemoDesk(tenantId, dice, new Date(now.getTime() - (HISTORY_DAYS + 30) * DAY));
  for (const part of desk.rows) await context.insert(part.label, part.table, part.rows);

  const customers = await readSeedCustomers(context);
  if (customers.length === 0) return;
  const plans = planTickets(customers, desk.categories, dice, now);
  const stories = plans.map((plan) => ({ plan, rows: playStory(plan, desk, dice, tenantId, now) }));

  const surveys = context.enabledPlugins.has('interactions') ? surveyInteractions(stories, dice) : [];
  await context.insert('tickets', 'Ticket', stories.map(({ rows }) => rows.ticket));
  await context.insert('ticket messages', 'TicketMessage', stories.flatMap(({ rows }) => rows.messages));
  await context.insert('ticket status changes', 'TicketStatusChange', stories.flatMap(({ rows }) => rows.statusChanges));
  await context.insert('ticket escalations', 'TicketEscalation', stories.flatMap(({ rows }) => rows.escalations));
  await context.insert('ticket counter', 'TicketCounter', [{ tenantId, last: plans.length }]);
  const surveyEvents = surveys.length ? await insertDemoInteractions(context, 'survey interactions', surveys) : [];

  const events: SeedEvent[] = [
    ...stories.flatMap(({ plan, rows }) =>
      rows.events.map((event) => ({
        topic: event.topic,
        ...eventFrame(rows.ticket as { id: string; channel: string; kind: string }, plan.customer),
        actorId: event.actorId,
        payload: event.payload,
        occurredAt: event.occurredAt,
      })),
    ),
    ...surveyEvents,
  ].sort((a, b) => +a.occurredAt - +b.occurredAt || a.subjectId.localeCompare(b.subjectId));
  await context.insertEvents('ticket events', events);
}

/** Who writes, when and about what: key accounts write more, lost customers less; office hours, fewer weekends. */
function planTickets(customers: readonly (StoryCustomer & { createdAt: Date })[], categories: readonly DemoCategory[], dice: DemoDice, now: Date): StoryPlan[] {
  const count = Math.max(1, Math.round(customers.length * TICKETS_PER_CUSTOMER));
  const weights = customers.map((customer) => (customer.audiences.includes('KEY_ACCOUNT') ? 3 : 1) * (customer.lifecycle === 'LOST' ? 0.3 : 1));
  const cumulative: number[] = [];
  weights.reduce((sum, weight, index) => (cumulative[index] = sum + weight), 0);
  const total = cumulative.at(-1)!;
  const leaves = categories.filter((category) => category.weight > 0);
  const plans: Omit<StoryPlan, 'number'>[] = [];
  while (plans.length < count) {
    const target = dice.next() * total;
    const customer = customers[Math.min(cumulative.findIndex((sum) => sum > target), customers.length - 1)]!;
    const createdAt = ticketInstant(dice, now, customer.createdAt);
    if (!createdAt) continue;
    const category = dice.weighted(leaves.map((leaf) => [leaf, leaf.weight] as const));
    plans.push({ customer, createdAt, category, channel: dice.weighted(CHANNELS[category.kind]), requestedPriority: dice.weighted(ASKED_PRIORITY) });
  }
  return plans.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).map((plan, index) => ({ ...plan, number: index + 1 }));
}

/**
 * An instant in the last year after the customer existed, in busy hours; null to draw again. The
 * last ten days bring a surge (a carrier's delays before the demo ends), so the desk has a backlog.
 */
function ticketInstant(dice: DemoDice, now: Date, customerSince: Date): Date | null {
  const daysAgo = dice.chance(SURGE_SHARE) ? dice.int(0, SURGE_DAYS - 1) : dice.int(0, HISTORY_DAYS - 1);
  const day = new Date(Math.floor(now.getTime() / DAY) * DAY - daysAgo * DAY - DAY);
  const weekday = day.getUTCDay();
  if ((weekday === 0 && dice.chance(0.8)) || (weekday === 6 && dice.chance(0.5))) return null;
  const hour = dice.weighted(HOUR_WEIGHTS.map((weight, index) => [index - 1, weight] as const));
  const at = new Date(day.getTime() + hour * 3_600_000 + dice.int(0, 3_599) * 1000);
  return at > customerSince && at < now ? at : null;
}

/** The CSAT answers as survey-response interactions, linked from their tickets. */
function surveyInteractions(stories: { plan: StoryPlan; rows: StoryRows }[], dice: DemoDice): DemoInteraction[] {
  return stories.flatMap(({ plan, rows }) => {
    if (!rows.csat) return [];
    const { score, comment, at, agentId } = rows.csat;
    const id = dice.uuidV7(at);
    rows.ticket.csatInteractionId = id;
    const frame = eventFrame(rows.ticket as { id: string; channel: string; kind: string }, plan.customer);
    return [
      {
        id,
        customer: { id: plan.customer.id, kind: plan.customer.kind },
        channel: 'SATISFACTION_SURVEY',
        direction: 'INBOUND',
        kind: 'SURVEY_RESPONSE',
        occurredAt: at,
        summary: comment ?? `Satisfaction with ticket #${plan.number}: ${score}/5`,
        agentId,
        metadata: { survey: 'csat', scale: '1-5', ticketId: frame.subjectId, ticketNumber: plan.number },
        surveyScore: score,
        source: CSAT_SOURCE,
        externalId: csatExternalId(rows.ticket.id as string),
      },
    ];
  });
}
