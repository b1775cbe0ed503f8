import { z } from 'zod';
import type { ConditionProblem, Context, FieldError } from '../../src/plugin-api.ts';
import { ConflictError, NotFoundError, parseInput, ValidationError, viewerOf } from '../../src/plugin-api.ts';
import { resolveCustomerReferences } from '../profile/plugin.ts';
import { segmentSaved } from './events.ts';
import { asUuid, parseSegmentId, segmentGlobalId } from './ids.ts';
import { announceChanges } from './membership/announce.ts';
import { checkStored, refreshSegments } from './membership/refresh.ts';
import { checkRule, type SegmentRuleInput } from './rules/segment-rule.ts';
import type { SegmentsRuntime } from './segments-runtime.ts';
import { addMembers, removeMembers } from './store/manual-members.ts';
import { evaluateMembership } from './store/segment-evaluation.ts';
import { segmentReferences } from './store/segment-rows.ts';

/** What an `inSegment` that is not a Segment id holds while the rest of the rule is checked. */
const NOT_A_SEGMENT = '00000000-0000-0000-0000-000000000000';

/** Customers one call may add to or remove from a static segment. */
export const MAX_MANUAL_MEMBERS = 500;

export interface SegmentSettings {
  /** How long a time-dependent segment waits for its next scheduled evaluation. */
  reevaluateEveryMs: number;
}

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const createSchema = z.object({
  name: text(120),
  description: text(2_000).nullish(),
  kind: z.enum(['DYNAMIC', 'STATIC']),
  ownerId: text(200).nullish(),
});
const updateSchema = z.object({ name: text(120).nullish(), description: text(2_000).nullish(), ownerId: text(200).nullish() });

export interface SegmentInput {
  name: string;
  description?: string | null;
  kind: 'DYNAMIC' | 'STATIC';
  ownerId?: string | null;
  rule?: SegmentRuleInput | null;
}

/**
 * The rule as stored: segment references as row ids. Checks everything at once (the facts and
 * their operands, references to live segments, cycles through them) and throws one
 * ValidationError listing every problem, each at its path.
 */
export async function storedRule(context: Context, runtime: SegmentsRuntime, input: SegmentRuleInput, at: string[], selfId: string | null): Promise<{ rule: SegmentRuleInput; refersTo: string[]; movesWithTime: boolean }> {
  const problems: ConditionProblem[] = [];
  const rule = withSegmentRowIds(input, 'rule', problems);
  const check = checkRule(rule, runtime.facts);
  problems.push(...check.problems);
  // A reference that is not a Segment id was reported as such; its placeholder names nothing.
  const references = check.refersTo.filter((id) => id !== NOT_A_SEGMENT);
  if (references.length > 0) {
    const live = await segmentReferences(context.sql);
    const byId = new Map(live.map((segment) => [segment.id, segment]));
    const reaches = (from: string, seen = new Set<string>()): boolean => {
      if (from === selfId) return true;
      if (seen.has(from)) return false;
      seen.add(from);
      return (byId.get(from)?.refersTo ?? []).some((next) => reaches(next, seen));
    };
    for (const id of references) {
      const referred = byId.get(id);
      const message = !referred
        ? 'No live segment has this id.'
        : selfId && reaches(id)
          ? `Refers back to this segment through "${referred.name}": segments may not refer to each other in a cycle.`
          : null;
      if (message) for (const path of pathsOfReference(rule, id)) problems.push({ path, message });
    }
  }
  if (problems.length > 0) throw new ValidationError(problems.map((problem): FieldError => ({ path: [...at, ...problem.path.split('.').slice(1)], message: problem.message })));
  return { rule, refersTo: check.refersTo, movesWithTime: check.movesWithTime };
}

/** Global segment ids in `inSegment` become row ids; one that is not a Segment id is a problem. */
function withSegmentRowIds(node: SegmentRuleInput, path: string, problems: ConditionProblem[]): SegmentRuleInput {
  const copy: SegmentRuleInput = {};
  if (node.all) copy.all = node.all.map((child, index) => withSegmentRowIds(child, `${path}.all.${index}`, problems));
  if (node.any) copy.any = node.any.map((child, index) => withSegmentRowIds(child, `${path}.any.${index}`, problems));
  if (node.not) copy.not = withSegmentRowIds(node.not, `${path}.not`, problems);
  if (node.fact) copy.fact = withoutNulls(node.fact);
  if (node.inSegment !== null && node.inSegment !== undefined) {
    try {
      copy.inSegment = parseSegmentId(node.inSegment, []);
    } catch {
      problems.push({ path: `${path}.inSegment`, message: 'is not a Segment id' });
      copy.inSegment = NOT_A_SEGMENT;
    }
  }
  return copy;
}

