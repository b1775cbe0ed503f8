import { encodeGlobalID } from '@pothos/plugin-relay';
import { rowIdOfNode } from '../../src/plugin-api.ts';

export { asUuid } from '../../src/plugin-api.ts';

/** The sales area's node types, by the name their global ids carry. */
export type PipelineNode = 'Lead' | 'Opportunity' | 'Offer' | 'Product' | 'PriceList' | 'SalesActivity';

export function globalIdOf(typename: PipelineNode, id: string): string {
  return encodeGlobalID(typename, id);
}

/** The row id behind a global id of `typename`, or a validation error at `path`. */
export function parseGlobalId(globalId: string, typename: PipelineNode, path: string[]): string {
  return rowIdOfNode(globalId, typename, path);
}

