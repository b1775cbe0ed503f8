// What the area that runs merges (identity) uses of the profile's part, re-exported by plugin.ts.

export { fieldAppliesTo, isMergeableField, MERGEABLE_FIELDS, type MergeableField, type MergedProfile, type SurvivorColumn } from './merge-fields.ts';
export { customerAliases, lockCustomersForMerge, type CustomerAlias, type MergeCandidate } from '../store/merge-locks.ts';
export { mergedProfileOf } from '../store/merge-survivor.ts';
