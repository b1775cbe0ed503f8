import type { z } from 'zod';
import type { TicketPriority } from './store/enums.ts';
import { ValidationError } from '../../src/plugin-api.ts';
import { customerGlobalId, type CustomerRow } from '../profile/plugin.ts';
import { requireConfigRow } from './config/config-kit.ts';
import { lineageOf, type QueueRow } from './config/service-config.ts';
import { ticketCreated, ticketEventFrame, ticketFacts } from './events.ts';
import { globalIdOf } from './ids.ts';
import { explainRouting, routeTicket, type RoutingConditions } from './routing/routing-rules.ts';
import { startClock } from './sla/sla-clock.ts';
import { calendarOf, slaColumns, slaSetupFor, targetsOf } from './sla/ticket-sla.ts';
import type { createTicketSchema } from './ticket-inputs.ts';
import { nextTicketNumber, recordStatusChange, type LockedTicket, type WriteScope } from './store/ticket-writes.ts';

type CreateTicketInput = z.output<typeof createTicketSchema>;

/**
 * Opens a ticket: routes it (the first matching rule picks queue and priority, unless the input
 * names them; the default queue otherwise), applies the SLA policy for its priority and category,
 * numbers it, starts its clock, and records its creation in the history and as an event.
 */
export async function openTicket(scope: WriteScope, input: CreateTicketInput, customer: CustomerRow): Promise<LockedTicket> {
  const categories = await scope.config.categories();
  const queues = await scope.config.queues();
  const category = await requireConfigRow(categories, input.categoryId, 'TicketCategory', ['input', 'categoryId']);
  if (!category.active) throw ValidationError.at(['input', 'categoryId'], 'is an inactive category');
  const givenQueue = input.queueId == null ? null : await requireConfigRow(queues, input.queueId, 'TicketQueue', ['input', 'queueId']);
  if (givenQueue && !givenQueue.active) throw ValidationError.at(['input', 'queueId'], 'is an inactive queue');

  const rules = (await scope.config.rules()).filter((rule) => rule.active);
  const decision = routeTicket(
    rules.map((rule) => ({ ...rule, conditions: rule.conditions as RoutingConditions })),
    {
      kind: category.kind,
      categoryLineage: lineageOf(categories, category.id),
      channel: input.channel,
      priority: input.priority ?? 'NORMAL',
      customer: { audiences: customer.audiences, lifecycle: customer.lifecycle, country: customer.country, kind: customer.kind },
    },
  );
  const ruleQueue = decision.rule?.queueId ? queues.get(decision.rule.queueId) : undefined;
  const defaultQueue = [...queues.values()].find((queue) => queue.isDefault && queue.active);
  const queue: QueueRow | undefined = givenQueue ?? (ruleQueue?.active ? ruleQueue : undefined) ?? defaultQueue;
  if (!queue) throw ValidationError.at(['input', 'queueId'], 'is required: no routing rule chose a queue and the tenant has no default queue');
  const priority: TicketPriority = input.priority ?? decision.rule?.priority ?? 'NORMAL';
  const routingReason = explainRouting(decision, {
    queueName: queue.name,
    priority,
    chosenBy: {
      queue: givenQueue ? 'input' : queue === ruleQueue ? 'rule' : 'default',
      priority: input.priority ? 'input' : decision.rule?.priority ? 'rule' : 'default',
    },
  });

  const sla = await slaSetupFor(scope.config, { priority, kind: category.kind, categoryId: category.id });
  const calendar = await calendarOf(scope.config, sla.slaCalendarId);
  const number = await nextTicketNumber(scope);

  const ticket = await scope.db.ticket.create({
    data: {
      tenantId: scope.tenantId,
      number,
      customerId: customer.id,
      channel: input.channel,
      kind: category.kind,
      categoryId: category.id,
      priority,
      status: 'NEW',
      subject: input.subject,
      description: input.description,
      queueId: queue.id,
      assigneeId: input.assigneeId ?? null,
      createdBy: scope.actorId,
      routingRuleId: decision.rule?.id ?? null,
      routingReason,
      ...sla,
      ...slaColumns(startClock(scope.now), targetsOf(sla), calendar, 0),
      createdAt: scope.now,
      updatedAt: scope.now,
    },
  });
  const opened = { ...ticket, customerNodeId: customerGlobalId(customer) };
  await recordStatusChange(scope, ticket.id, null, 'NEW');
  await scope.events.emit(ticketCreated, {
    ...ticketEventFrame(opened, scope.now),
    payload: {
      ...ticketFacts(opened),
      subject: ticket.subject,
      kind: ticket.kind,
      categoryId: globalIdOf('TicketCategory', ticket.categoryId),
      channel: ticket.channel,
      routingRule: decision.rule?.name ?? null,
      routingReason,
    },
  });
  return opened;
}
