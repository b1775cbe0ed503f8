import type { Builder, Context } from '../../src/plugin-api.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, viewerOf } from '../../src/plugin-api.ts';
import { decodeCustomerId, loadCustomer } from '../profile/plugin.ts';
import { asUuid, parseSegmentId } from './ids.ts';
import type { SegmentRuleInput } from './rules/segment-rule.ts';
import type { SegmentEnums } from './enums.ts';
import { explainMembership, type registerSegmentExplanation } from './segment-explanation.ts';
import type { registerSegmentRuleInput } from './segment-rule-input.ts';
import { archiveSegment, changeMembers, createSegment, MAX_MANUAL_MEMBERS, storedRule, takeSnapshot, updateSegment, type SegmentSettings } from './segment-writes.ts';
import type { SegmentsRuntime } from './segments-runtime.ts';
import { previewRule } from './store/segment-evaluation.ts';
import { checkRule } from './rules/segment-rule.ts';

export const READ = { permission: 'segments:read' } as const;
const WRITE = { permission: 'segments:write' } as const;
const WRITE_ERRORS = [ValidationError, NotFoundError, ConflictError, ForbiddenError];

/** Customers a preview lists at most. */
const MAX_PREVIEW_PAGE = 100;

interface Refs {
  SegmentRule: ReturnType<typeof registerSegmentRuleInput>;
  SegmentExplanation: ReturnType<typeof registerSegmentExplanation>;
  enums: SegmentEnums;
}

