import { decodeGlobalID } from '@pothos/plugin-relay';
import { ValidationError } from '../errors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** The row id (a UUID, lower-cased) behind the global id of a `typename` node; anything else is a ValidationError at `path`. */
export function rowIdOfNode(globalId: string, typename: string, path: readonly string[]): string {
  try {
    const decoded = decodeGlobalID(globalId);
    if (decoded.typename === typename && UUID.test(decoded.id)) return decoded.id.toLowerCase();
  } catch {
    // not base64 of "Type:id": reported below
  }
  throw ValidationError.at([...path], `is not ${/^[AEIOU]/.test(typename) ? 'an' : 'a'} ${typename} id`);
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** A decoded id that is not a UUID can match nothing; asking the database with it would be an error. */
export function asUuid(id: string): string {
  return UUID.test(id) ? id : NIL_UUID;
}
