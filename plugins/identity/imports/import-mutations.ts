import { IMPORT } from '../permissions.ts';
import type { Builder, Context, PluginComposition } from '../../../src/plugin-api.ts';
import { ConflictError, ForbiddenError, newRowId, ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import { holdImportJob } from '../store/import-jobs.ts';
import { checkImportRequest, createImportJob, MAX_MAPPED_FIELDS } from './create-import-job.ts';
import type { ImportEnums } from './import-enums.ts';
import { localImportRunner } from './import-runner.ts';
import type { ImportKind } from './mapping.ts';
import { discardUpload, storeUpload } from './store-upload.ts';

const FILE_DESCRIPTION = 'The file, as a part of a multipart request (GraphQL multipart request specification), in UTF-8.';

interface ImportInput {
  format: 'CSV' | 'NDJSON';
  mapping: readonly { field: string; column: string }[];
  options: Record<string, unknown>;
}

/** `importCustomers` and `importInteractions`: a file uploaded with the request, imported in the background. */
export function registerImportMutations(builder: Builder, composition: PluginComposition, enums: ImportEnums): void {
  const Options = builder.inputType('ImportOptionsInput', {
    description: 'How to read the file and what to do with its rows.',
    fields: (t) => ({
      source: t.string({ required: true, description: 'Where the data comes from, e.g. "crm-2019" (lower-case letters, digits, "_", "." or "-"): the source of the ids in other systems the import keeps, and of the consents it records.' }),
      defaultCountry: t.string({ description: 'Country (ISO code or name) of phone numbers written without their international prefix, and of addresses without a country.' }),
      // The profile's enum, by name.
      kind: t.field({ type: 'CustomerKind' as never, description: 'Customers: the kind of a row without a kind column (default PERSON).' }),
      onUncertainMatch: t.field({ type: enums.UncertainMatch, description: 'Customers: a row that may be an existing customer is held for review (default) or created.' }),
      fieldPolicy: t.field({ type: enums.FieldPolicy, description: "Customers: a matched customer's fields are only filled where blank (default), or overwritten." }),
      delimiter: t.field({ type: enums.Delimiter, description: 'CSV: the column separator (default COMMA).' }),
      dateOrder: t.field({ type: enums.DateOrder, description: 'How numeric dates read (default DMY).' }),
      customerSource: t.string({ description: 'Interactions: the system whose ids the customer column holds (default: source).' }),
    }),
  });
  const CustomerColumn = builder.inputType('CustomerImportColumnInput', {
    description: 'A customer field and the column it is read from.',
    fields: (t) => ({
      field: t.field({ type: enums.CustomerField, required: true, description: 'The customer field the column fills.' }),
      column: t.string({ required: true, description: 'The column (a CSV header, or an NDJSON key; `a.b` reaches into an object).' }),
    }),
  });
  const InteractionColumn = builder.inputType('InteractionImportColumnInput', {
    description: 'An interaction field and the column it is read from.',
    fields: (t) => ({
      field: t.field({ type: enums.InteractionField, required: true, description: 'The interaction field the column fills.' }),
      column: t.string({ required: true, description: 'The column (a CSV header, or an NDJSON key; `a.b` reaches into an object).' }),
    }),
  });
  const inputOf = (name: string, Column: typeof CustomerColumn | typeof InteractionColumn, what: string) =>
    builder.inputType(name, {
      description: `How to import a file of ${what}.`,
      fields: (t) => ({
        format: t.field({ type: enums.Format, required: true, description: 'CSV or NDJSON.' }),
        mapping: t.field({ type: [Column], required: true, description: `Which column fills which field (each field once, at most ${MAX_MAPPED_FIELDS}).`, extensions: { maxItems: MAX_MAPPED_FIELDS } }),
        options: t.field({ type: Options, required: true, description: 'The source of the data, and how to read and match it.' }),
      }),
    });
  const CustomersInput = inputOf('ImportCustomersInput', CustomerColumn, 'customers');
  const InteractionsInput = inputOf('ImportInteractionsInput', InteractionColumn, 'interactions');

  const Payload = builder.objectRef<{ jobId: string }>('ImportPayload').implement({
    description: 'The import, started.',
    fields: (t) => ({
      job: t.prismaField({
        type: 'ImportJob',
        description: 'The import, RUNNING (or already FAILED when the file cannot be imported): follow it on the `activity` subscription (topic import.progressed) or with importJob.',
        resolve: async (query, payload, _args, context) => (await context.db.importJob.findUnique({ ...query, where: { tenantId_id: { tenantId: viewerOf(context).tenantId, id: payload.jobId } } }))!,
      }),
    }),
  });

  const start = async (context: Context, kind: ImportKind, file: File, input: ImportInput) => {
    const fields = new Set<string>();
    const duplicate = input.mapping.findIndex((column) => fields.size === fields.add(column.field).size);
    if (duplicate !== -1) throw ValidationError.at(['input', 'mapping', String(duplicate), 'field'], 'is mapped twice');
    const request = checkImportRequest(
      { kind, format: input.format, mapping: Object.fromEntries(input.mapping.map((column) => [column.field, column.column])), options: { ...input.options, ownerId: viewerOf(context).subject } },
      ['input'],
    );
    const runner = localImportRunner();
    if (!composition.dataDir || !runner) {
      throw new ConflictError('This server does not run imports (its background jobs are off: NEXO_BACKGROUND_JOBS=false); import from the command line (npm run import) or on another instance');
    }
    const jobId = newRowId();
    const stored = await storeUpload(file, composition.dataDir, jobId, input.format);
    const tenantId = viewerOf(context).tenantId;
    try {
      await context.mutate(async () => {
        const scope = { sql: context.sql, tenantId, now: context.clock.now(), events: context.events };
        // Held until commit: the runner waits for it, and so never looks for a job not yet committed.
        await holdImportJob(scope, jobId);
        await createImportJob(scope, request, { name: file.name || 'upload', bytes: stored.bytes, sha256: stored.sha256, storedPath: stored.path }, viewerOf(context).subject, jobId);
      });
    } catch (error) {
      await discardUpload(stored.path);
      throw error;
    }
    runner.wake(tenantId, jobId);
    return { jobId };
  };

  builder.mutationFields((t) => ({
    importCustomers: t.field({
      type: Payload,
      authScopes: IMPORT,
      errors: { types: [ValidationError, ConflictError, ForbiddenError] },
      description:
        'Imports people and organizations from a CSV or NDJSON file sent with the request: each row is created, added to the customer it matches (the same id in the source system, e-mail or phone; or a likely match), or held for review when the match is uncertain. Runs in the background from a stored copy of the file; answers at once with the RUNNING import. Files larger than the request limit go through `npm run import`.',
      args: { file: t.arg({ type: 'File', required: true, description: FILE_DESCRIPTION }), input: t.arg({ type: CustomersInput, required: true, description: 'Format, column mapping and options.' }) },
      resolve: (_root, args, context) => start(context, 'CUSTOMERS', args.file, args.input as unknown as ImportInput),
    }),
  }));
  // Interactions are imported only where their area is enabled.
  if (!composition.enabledPlugins.has('interactions')) return;
  builder.mutationFields((t) => ({
    importInteractions: t.field({
      type: Payload,
      authScopes: IMPORT,
      errors: { types: [ValidationError, ConflictError, ForbiddenError] },
      description:
        'Imports interactions from a CSV or NDJSON file sent with the request, each on the customer its id in the source system (or e-mail) names; an interaction already imported (the same source and id) is counted unchanged. Runs in the background, like importCustomers.',
      args: { file: t.arg({ type: 'File', required: true, description: FILE_DESCRIPTION }), input: t.arg({ type: InteractionsInput, required: true, description: 'Format, column mapping and options.' }) },
      resolve: (_root, args, context) => start(context, 'INTERACTIONS', args.file, args.input as unknown as ImportInput),
    }),
  }));
}
