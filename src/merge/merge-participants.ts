import type { Plugin } from '../plugin-api.ts';
import type { CustomerMergeParticipant } from './customer-merge.ts';
import { eventLogMergeParticipant } from './event-log-merge.ts';

/** The core's event log first, then each plugin that declares a part, in the (dependency) order given. */
export function customerMergeParticipants(plugins: readonly Plugin[]): ReadonlyMap<string, CustomerMergeParticipant> {
  const participants = new Map<string, CustomerMergeParticipant>([['core', eventLogMergeParticipant]]);
  for (const plugin of plugins) if (plugin.customerMerge) participants.set(plugin.name, plugin.customerMerge);
  return participants;
}