/** `Segment`: a group of customers with its rule, members and history; its queries and mutations. */
export function registerSegment(builder: Builder, runtime: SegmentsRuntime, settings: SegmentSettings, refs: Refs): void {
  const { SegmentRule, SegmentExplanation } = refs;
  const SegmentKind = refs.enums.Kind;

  builder.prismaNode('Segment', {
    id: { field: 'id' },
    nullable: true,
    findUnique: (id, context) => ({ tenantId_id: { tenantId: viewerOf(context).tenantId, id: asUuid(id) } }),
    authScopes: READ,
    description: 'A group of customers: dynamic (a rule kept live) or static (a snapshot, or customers added by hand).',
    fields: (t) => ({
      name: t.exposeString('name', { description: 'Unique among the live segments of the tenant.' }),
      description: t.exposeString('description', { nullable: true, description: 'What the group is for.' }),
      ownerId: t.exposeString('ownerId', { nullable: true, description: 'The user responsible for it.' }),
      kind: t.expose('kind', { type: SegmentKind, description: 'Dynamic or static.' }),
      rule: t.field({
        type: 'JSONObject',
        nullable: true,
        description: 'The rule as stored (the shape of SegmentRuleInput, segments by row id); null for a static segment filled by hand.',
        resolve: (segment) => (segment.rule as object | null) ?? null,
      }),
      movesWithTime: t.exposeBoolean('timeDependent', { description: 'The rule holds time windows or ages, so membership also moves as time passes (re-evaluated on a schedule).' }),
      evaluatedAt: t.expose('evaluatedAt', { type: 'DateTime', nullable: true, description: 'When the whole rule was last evaluated over every customer.' }),
      snapshotAt: t.expose('snapshotAt', { type: 'DateTime', nullable: true, description: "A static segment's last snapshot." }),
      archivedAt: t.expose('archivedAt', { type: 'DateTime', nullable: true, description: 'Archived segments keep their history but have no live members.' }),
      createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was created.' }),
      updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When it last changed.' }),
      size: t.relationCount('memberships', { where: { exitedAt: null }, description: 'Current members.' }),
      members: t.relatedConnection('memberships', {
        cursor: 'id',
        totalCount: true,
        description: 'Current members, most recent entry first.',
        query: { where: { exitedAt: null }, orderBy: [{ enteredAt: 'desc' }, { id: 'desc' }] },
      }),
      history: t.relatedConnection('memberships', {
        cursor: 'id',
        totalCount: true,
        description: 'Every stay, current and past, most recent entry first: who entered and left, and when.',
        query: { orderBy: [{ enteredAt: 'desc' }, { id: 'desc' }] },
      }),
      explain: t.field({
        type: SegmentExplanation,
        description: 'Why this customer is, or is not, in the segment: each condition with its value for them.',
        args: { customerId: t.arg.id({ required: true, description: 'The customer (global id of a Person or Organization).' }) },
        resolve: async (segment, args, context) => {
          const customer = decodeCustomerId(String(args.customerId));
          if (!customer || !(await loadCustomer(context, customer.id))) throw ValidationError.at(['customerId'], 'No customer has this id.');
          return explainMembership(context, runtime, { ...segment, kind: segment.kind, refersTo: segment.refersTo }, customer.id);
        },
      }),
    }),
  });

  const SegmentPayload = builder.objectRef<{ segment: object }>('SegmentPayload').implement({
    description: 'The segment a mutation created or changed.',
    fields: (t) => ({ segment: t.field({ type: 'Segment', description: 'The segment as stored after the change.', resolve: (payload) => payload.segment }) }),
  });

  const Preview = builder.objectRef<{ count: number; customerIds: string[] }>('SegmentPreview').implement({
    description: 'Who a rule selects now, before it is saved.',
    fields: (t) => ({
      count: t.exposeInt('count', { description: 'Customers the rule selects.' }),
      customers: t.field({
        type: ['Customer'],
        description: 'The first customers it selects, by id.',
        resolve: async (preview, _args, context) => (await Promise.all(preview.customerIds.map((id) => loadCustomer(context, id)))).filter((customer) => customer !== null),
      }),
    }),
  });

  builder.queryFields((t) => ({
    segments: t.prismaConnection({
      type: 'Segment',
      cursor: 'id',
      authScopes: READ,
      totalCount: (_root, args, context) => context.db.segment.count({ where: segmentsWhere(context, args) }),
      description: 'The segments of your tenant, by name.',
      args: {
        kind: t.arg({ type: SegmentKind, description: 'Only dynamic or only static segments.' }),
        includeArchived: t.arg.boolean({ description: 'Archived segments too (default false).' }),
      },
      resolve: (query, _root, args, context) =>
        context.db.segment.findMany({
          ...query,
          where: segmentsWhere(context, args),
          orderBy: [{ name: 'asc' }, { id: 'asc' }],
        }),
    }),
    segmentPreview: t.field({
      type: Preview,
      authScopes: READ,
      description: 'Who a rule selects now, counted, with the first customers: try a rule before saving it. A bad rule is a ValidationError listing every problem.',
      args: {
        rule: t.arg({ type: SegmentRule, required: true, description: 'The rule to try.' }),
        first: t.arg.int({ description: `Customers to list (0–${MAX_PREVIEW_PAGE}, default 10).` }),
      },
      resolve: async (_root, args, context) => {
        const first = args.first ?? 10;
        if (!Number.isInteger(first) || first < 0 || first > MAX_PREVIEW_PAGE) throw ValidationError.at(['first'], `must be 0 to ${MAX_PREVIEW_PAGE}`);
        const stored = await storedRule(context, runtime, args.rule as SegmentRuleInput, ['rule'], null);
        const checked = checkRule(stored.rule, runtime.facts).rule!;
        return previewRule(context.sql, runtime.population, checked, context.clock.now(), first);
      },
    }),
  }));

  const SegmentInput = builder.inputType('CreateSegmentInput', {
    description: 'A new segment.',
    fields: (t) => ({
      name: t.string({ required: true, description: 'Unique among the live segments (1–120 characters).' }),
      description: t.string({ description: 'What the group is for (up to 2,000 characters).' }),
      kind: t.field({ type: SegmentKind, required: true, description: 'DYNAMIC keeps the rule live; STATIC takes a snapshot of it now (or starts empty without one).' }),
      ownerId: t.string({ description: 'The user responsible; you when absent.' }),
      rule: t.field({ type: SegmentRule, description: 'Required for a dynamic segment; for a static one, the rule its snapshot is taken from.' }),
    }),
  });
  const UpdateInput = builder.inputType('UpdateSegmentInput', {
    description: 'Only the fields given change; a new rule re-evaluates a dynamic segment at once (a static one keeps its members until its next snapshot).',
    fields: (t) => ({
      id: t.id({ required: true, description: 'The segment (global id).' }),
      name: t.string({ description: 'A new name.' }),
      description: t.string({ description: 'A new description.' }),
      ownerId: t.string({ description: 'A new owner.' }),
      rule: t.field({ type: SegmentRule, description: 'A new rule.' }),
    }),
  });

  const segmentId = (id: string | number, path: string[]) => parseSegmentId(id, path);

  builder.mutationFields((t) => {
    const memberChange = (change: 'ADD' | 'REMOVE', description: string) =>
      t.field({
        type: SegmentPayload,
        authScopes: WRITE,
        errors: { types: WRITE_ERRORS },
        description,
        args: {
          id: t.arg.id({ required: true, description: 'The static segment (global id).' }),
          customerIds: t.arg.idList({ required: true, description: `Customers (global ids), 1 to ${MAX_MANUAL_MEMBERS}.`, extensions: { maxItems: MAX_MANUAL_MEMBERS } }),
        },
        resolve: async (_root, args, context) => ({ segment: (await changeMembers(context, segmentId(args.id, ['id']), args.customerIds.map(String), change)).segment }),
      });
    return {
      createSegment: t.field({
        type: SegmentPayload,
        authScopes: WRITE,
        errors: { types: WRITE_ERRORS },
        description: 'Creates a segment; a dynamic one (or a static one with a rule) is filled at once, and each entry is a `segment.entered` event.',
        args: { input: t.arg({ type: SegmentInput, required: true, description: 'The segment.' }) },
        resolve: async (_root, args, context) => ({ segment: await createSegment(context, runtime, settings, args.input as never) }),
      }),
      updateSegment: t.field({
        type: SegmentPayload,
        authScopes: WRITE,
        errors: { types: WRITE_ERRORS },
        description: 'Renames, re-describes or changes the rule of a segment.',
        args: { input: t.arg({ type: UpdateInput, required: true, description: 'The segment and what changes.' }) },
        resolve: async (_root, args, context) => {
          const input = args.input as { id: string } & Record<string, unknown>;
          return { segment: await updateSegment(context, runtime, settings, segmentId(input.id, ['input', 'id']), input as never) };
        },
      }),
      archiveSegment: t.field({
        type: SegmentPayload,
        authScopes: WRITE,
        errors: { types: WRITE_ERRORS },
        description: 'Archives a segment: it keeps its history and stops being evaluated. Refused while another segment refers to it.',
        args: { id: t.arg.id({ required: true, description: 'The segment (global id).' }) },
        resolve: async (_root, args, context) => ({ segment: await archiveSegment(context, segmentId(args.id, ['id'])) }),
      }),
      takeSegmentSnapshot: t.field({
        type: SegmentPayload,
        authScopes: WRITE,
        errors: { types: WRITE_ERRORS },
        description: "Takes a static segment's snapshot again from its rule: who qualifies now enters, who no longer does leaves.",
        args: { id: t.arg.id({ required: true, description: 'The static segment (global id).' }) },
        resolve: async (_root, args, context) => ({ segment: await takeSnapshot(context, runtime, segmentId(args.id, ['id'])) }),
      }),
      addSegmentMembers: memberChange('ADD', 'Adds customers to a static segment by hand (those already in it stay as they are).'),
      removeSegmentMembers: memberChange('REMOVE', 'Removes customers from a static segment by hand; their stays end now and stay in the history.'),
    };
  });
}

function segmentsWhere(context: Context, args: { kind?: 'DYNAMIC' | 'STATIC' | null; includeArchived?: boolean | null }) {
  return { tenantId: viewerOf(context).tenantId, ...(args.kind ? { kind: args.kind } : {}), ...(args.includeArchived ? {} : { archivedAt: null }) };
}
