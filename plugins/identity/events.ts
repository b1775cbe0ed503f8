import { defineTopic } from '../../src/plugin-api.ts';

/** On the survivor's timeline: who was merged into it. */
export const customerMerged = defineTopic<{ mergeId: string; mergedIds: string[]; mergedNames: string[] }>('customer.merged');
/** On the survivor's timeline: a merge was undone and these records are customers again. */
export const customerUnmerged = defineTopic<{ mergeId: string; restoredIds: string[]; restoredNames: string[] }>('customer.unmerged');

/** How far an import got: emitted after each committed batch, and once when it ends. */
export interface ImportProgressPayload extends Record<string, unknown> {
  jobId: string;
  kind: string;
  status: string;
  linesDone: number;
  created: number;
  updated: number;
  unchanged: number;
  held: number;
  rejected: number;
}
export const importProgressed = defineTopic<ImportProgressPayload>('import.progressed');

export const identityTopics = {
  [customerMerged.name]: 'Customers were merged into this one (their ids now resolve to it).',
  [customerUnmerged.name]: 'A merge into this customer was undone: the merged records are customers again.',
  [importProgressed.name]: 'An import committed another batch of lines, or ended.',
} as const;
