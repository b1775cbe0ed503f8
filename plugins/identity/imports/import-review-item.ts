import type { Builder } from '../../../src/plugin-api.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import { decodeCustomerId, loadCustomer } from '../../profile/plugin.ts';
import type { ImportEnums } from './import-enums.ts';
import { parseImportId } from './import-job.ts';
import { IMPORT, READ } from '../permissions.ts';
import { decideHeldRow } from './review-decision.ts';


/** `ImportReviewItem`: a row an import held because it may be an existing customer; its decision. */
export function registerImportReviewItem(builder: Builder, enums: ImportEnums): void {
  builder.prismaNode('ImportReviewItem', {
    id: { field: 'id' },
    nullable: true,
    findUnique: (id) => ({ id: /^[0-9a-f-]{36}$/i.test(id) ? id : '00000000-0000-0000-0000-000000000000' }),
    authScopes: READ,
    description: 'A row an import held because the customer it describes may already exist (a possible, not a likely, match): it waits for a person to decide.',
    fields: (t) => ({
      job: t.field({
        type: 'ImportJob',
        description: 'The import that held it.',
        resolve: async (item, _args, context) => (await context.db.importJob.findUnique({ where: { tenantId_id: { tenantId: item.tenantId, id: item.jobId } } }))!,
      }),
      line: t.exposeInt('line', { description: 'Its line in the file (the first, when several rows of the batch were the same customer).' }),
      row: t.field({ type: 'JSONObject', description: 'The customer as it would be imported: normalized fields, e-mails, phones, addresses, consents and ids in the source system.', resolve: (item) => item.row as object }),
      score: t.exposeFloat('score', { description: 'The best candidate\'s match score (log2 odds; see matchSettings).' }),
      candidates: t.field({
        type: ['Customer'],
        description: 'The existing customers it may be, best first (those since merged away or archived left out).',
        resolve: async (item, _args, context) => (await Promise.all(item.candidateIds.map((id) => loadCustomer(context, id)))).filter((customer) => customer !== null && customer.archivedAt === null) as object[],
      }),
      status: t.field({ type: enums.ReviewStatus, description: 'Pending, or how it was decided.', resolve: (item) => item.status }),
      decidedAt: t.expose('decidedAt', { type: 'DateTime', nullable: true, description: 'When it was decided.' }),
      decidedBy: t.exposeString('decidedBy', { nullable: true, description: 'Who decided it.' }),
    }),
  });

  builder.queryField('importReviewItems', (t) =>
    t.prismaConnection({
      type: 'ImportReviewItem',
      cursor: 'id',
      authScopes: READ,
      description: "Rows your tenant's imports hold for review, oldest first.",
      args: { status: t.arg({ type: enums.ReviewStatus, description: 'Only items in this state (default PENDING).' }) },
      totalCount: (_root, args, context) => context.db.importReviewItem.count({ where: { tenantId: viewerOf(context).tenantId, status: (args.status ?? 'PENDING') as never } }),
      resolve: (query, _root, args, context) =>
        context.db.importReviewItem.findMany({ ...query, where: { tenantId: viewerOf(context).tenantId, status: (args.status ?? 'PENDING') as never }, orderBy: { id: 'asc' } }),
    }),
  );

  const DecisionInput = builder.inputType('ResolveImportReviewItemInput', {
    description: 'The decision on a held row.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'The review item (global id).' }),
      decision: t.field({ type: enums.ReviewDecision, required: true, description: 'Create a customer, import into an existing one, or dismiss.' }),
      customerId: t.id({ description: 'With MERGE_INTO: the customer to import the row into (global id of a Person or Organization of the row\'s kind).' }),
    }),
  });
  const Payload = builder.objectRef<{ itemId: string; customerId: string | null }>('ResolveImportReviewItemPayload').implement({
    description: 'The decided item, and the customer the row went into.',
    fields: (t) => ({
      item: t.prismaField({
        type: 'ImportReviewItem',
        description: 'The item, decided.',
        resolve: async (query, payload, _args, context) => (await context.db.importReviewItem.findUnique({ ...query, where: { id: payload.itemId } }))!,
      }),
      customer: t.field({
        type: 'Customer',
        nullable: true,
        description: 'The customer created or updated; null when dismissed.',
        resolve: async (payload, _args, context) => (payload.customerId ? ((await loadCustomer(context, payload.customerId)) as object | null) : null),
      }),
    }),
  });

  builder.mutationField('resolveImportReviewItem', (t) =>
    t.field({
      type: Payload,
      authScopes: IMPORT,
      errors: { types: [ValidationError, NotFoundError, ConflictError, ForbiddenError] },
      description: 'Decides a row an import held for review: import it as a new customer, into an existing one, or not at all. A row already decided is a ConflictError.',
      args: { input: t.arg({ type: DecisionInput, required: true, description: 'The item and the decision.' }) },
      resolve: async (_root, args, context) => {
        const itemId = parseImportId(String(args.input.id), 'ImportReviewItem', ['input', 'id']);
        const decision = args.input.decision as 'CREATE' | 'MERGE_INTO' | 'DISMISS';
        let target: { id: string; kind: string } | null = null;
        if (decision === 'MERGE_INTO') {
          if (args.input.customerId == null) throw ValidationError.at(['input', 'customerId'], 'is required to MERGE_INTO a customer');
          target = decodeCustomerId(String(args.input.customerId));
          if (!target) throw ValidationError.at(['input', 'customerId'], 'is not a customer id');
        } else if (args.input.customerId != null) throw ValidationError.at(['input', 'customerId'], 'only goes with MERGE_INTO');
        const scope = { sql: context.sql, tenantId: viewerOf(context).tenantId, now: context.clock.now(), events: context.events };
        return context.mutate(() => decideHeldRow(scope, itemId, decision, target, viewerOf(context).subject, String(args.input.id), args.input.customerId == null ? null : String(args.input.customerId)));
      },
    }),
  );
}
