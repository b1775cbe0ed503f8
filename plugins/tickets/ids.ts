import { encodeGlobalID } from '@pothos/plugin-relay';
import { rowIdOfNode } from '../../src/plugin-api.ts';

export { asUuid } from '../../src/plugin-api.ts';

/** The GraphQL types of this area that are nodes (fetched by global id). */
export type TicketNodeType = 'Ticket' | 'TicketQueue' | 'TicketCategory' | 'RoutingRule' | 'SlaPolicy' | 'ServiceCalendar';

export function globalIdOf(typename: TicketNodeType, id: string): string {
  return encodeGlobalID(typename, id);
}

/** The row id behind a global id of `typename`, or a ValidationError at `path`. */
export function parseGlobalId(globalId: string | number, typename: TicketNodeType, path: string[]): string {
  return rowIdOfNode(String(globalId), typename, path);
}

