import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import type { Context } from '../../src/plugin-api.ts';
import { isUuid, NotFoundError, rowIdOfNode, ValidationError, viewerOf } from '../../src/plugin-api.ts';

export { asUuid } from '../../src/plugin-api.ts';
import type { CustomerKind } from './store/enums.ts';
import { liveCustomersNamed } from './store/merge-alias-resolution.ts';

const typeNameOfKind = { PERSON: 'Person', ORGANIZATION: 'Organization' } as const satisfies Record<CustomerKind, string>;

export function customerGlobalId(customer: { id: string; kind: CustomerKind }): string {
  return encodeGlobalID(typeNameOfKind[customer.kind], customer.id);
}

/** Decodes the global id of a `typename` node to its row id; anything else is a validation error. */
export function parseNodeId(globalId: string, typename: string, path: string[]): string {
  return rowIdOfNode(globalId, typename, path);
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
  if (!kind || !isUuid(decoded.id)) throw ValidationError.at(path, 'is not a customer id');
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
