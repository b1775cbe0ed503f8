import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { ValidationError } from '../../src/plugin-api.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

export function segmentGlobalId(id: string): string {
  return encodeGlobalID('Segment', id);
}

/** The row id behind a Segment's global id, or a ValidationError at `path`. */
export function parseSegmentId(globalId: string | number, path: string[]): string {
  try {
    const decoded = decodeGlobalID(String(globalId));
    if (decoded.typename === 'Segment' && UUID.test(decoded.id)) return decoded.id.toLowerCase();
  } catch {
    // not base64 of "Type:id": reported below
  }
  throw ValidationError.at(path, 'is not a Segment id');
}

/** A decoded id that is not a UUID can match nothing; asking the database with it would be an error. */
export function asUuid(id: string): string {
  return UUID.test(id) ? id : NIL_UUID;
}
