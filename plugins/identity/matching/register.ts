import type { Builder, PluginComposition } from '../../../src/plugin-api.ts';
import { registerDuplicateCandidate } from './duplicate-candidate.ts';
import { registerLikelyDuplicates } from './likely-duplicates.ts';
import { registerMatchEnums } from './match-enums.ts';
import { registerMatchSettings } from './match-settings.ts';
import { registerPossibleDuplicates } from './possible-duplicates.ts';

/** Duplicate candidates with their reasons, the check at creation, and the tenant's tuning. */
export function registerMatching(builder: Builder, _composition: PluginComposition): void {
  const enums = registerMatchEnums(builder);
  const Candidate = registerDuplicateCandidate(builder, enums);
  registerPossibleDuplicates(builder, Candidate);
  registerLikelyDuplicates(builder, Candidate);
  registerMatchSettings(builder, enums);
}
