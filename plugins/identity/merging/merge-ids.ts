import { encodeGlobalID } from '@pothos/plugin-relay';
import { rowIdOfNode } from '../../../src/plugin-api.ts';

export { asUuid } from '../../../src/plugin-api.ts';

export function mergeGlobalId(id: string): string {
  return encodeGlobalID('CustomerMerge', id);
}

/** The row id behind a CustomerMerge global id, or a validation error at `path`. */
export function parseMergeId(globalId: string, path: string[]): string {
  return rowIdOfNode(globalId, 'CustomerMerge', path);
}
