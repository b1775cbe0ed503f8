import type { Builder, Context } from '../../../src/plugin-api.ts';
import { asUuid, rowIdOfNode, viewerOf } from '../../../src/plugin-api.ts';
import { READ } from '../permissions.ts';
import { fieldEnumValue, type ImportEnums } from './import-enums.ts';

/** The row id behind an ImportJob (or ImportReviewItem) global id; anything else is a ValidationError at `path`. */
export function parseImportId(globalId: string, typename: 'ImportJob' | 'ImportReviewItem', path: string[]): string {
  return rowIdOfNode(globalId, typename, path);
}

/** `ImportJob`: one import of a file, its progress and what it did; `importJob`, `importJobs`. */
export function registerImportJob(builder: Builder, enums: ImportEnums): void {
  builder.prismaObject('ImportRejectedRow', {
    description: 'A line of an import that was refused, and why.',
    authScopes: READ,
    fields: (t) => ({
      line: t.exposeInt('line', { description: 'Its line number in the file (the first line of a record whose quoted field holds line breaks).' }),
      reason: t.exposeString('reason', { description: 'Every problem found in it, e.g. `email "ana@" is not a valid e-mail address`.' }),
      content: t.exposeString('content', { description: 'The line as read, cut to 500 characters (bytes that are not UTF-8 shown as �).' }),
    }),
  });

  const jobsWhere = (context: Context, filter: { status?: string | null; kind?: string | null } | null | undefined) => ({
    tenantId: viewerOf(context).tenantId,
    ...(filter?.status ? { status: filter.status as never } : {}),
    ...(filter?.kind ? { kind: filter.kind as never } : {}),
  });

  builder.prismaNode('ImportJob', {
    id: { field: 'id' },
    nullable: true,
    findUnique: (id, context) => ({ tenantId_id: { tenantId: viewerOf(context).tenantId, id: asUuid(id) } }),
    authScopes: READ,
    description: 'An import of a file of customers or interactions: how far it got (live in `importProgress`), what it did, the lines it refused and the rows it holds for review.',
    fields: (t) => ({
      kind: t.field({ type: enums.Kind, description: 'Customers or interactions.', resolve: (job) => job.kind }),
      format: t.field({ type: enums.Format, description: 'CSV or NDJSON.', resolve: (job) => job.format }),
      fileName: t.exposeString('fileName', { description: 'The file as uploaded (or the path given to the command line).' }),
      fileSha256: t.exposeString('fileSha256', { description: "The file's SHA-256, hexadecimal: a resumed import checks it reads the same file." }),
      fileBytes: t.float({ description: "The file's size in bytes.", resolve: (job) => Number(job.fileBytes) }),
      mapping: t.field({
        type: [ImportColumnRef],
        description: 'Which column fills which field.',
        resolve: (job) => Object.entries(job.mapping as Record<string, string>).map(([field, column]) => ({ field: fieldEnumValue(field), column })),
      }),
      options: t.field({ type: 'JSONObject', description: 'The options it runs with, defaults filled in (source, defaultCountry, onUncertainMatch, fieldPolicy, delimiter, dateOrder …).', resolve: (job) => job.options as object }),
      status: t.field({ type: enums.Status, description: 'Running, completed or failed.', resolve: (job) => job.status }),
      failure: t.exposeString('failure', { nullable: true, description: 'Why a FAILED import could not go on.' }),
      linesDone: t.exposeInt('checkpointLine', { description: 'Lines read and committed so far (the checkpoint a resumed import starts after).' }),
      bytesDone: t.float({ description: 'Bytes of the file read and committed so far.', resolve: (job) => Number(job.checkpointByte) }),
      progress: t.float({ description: 'The share of the file done, 0 to 1.', resolve: (job) => (Number(job.fileBytes) === 0 ? 1 : Number(job.checkpointByte) / Number(job.fileBytes)) }),
      created: t.exposeInt('created', { description: 'Rows that created a customer (or recorded an interaction).' }),
      updated: t.exposeInt('updated', { description: 'Rows that added to, or changed, an existing customer.' }),
      unchanged: t.exposeInt('unchanged', { description: 'Rows already imported: nothing to change.' }),
      held: t.exposeInt('held', { description: 'Rows held for review: they may be an existing customer.' }),
      rejected: t.exposeInt('rejected', { description: 'Lines refused (see rejectedRows).' }),
      createdBy: t.exposeString('createdBy', { description: 'Who started it.' }),
      startedAt: t.expose('startedAt', { type: 'DateTime', description: 'When it started.' }),
      updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When its last batch committed.' }),
      finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true, description: 'When it completed or failed.' }),
      rejectedRows: t.prismaConnection({
        type: 'ImportRejectedRow',
        cursor: 'tenantId_jobId_line',
        description: 'The lines it refused, in file order.',
        totalCount: (job, _args, context) => context.db.importRejectedRow.count({ where: { tenantId: job.tenantId, jobId: job.id } }),
        resolve: (query, job, _args, context) => context.db.importRejectedRow.findMany({ ...query, where: { tenantId: job.tenantId, jobId: job.id }, orderBy: { line: 'asc' } }),
      }),
      reviewItems: t.prismaConnection({
        type: 'ImportReviewItem',
        cursor: 'id',
        description: 'The rows it holds for review, in file order.',
        args: { status: t.arg({ type: enums.ReviewStatus, description: 'Only items in this state.' }) },
        totalCount: (job, args, context) => context.db.importReviewItem.count({ where: { tenantId: job.tenantId, jobId: job.id, ...(args.status ? { status: args.status as never } : {}) } }),
        resolve: (query, job, args, context) =>
          context.db.importReviewItem.findMany({ ...query, where: { tenantId: job.tenantId, jobId: job.id, ...(args.status ? { status: args.status as never } : {}) }, orderBy: [{ line: 'asc' }, { id: 'asc' }] }),
      }),
    }),
  });

  const ImportColumnRef = builder.objectRef<{ field: string; column: string }>('ImportColumn').implement({
    description: 'A field filled from a column of the file.',
    fields: (t) => ({
      field: t.exposeString('field', { description: 'The field, as CustomerImportField or InteractionImportField names it (EMAIL, FIRST_NAME …).' }),
      column: t.exposeString('column', { description: 'The column of the file (an NDJSON key).' }),
    }),
  });

  const ImportJobFilter = builder.inputType('ImportJobFilter', {
    description: 'Which imports to list; every condition given must hold.',
    fields: (t) => ({
      status: t.field({ type: enums.Status, description: 'Only imports in this state.' }),
      kind: t.field({ type: enums.Kind, description: 'Only imports of customers, or of interactions.' }),
    }),
  });

  builder.queryFields((t) => ({
    importJob: t.prismaField({
      type: 'ImportJob',
      nullable: true,
      authScopes: READ,
      description: "An import of your tenant; null when there is none with this id.",
      args: { id: t.arg.id({ required: true, description: 'The import (global id).' }) },
      resolve: (query, _root, args, context) =>
        context.db.importJob.findUnique({ ...query, where: { tenantId_id: { tenantId: viewerOf(context).tenantId, id: parseImportId(String(args.id), 'ImportJob', ['id']) } } }),
    }),
    importJobs: t.prismaConnection({
      type: 'ImportJob',
      cursor: 'id',
      authScopes: READ,
      description: "Your tenant's imports, the most recent first.",
      args: { filter: t.arg({ type: ImportJobFilter, description: 'Only the imports that match.' }) },
      totalCount: (_root, args, context) => context.db.importJob.count({ where: jobsWhere(context, args.filter) }),
      resolve: (query, _root, args, context) => context.db.importJob.findMany({ ...query, where: jobsWhere(context, args.filter), orderBy: [{ startedAt: 'desc' }, { id: 'desc' }] }),
    }),
  }));
}
