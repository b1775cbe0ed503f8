import type { Logger, Sql, TenantDb, TenantScope } from '../../../src/plugin-api.ts';
import { checkRule, conditionsOf, type CheckedRule, type SegmentRuleInput } from '../rules/segment-rule.ts';
import type { SegmentsRuntime } from '../segments-runtime.ts';
import { evaluateMembership } from '../store/segment-evaluation.ts';
import type { SegmentDefinitionRow } from '../store/segment-rows.ts';
import { announceChanges } from './announce.ts';

export interface RefreshScope {
  db: TenantDb;
  sql: Sql;
  events: TenantScope['events'];
  logger?: Logger;
}

export interface RefreshSummary {
  evaluated: string[];
  entered: number;
  exited: number;
}

/** A stored segment with its rule checked against today's facts (null when a fact went away). */
export interface LiveSegment extends SegmentDefinitionRow {
  checked: CheckedRule | null;
}

export function checkStored(segment: SegmentDefinitionRow, runtime: SegmentsRuntime): LiveSegment {
  const check = segment.rule ? checkRule(segment.rule as SegmentRuleInput, runtime.facts) : null;
  return { ...segment, checked: check?.rule ?? null };
}

/** The topics after which a segment's members may have changed: those of the facts its rule reads. */
export function topicsOf(segment: LiveSegment): Set<string> {
  if (!segment.checked) return new Set();
  return new Set(conditionsOf(segment.checked).flatMap((condition) => (condition.kind === 'fact' ? condition.condition.fact.changedBy : [])));
}

/**
 * Re-evaluates segments (among `customers`, or everyone), those a rule refers to before the rules
 * that refer to them, so one pass leaves every membership consistent; announces each change.
 */
export async function refreshSegments(
  scope: RefreshScope,
  runtime: SegmentsRuntime,
  segments: readonly LiveSegment[],
  now: Date,
  customers: readonly string[] | null,
): Promise<RefreshSummary> {
  const summary: RefreshSummary = { evaluated: [], entered: 0, exited: 0 };
  for (const segment of inDependencyOrder(segments)) {
    if (!segment.checked) {
      scope.logger?.warn({ segmentId: segment.id }, 'segment rule names a fact no enabled plugin provides; not evaluated');
      continue;
    }
    const changes = await evaluateMembership(scope.sql, runtime.population, { id: segment.id, rule: segment.checked }, now, customers);
    await announceChanges(scope, segment, changes, 'RULE', now);
    summary.evaluated.push(segment.id);
    summary.entered += changes.entered.length;
    summary.exited += changes.exited.length;
  }
  return summary;
}

/** Depth-first: a segment after every segment of the list it refers to (saving refuses cycles). */
export function inDependencyOrder<Segment extends { id: string; refersTo: readonly string[] }>(segments: readonly Segment[]): Segment[] {
  const byId = new Map(segments.map((segment) => [segment.id, segment]));
  const ordered: Segment[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const place = (segment: Segment) => {
    if (placed.has(segment.id) || visiting.has(segment.id)) return;
    visiting.add(segment.id);
    for (const id of segment.refersTo) {
      const referred = byId.get(id);
      if (referred) place(referred);
    }
    visiting.delete(segment.id);
    placed.add(segment.id);
    ordered.push(segment);
  };
  segments.forEach(place);
  return ordered;
}

/** The segments to re-evaluate for events of `topics`: those reading such facts, and those referring to them. */
export function affectedBy(segments: readonly LiveSegment[], topics: ReadonlySet<string>): LiveSegment[] {
  return withDependents(segments.filter((segment) => [...topicsOf(segment)].some((topic) => topics.has(topic))), segments);
}

/** `chosen` and every live segment that refers to one of them, directly or through others. */
export function withDependents(chosen: readonly LiveSegment[], live: readonly LiveSegment[]): LiveSegment[] {
  const reached = new Set(chosen.map((segment) => segment.id));
  const dependents: LiveSegment[] = [];
  let grew = true;
  while (grew) {
    grew = false;
    for (const segment of live) {
      if (!reached.has(segment.id) && segment.refersTo.some((id) => reached.has(id))) {
        reached.add(segment.id);
        dependents.push(segment);
        grew = true;
      }
    }
  }
  return [...chosen, ...dependents];
}
