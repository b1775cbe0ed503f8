import type { Builder } from '../../src/plugin-api.ts';
import { filterList } from '../../src/plugin-api.ts';
import type { TicketEnums } from './enums.ts';

/** The inputs of Ticket's queries and mutations. */
export function registerTicketInputs(builder: Builder, enums: TicketEnums) {
  const OrderField = builder.enumType('TicketOrderField', {
    description: 'What a ticket list is sorted by (ties are broken by number).',
    values: {
      CREATED_AT: { description: 'By when it was opened.' },
      UPDATED_AT: { description: 'By when it last changed.' },
      PRIORITY: { description: 'Then the earliest deadline.' },
      NUMBER: { description: 'By ticket number (the order they were opened in).' },
      DEADLINE: { description: 'The earliest running SLA deadline; tickets whose clock is stopped come last (ascending).' },
    } as const,
  });
  const TicketOrder = builder.inputType('TicketOrder', {
    description: 'How to sort tickets.',
    fields: (t) => ({
      field: t.field({ type: OrderField, required: true, description: 'What to sort by.' }),
      // The profile area's enum, by name: lists order the same way everywhere.
      direction: t.field({ type: 'OrderDirection' as unknown as typeof OrderField, description: 'Default DESC, but ASC for DEADLINE (most urgent first).' }),
    }),
  });
  const TicketFilter = builder.inputType('TicketFilter', {
    description: 'All given conditions must hold; a list matches any of its values.',
    fields: (t) => ({
      queueIds: t.idList({ description: 'Tickets in any of these queues.', ...filterList }),
      statuses: t.field({ type: [enums.Status], description: 'Tickets in any of these statuses.' }),
      priorities: t.field({ type: [enums.Priority], description: 'Tickets of any of these priorities.' }),
      kinds: t.field({ type: [enums.Kind], description: 'Tickets of any of these kinds.' }),
      categoryIds: t.idList({ description: 'These categories and their subcategories.', ...filterList }),
      channels: t.field({ type: [enums.Channel], description: 'Tickets from any of these channels.' }),
      assigneeIds: t.stringList({ description: 'Tickets assigned to any of these users.', ...filterList }),
      unassigned: t.boolean({ description: 'Tickets with no assignee (with assigneeIds: those too).' }),
      customerId: t.id({ description: "Only this customer's tickets (global id of a Person or Organization)." }),
      slaStates: t.field({ type: [enums.SlaState], description: 'The ticket’s SLA state now (see `Ticket.sla.state`).' }),
      escalated: t.boolean({ description: 'Escalated at least once (true) or never (false).' }),
      createdAfter: t.field({ type: 'DateTime', description: 'At or after.' }),
      createdBefore: t.field({ type: 'DateTime', description: 'Opened before this instant.' }),
      search: t.string({ description: 'Part of the subject, or a ticket number ("#42").' }),
    }),
  });

  const CreateInput = builder.inputType('CreateTicketInput', {
    description: 'A new case for a customer.',
    fields: (t) => ({
      customerId: t.id({ required: true, description: 'The Person or Organization.' }),
      channel: t.field({ type: enums.Channel, required: true, description: 'Where the case came from.' }),
      categoryId: t.id({ required: true, description: 'An active category; it gives the kind.' }),
      subject: t.string({ required: true, description: 'The case in one line.' }),
      description: t.string({ required: true, description: 'The case in full, as the customer told it.' }),
      priority: t.field({ type: enums.Priority, description: 'Overrides routing; default: the matching rule’s, else NORMAL.' }),
      queueId: t.id({ description: 'Overrides routing; default: the matching rule’s, else the default queue.' }),
      assigneeId: t.string({ description: 'User id of the agent to work on it; unassigned when absent.' }),
    }),
  });
  const UpdateInput = builder.inputType('UpdateTicketInput', {
    description: 'Only the fields given change. A new priority or category applies the SLA policy for it, keeping the time already used.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'The ticket (global id).' }),
      subject: t.string({ description: 'The case in one line.' }),
      description: t.string({ description: 'The case in full.' }),
      priority: t.field({ type: enums.Priority, description: 'A new priority (the SLA policy for it applies).' }),
      categoryId: t.id({ description: 'A new active category (global id); its kind becomes the ticket’s.' }),
      channel: t.field({ type: enums.Channel, description: 'Where the case came from, when it was recorded wrongly.' }),
    }),
  });
  const ChangeStatusInput = builder.inputType('ChangeTicketStatusInput', {
    description: 'The ticket and the status it moves to.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'The ticket (global id).' }),
      status: t.field({ type: enums.Status, required: true, description: 'One of the ticket’s `allowedTransitions`.' }),
      note: t.string({ description: 'Kept in the status history.' }),
    }),
  });
  const AssignInput = builder.inputType('AssignTicketInput', {
    description: 'Only the fields given change; `assigneeId: null` unassigns.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'The ticket (global id).' }),
      queueId: t.id({ description: 'The queue to move it to (global id of an active TicketQueue).' }),
      assigneeId: t.string({ description: 'User id of the agent to work on it; null unassigns.' }),
    }),
  });
  const RateInput = builder.inputType('RateTicketInput', {
    description: "The customer's satisfaction with a resolved ticket.",
    fields: (t) => ({
      ticketId: t.id({ required: true, description: 'The ticket (global id); RESOLVED or CLOSED, not rated yet.' }),
      score: t.int({ required: true, description: '1 (very dissatisfied) to 5 (very satisfied).' }),
      comment: t.string({ description: "The customer's own words." }),
    }),
  });

  return { TicketOrder, TicketFilter, CreateInput, UpdateInput, ChangeStatusInput, AssignInput, RateInput };
}
