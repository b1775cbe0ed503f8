import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { ValidationError } from '../../src/plugin-api.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** The sales area's node types, by the name their global ids carry. */
export type PipelineNode = 'Lead' | 'Opportunity' | 'Offer' | 'Product' | 'PriceList' | 'SalesActivity';

export function globalIdOf(typename: PipelineNode, id: string): string {
  return encodeGlobalID(typename, id);
}

/** The row id behind a global id of `typename`, or a validation error at `path`. */
export function parseGlobalId(globalId: string, typename: PipelineNode, path: string[]): string {
  try {
    const decoded = decodeGlobalID(globalId);
    if (decoded.typename === typename && UUID.test(decoded.id)) return decoded.id.toLowerCase();
  } catch {
    // not base64, or not "Type:id": answered below
  }
  throw ValidationError.at(path, `is not a ${typename} id`);
}

/** A decoded id that is not a UUID can match nothing; querying with it would be a database error. */
export function asUuid(id: string): string {
  return UUID.test(id) ? id : NIL_UUID;
}
