import { defineTopic } from '../../src/plugin-api.ts';

/** What a timeline or a dashboard shows of a customer's entry into, or exit from, a segment. */
export interface SegmentStayPayload extends Record<string, unknown> {
  segmentId: string;
  segmentName: string;
  /** RULE (a dynamic segment's rule), SNAPSHOT or MANUAL. */
  source: string;
}

export const segmentEntered = defineTopic<SegmentStayPayload>('segment.entered');
export const segmentExited = defineTopic<SegmentStayPayload>('segment.exited');
export const segmentSaved = defineTopic<{ name: string; kind: string; change: 'CREATED' | 'UPDATED' | 'ARCHIVED' | 'SNAPSHOT' }>('segment.saved');

export const segmentTopics = {
  [segmentEntered.name]: 'A customer entered a segment (its rule now holds for them, or they were added).',
  [segmentExited.name]: 'A customer left a segment (its rule no longer holds, or they were removed).',
  [segmentSaved.name]: 'A segment was created, changed, archived or its snapshot taken.',
} as const;