/** Stored JSON keeps only what was given. */
function withoutNulls<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== null && field !== undefined)) as T;
}

/** Every place a rule names a segment. */
function pathsOfReference(rule: SegmentRuleInput, id: string, path = 'rule'): string[] {
  if (rule.inSegment === id) return [`${path}.inSegment`];
  return [
    ...(['all', 'any'] as const).flatMap((key) => (rule[key] ?? []).flatMap((child, index) => pathsOfReference(child, id, `${path}.${key}.${index}`))),
    ...(rule.not ? pathsOfReference(rule.not, id, `${path}.not`) : []),
  ];
}

async function findLiveSegment(context: Context, id: string) {
  const segment = await context.db.segment.findFirst({ where: { tenantId: viewerOf(context).tenantId, id: asUuid(id), archivedAt: null } });
  if (!segment) throw new NotFoundError('Segment', segmentGlobalId(id));
  return segment;
}

async function refusingDuplicateName<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') throw new ConflictError(`A live segment is already named "${name}".`);
    throw error;
  }
}

export async function createSegment(context: Context, runtime: SegmentsRuntime, settings: SegmentSettings, input: SegmentInput) {
  const fields = parseInput(createSchema, input);
  const now = context.clock.now();
  if (fields.kind === 'DYNAMIC' && !input.rule) throw ValidationError.at(['input', 'rule'], 'A dynamic segment needs a rule.');
  const stored = input.rule ? await storedRule(context, runtime, input.rule, ['input', 'rule'], null) : null;
  const timeDependent = fields.kind === 'DYNAMIC' && (stored?.movesWithTime ?? false);
  const segment = await refusingDuplicateName(fields.name, () =>
    context.db.segment.create({
      data: {
        tenantId: viewerOf(context).tenantId,
        name: fields.name,
        description: fields.description ?? null,
        ownerId: fields.ownerId ?? viewerOf(context).subject,
        kind: fields.kind,
        rule: stored ? (stored.rule as object) : undefined,
        refersTo: stored?.refersTo ?? [],
        timeDependent,
        evaluatedAt: stored ? now : null,
        snapshotAt: fields.kind === 'STATIC' && stored ? now : null,
        nextEvaluationAt: timeDependent ? new Date(now.getTime() + settings.reevaluateEveryMs) : null,
      },
    }),
  );
  await context.events.emit(segmentSaved, { subjectId: segmentGlobalId(segment.id), payload: { name: segment.name, kind: segment.kind, change: 'CREATED' } });
  if (stored) await fillFromRule(context, runtime, segment, fields.kind === 'STATIC' ? 'SNAPSHOT' : 'RULE', now);
  return segment;
}

/** Evaluates the segment's rule over every customer and records who entered and left. */
async function fillFromRule(context: Context, runtime: SegmentsRuntime, segment: { id: string; name: string; kind: string; rule: unknown; refersTo: string[]; timeDependent: boolean }, source: 'RULE' | 'SNAPSHOT', now: Date) {
  const live = checkStored({ ...segment, kind: segment.kind as 'DYNAMIC' | 'STATIC' }, runtime);
  if (source === 'RULE') return refreshSegments(context, runtime, [live], now, null);
  const changes = await evaluateMembership(context.sql, runtime.population, { id: segment.id, rule: live.checked! }, now, null, 'SNAPSHOT');
  await announceChanges(context, segment, changes, 'SNAPSHOT', now);
}

