import { encodeGlobalID } from '@pothos/plugin-relay';
import { rowIdOfNode } from '../../src/plugin-api.ts';

export { asUuid } from '../../src/plugin-api.ts';

export function segmentGlobalId(id: string): string {
  return encodeGlobalID('Segment', id);
}

/** The row id behind a Segment's global id, or a ValidationError at `path`. */
export function parseSegmentId(globalId: string | number, path: string[]): string {
  return rowIdOfNode(String(globalId), 'Segment', path);
}

