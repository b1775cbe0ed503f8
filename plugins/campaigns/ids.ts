import { encodeGlobalID } from '@pothos/plugin-relay';
import { rowIdOfNode } from '../../src/plugin-api.ts';

export { asUuid } from '../../src/plugin-api.ts';

/** The campaigns area's node types, by the name their global ids carry. */
export type CampaignNode = 'Campaign' | 'CampaignRun';

export function campaignGlobalId(typename: CampaignNode, id: string): string {
  return encodeGlobalID(typename, id);
}

/** The row id behind a global id of `typename`, or a ValidationError at `path`. */
export function parseCampaignNodeId(globalId: string | number, typename: CampaignNode, path: string[]): string {
  return rowIdOfNode(String(globalId), typename, path);
}
