import { repointingParticipant, repointRows } from '../../../src/plugin-api.ts';

/** A merged customer's tickets (with their conversations, which hang off the ticket) become the survivor's. */
export const ticketsMergeParticipant = repointingParticipant([
  repointRows({ rows: 'tickets.tickets', label: 'tickets', table: "Ticket", customerColumns: ['customerId'] }),
]);
