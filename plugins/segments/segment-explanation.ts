import type { Builder, Context } from '../../src/plugin-api.ts';
import { loadCustomer } from '../profile/plugin.ts';
import { checkStored } from './membership/refresh.ts';
import { explain, type ExplainedNode } from './rules/explanation.ts';
import { conditionsOf } from './rules/segment-rule.ts';
import type { SegmentsRuntime } from './segments-runtime.ts';
import { currentStay, segmentNames, type CurrentStayRow } from './store/customer-segments.ts';
import { readConditions } from './store/rule-explanation.ts';
import type { SegmentDefinitionRow } from './store/segment-rows.ts';

export interface SegmentExplanation {
  segmentId: string;
  customerId: string;
  stay: CurrentStayRow | null;
  /** Null when the segment has no rule (a static segment filled by hand). */
  holds: boolean | null;
  nodes: ExplainedNode[];
  decisive: ExplainedNode[];
  summary: string;
}

/**
 * Why a customer is in a segment or not: each condition's value for them and whether it held, read
 * in one statement, and the conditions that decided it.
 */
export async function explainMembership(context: Context, runtime: SegmentsRuntime, segment: SegmentDefinitionRow, customerId: string): Promise<SegmentExplanation> {
  const stay = await currentStay(context.sql, segment.id, customerId);
  const live = checkStored(segment, runtime);
  const base = { segmentId: segment.id, customerId, stay };
  if (!live.checked) {
    const how = stay ? (stay.source === 'MANUAL' ? 'was added by hand' : 'came in with a snapshot') : 'is not a member';
    return { ...base, holds: null, nodes: [], decisive: [], summary: `This segment has no rule to check; the customer ${how}.` };
  }
  const now = context.clock.now();
  const readings = await readConditions(context.sql, runtime.population, live.checked, customerId, now);
  if (!readings) return { ...base, holds: false, nodes: [], decisive: [], summary: 'The customer is archived or unknown, so no segment rule holds for them.' };
  const names = await segmentNames(context.sql, conditionsOf(live.checked).flatMap((condition) => (condition.kind === 'inSegment' ? [condition.segmentId] : [])));
  const explanation = explain(live.checked, readings, names);
  const verdict = explanation.holds ? 'The rule holds' : 'The rule does not hold';
  const membership = stay ? `member since ${stay.enteredAt.toISOString().slice(0, 10)}` : 'not a member';
  const snapshotNote = segment.kind === 'STATIC' && Boolean(stay) !== explanation.holds ? ' (a static segment keeps its snapshot until the next one)' : '';
  const because = explanation.decisive.map((node) => node.text).join(' ');
  return { ...base, ...explanation, summary: `${verdict} now; ${membership}${snapshotNote}. ${because}`.trim() };
}

/** `SegmentExplanation` and `ExplainedCondition`. */
export function registerSegmentExplanation(builder: Builder) {
  const Node = builder.objectRef<ExplainedNode>('ExplainedCondition').implement({
    description: 'One node of a segment rule and what it found for the customer.',
    fields: (t) => ({
      path: t.exposeString('path', { description: 'Where the node is in the rule, e.g. "rule.all.1.fact".' }),
      holds: t.exposeBoolean('holds', { description: 'Whether it held for the customer.' }),
      value: t.string({
        nullable: true,
        description: "The fact's value for the customer (fact conditions) as JSON text, e.g. `3`, `\"ES\"`, `[\"CUSTOMER\"]`; null when it has none.",
        resolve: (node) => (node.value === null || node.value === undefined ? null : JSON.stringify(node.value)),
      }),
      text: t.exposeString('text', { description: 'What was found and what was needed, in words.' }),
    }),
  });

  return builder.objectRef<SegmentExplanation>('SegmentExplanation').implement({
    description: 'Why a customer is, or is not, in a segment.',
    fields: (t) => ({
      customer: t.field({ type: 'Customer', nullable: true, description: 'The customer explained.', resolve: (explanation, _args, context) => loadCustomer(context, explanation.customerId) }),
      member: t.boolean({ description: 'The customer is a current member.', resolve: (explanation) => explanation.stay !== null }),
      memberSince: t.field({ type: 'DateTime', nullable: true, description: 'When the current stay began.', resolve: (explanation) => explanation.stay?.enteredAt ?? null }),
      ruleHolds: t.boolean({ nullable: true, description: 'Whether the rule holds now; null for a segment without a rule.', resolve: (explanation) => explanation.holds }),
      conditions: t.field({ type: [Node], description: 'Every node of the rule, depth first, with what it found.', resolve: (explanation) => explanation.nodes }),
      decisive: t.field({
        type: [Node],
        description: 'The conditions that decided: those that held for a customer the rule selects, those that failed for one it does not.',
        resolve: (explanation) => explanation.decisive,
      }),
      summary: t.exposeString('summary', { description: 'The whole explanation in a few sentences.' }),
    }),
  });
}
