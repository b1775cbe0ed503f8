import { definePlugin, type Plugin } from '../../src/plugin-api.ts';
import { ticketFacts } from './store/customer-facts.ts';
import { ticketsMergeParticipant } from './store/customer-merge.ts';
import { registerCategory } from './config/category.ts';
import { registerQueue } from './config/queue.ts';
import { registerRoutingRule } from './config/routing-rule.ts';
import { registerServiceCalendar } from './config/service-calendar.ts';
import { registerSlaPolicy } from './config/sla-policy.ts';
import { registerCustomerTickets } from './customer-tickets.ts';
import { registerTicketEnums } from './enums.ts';
import { startEscalationScheduler } from './escalation/scheduler.ts';
import { ticketTopics } from './events.ts';
import { registerReports } from './reports/reports.ts';
import { seedTickets } from './seed.ts';
import { registerTicket } from './ticket.ts';
import { registerTicketMessage } from './ticket-message.ts';

export interface TicketsPluginOptions {
  /** Pause between escalation passes. Default 15 s. */
  escalationIntervalMs?: number;
}

/** The service area with its scheduler's pace; tests of the scheduler run it faster. */
export function createTicketsPlugin(options: TicketsPluginOptions = {}): Plugin {
  return definePlugin({
    name: 'tickets',
    description: 'Service: tickets with typification, routing, SLA clocks on business calendars, escalation, satisfaction and reports.',
    dependsOn: ['profile'],
    // A rating is also a survey-response interaction where that area is enabled.
    integratesWith: ['interactions'],
    permissions: {
      'tickets:read': 'Read tickets, their conversations, SLA state and the service reports.',
      'tickets:write': 'Open, answer, move, assign and rate tickets.',
      'tickets:manage': 'Configure queues, categories and scripts, routing rules, SLA policies and calendars.',
    },
    roles: {
      service: ['tickets:read', 'tickets:write'],
      'service-manager': ['tickets:read', 'tickets:write', 'tickets:manage'],
      sales: ['tickets:read'],
    },
    topics: ticketTopics,
    customerFacts: ticketFacts,
    customerMerge: ticketsMergeParticipant,
    register(builder, composition) {
      const enums = registerTicketEnums(builder);
      registerTicket(builder, enums, { withInteractions: composition.enabledPlugins.has('interactions') });
      registerTicketMessage(builder, enums);
      registerQueue(builder);
      registerCategory(builder, enums);
      registerRoutingRule(builder, enums);
      registerSlaPolicy(builder, enums);
      registerServiceCalendar(builder);
      registerCustomerTickets(builder, enums);
      registerReports(builder, enums);
    },
    seed: seedTickets,
    background: (context) => startEscalationScheduler(context, { intervalMs: options.escalationIntervalMs }),
  });
}

export default createTicketsPlugin();
