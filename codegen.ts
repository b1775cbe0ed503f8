import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed documents from the reviewed contract (schema/schema.graphql): operations written with
 * `graphql(...)` in tests/documents/ become TypedDocumentNodes with typed variables and results.
 * `npm test` regenerates them first; client authors can point the same config at their documents.
 */
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  // Shared operations live in tests/documents/ so their names stay unique across the suite.
  documents: ['tests/documents/**/*.ts'],
  ignoreNoDocuments: true,
  generates: {
    'tests/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        importExtension: '.ts',
        enumsAsTypes: true,
        scalars: { DateTime: 'string', Date: 'string', JSONObject: 'Record<string, unknown>', CountryCode: 'string' },
      },
    },
  },
};

export default config;
