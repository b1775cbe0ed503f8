import { definePlugin } from '../../src/plugin-api.ts';
import { identityTopics } from './events.ts';
import { startImportRunner } from './imports/import-runner.ts';
import { registerImports } from './imports/register.ts';
import { matchingReaction } from './matching/matching-reaction.ts';
import { registerMatching } from './matching/register.ts';
import { registerMerging } from './merging/register.ts';
import { registerDataQuality } from './quality/register.ts';
import { seedIdentity } from './seed.ts';

export default definePlugin({
  name: 'identity',
  description: 'Data quality: likely duplicates with their reasons, merges that can be undone, imports that dedupe.',
  dependsOn: ['profile'],
  integratesWith: ['interactions'],
  permissions: {
    'identity:read': 'Read duplicate candidates, merges, imports and data-quality figures.',
    'identity:merge': 'Merge customers, undo merges, dismiss candidates and tune the match weights.',
    'identity:import': 'Import customers and interactions from files, and decide held rows.',
  },
  roles: {
    marketing: ['identity:read', 'identity:merge', 'identity:import'],
    'sales-manager': ['identity:read', 'identity:merge'],
    sales: ['identity:read'],
    service: ['identity:read', 'identity:merge'],
  },
  topics: identityTopics,
  register(builder, composition) {
    registerMatching(builder, composition);
    registerMerging(builder, composition);
    registerImports(builder, composition);
    registerDataQuality(builder, composition);
  },
  reactions: { matching: matchingReaction },
  // Uploaded imports run here, and resume here after a restart.
  background: startImportRunner,
  seed: seedIdentity,
});