export async function updateSegment(context: Context, runtime: SegmentsRuntime, settings: SegmentSettings, id: string, input: { name?: string | null; description?: string | null; ownerId?: string | null; rule?: SegmentRuleInput | null }) {
  const fields = parseInput(updateSchema, input);
  const segment = await findLiveSegment(context, id);
  const now = context.clock.now();
  const stored = input.rule ? await storedRule(context, runtime, input.rule, ['input', 'rule'], segment.id) : null;
  const timeDependent = segment.kind === 'DYNAMIC' && stored ? stored.movesWithTime : segment.timeDependent;
  const updated = await refusingDuplicateName(fields.name ?? segment.name, () =>
    context.db.segment.update({
      where: { id: segment.id },
      data: {
        ...(fields.name ? { name: fields.name } : {}),
        ...(fields.description !== undefined ? { description: fields.description } : {}),
        ...(fields.ownerId ? { ownerId: fields.ownerId } : {}),
        ...(stored ? { rule: stored.rule as object, refersTo: stored.refersTo, timeDependent } : {}),
        ...(stored && segment.kind === 'DYNAMIC'
          ? { evaluatedAt: now, nextEvaluationAt: timeDependent ? new Date(now.getTime() + settings.reevaluateEveryMs) : null }
          : {}),
      },
    }),
  );
  await context.events.emit(segmentSaved, { subjectId: segmentGlobalId(segment.id), payload: { name: updated.name, kind: updated.kind, change: 'UPDATED' } });
  if (stored && segment.kind === 'DYNAMIC') await fillFromRule(context, runtime, updated, 'RULE', now);
  return updated;
}

/** A static segment's snapshot, taken again from its rule now: who qualifies enters, who no longer does leaves. */
export async function takeSnapshot(context: Context, runtime: SegmentsRuntime, id: string) {
  const segment = await findLiveSegment(context, id);
  if (segment.kind !== 'STATIC') throw ValidationError.at(['id'], 'Only a static segment takes snapshots; a dynamic one is always up to date.');
  if (!segment.rule) throw ValidationError.at(['id'], 'This static segment has no rule to take a snapshot from; add or remove its members instead.');
  const now = context.clock.now();
  const updated = await context.db.segment.update({ where: { id: segment.id }, data: { snapshotAt: now } });
  await fillFromRule(context, runtime, updated, 'SNAPSHOT', now);
  await context.events.emit(segmentSaved, { subjectId: segmentGlobalId(segment.id), payload: { name: updated.name, kind: updated.kind, change: 'SNAPSHOT' } });
  return updated;
}

/** Adds customers to, or removes them from, a static segment by hand. */
export async function changeMembers(context: Context, id: string, customerIds: readonly (string | number)[], change: 'ADD' | 'REMOVE') {
  const segment = await findLiveSegment(context, id);
  if (segment.kind !== 'STATIC') throw ValidationError.at(['id'], "A dynamic segment's members follow its rule; only a static segment's are changed by hand.");
  if (customerIds.length === 0 || customerIds.length > MAX_MANUAL_MEMBERS) throw ValidationError.at(['customerIds'], `must hold 1 to ${MAX_MANUAL_MEMBERS} customers`);
  const customers = await resolveCustomerReferences(context, customerIds.map((customerId) => ({ id: String(customerId) })));
  const missing = customers.flatMap((customer, index) => (customer ? [] : [{ path: ['customerIds', String(index)], message: 'No customer has this id.' }]));
  if (missing.length) throw new ValidationError(missing);
  const ids = [...new Set(customers.map((customer) => customer!.id))];
  const now = context.clock.now();
  const changes = change === 'ADD' ? await addMembers(context.sql, segment.id, ids, now) : await removeMembers(context.sql, segment.id, ids, now);
  await announceChanges(context, segment, changes, 'MANUAL', now);
  return { segment, changed: changes.entered.length + changes.exited.length };
}

export async function archiveSegment(context: Context, id: string) {
  const segment = await findLiveSegment(context, id);
  const referrers = (await segmentReferences(context.sql)).filter((other) => other.refersTo.includes(segment.id));
  if (referrers.length) throw new ConflictError(`Segments ${referrers.map((other) => `"${other.name}"`).join(', ')} refer to this one; change their rules first.`);
  const archived = await context.db.segment.update({ where: { id: segment.id }, data: { archivedAt: context.clock.now(), nextEvaluationAt: null } });
  await context.events.emit(segmentSaved, { subjectId: segmentGlobalId(segment.id), payload: { name: archived.name, kind: archived.kind, change: 'ARCHIVED' } });
  return archived;
}
