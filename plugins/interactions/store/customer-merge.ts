import { repointingParticipant, repointRows } from '../../../src/plugin-api.ts';

/** A merged customer's interactions become the survivor's; an unmerge gives back those that moved. */
export const interactionsMergeParticipant = repointingParticipant([
  repointRows({ rows: 'interactions.interactions', label: 'interactions', table: "Interaction", customerColumns: ['customerId'] }),
]);
