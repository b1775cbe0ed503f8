// The area's enums as Prisma generates them from prisma/models/tickets.prisma: the area's only door to
// the generated client's enums (other areas get them from this area's plugin.ts).
export { TicketStatus, TicketPriority, TicketKind, TicketChannel, TicketMessageKind, TicketAuthor } from '../../../src/generated/prisma/enums.ts';
