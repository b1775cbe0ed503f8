import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { ValidationError } from '../../src/plugin-api.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** The GraphQL types of this area that are nodes (fetched by global id). */
export type TicketNodeType = 'Ticket' | 'TicketQueue' | 'TicketCategory' | 'RoutingRule' | 'SlaPolicy' | 'ServiceCalendar';

export function globalIdOf(typename: TicketNodeType, id: string): string {
  return encodeGlobalID(typename, id);
}

/** The row id behind a global id of `typename`, or a ValidationError at `path`. */
export function parseGlobalId(globalId: string | number, typename: TicketNodeType, path: string[]): string {
  try {
    const decoded = decodeGlobalID(String(globalId));
    if (decoded.typename === typename && UUID.test(decoded.id)) return decoded.id.toLowerCase();
  } catch {
    // not base64 of "Type:id": reported below
  }
  throw ValidationError.at(path, `is not a ${typename} id`);
}

/** A decoded id that is not a UUID can match nothing; asking the database with it would be an error. */
export function asUuid(id: string): string {
  return UUID.test(id) ? id : NIL_UUID;
}
