import type { Builder, PluginComposition } from '../../../src/plugin-api.ts';
import { registerImportEnums } from './import-enums.ts';
import { registerImportJob } from './import-job.ts';
import { registerImportMutations } from './import-mutations.ts';
import { registerImportReviewItem } from './import-review-item.ts';

/** Imports: jobs and their progress, uploads of files to import, and the rows held for review. */
export function registerImports(builder: Builder, composition: PluginComposition): void {
  const enums = registerImportEnums(builder);
  registerImportJob(builder, enums);
  registerImportReviewItem(builder, enums);
  registerImportMutations(builder, composition, enums);
}
