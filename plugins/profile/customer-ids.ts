import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import type { Context } from '../../src/plugin-api.ts';
import { NotFoundError, ValidationError, viewerOf } from '../../src/plugin-api.ts';
import type { CustomerKind } from './store/enums.ts';
import { liveCustomersNamed } from './store/merge-alias-resolution.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** A decoded global id that is not a UUID cannot match anything; querying with it would be a database error. */
export function asUuid(id: string): string {
  return UUID.test(id) ? id : NIL_UUID;
}
const typeNameOfKind = { PERSON: 'Person', ORGANIZATION: 'Organization' } as const satisfies Record<CustomerKind, string>;

export function customerGlobalId(customer: { id: string; kind: CustomerKind }): string {
  return encodeGlobalID(typeNameOfKind[customer.kind], customer.id);
}

/** Decodes the global id of a `typename` node to its row id; anything else is a validation error. */
export function parseNodeId(globalId: string, typename: string, path: string[]): string {
  try {
    const decoded = decodeGlobalID(globalId);
    if (decoded.typename === typename && UUID.test(decoded.id)) return decoded.id.toLowerCase();
  } catch {
    // fall through: not base64 or not "Type:id"
  }
  throw ValidationError.at(path, `is not a ${typename} id`);
}

/** Decodes a Person/Organization global id to the row id, or says precisely what is wrong with it. */
export function parseCustomerGlobalId(globalId: string, path: string[], kinds: readonly CustomerKind[] = ['PERSON', 'ORGANIZATION']): { id: string; kind: CustomerKind } {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(globalId);
  } catch {
    throw ValidationError.at(path, 'is not a valid id');
  }
  const kind = (Object.keys(typeNameOfKind) as CustomerKind[]).find((candidate) => typeNameOfKind[candidate] === decoded.typename);
  if (!kind || !UUID.test(decoded.id)) throw ValidationError.at(path, 'is not a customer id');
  if (!kinds.includes(kind)) throw ValidationError.at(path, `must be the id of a ${kinds.map((k) => typeNameOfKind[k]).join(' or ')}`);
  return { id: decoded.id.toLowerCase(), kind };
}

/**
 * Loads a live customer of the viewer's tenant for a write; a merged record's id names the customer
 * it was merged into. Another tenant's id is indistinguishable from an unknown one: both are
 * NOT_FOUND.
 */
export async function requireCustomer(context: Context, globalId: string, path: string[], kinds?: readonly CustomerKind[]) {
  const { id, kind } = parseCustomerGlobalId(globalId, path, kinds);
  const customer = (await liveCustomersNamed(context, [id], kind)).get(id);
  if (!customer) throw new NotFoundError(kind === 'PERSON' ? 'Person' : 'Organization', globalId);
  return customer;
}
