import type { Builder, PluginComposition } from '../../src/plugin-api.ts';
import { MAX_RULE_NODES, type SegmentRuleInput } from './rules/segment-rule.ts';

// The input's TypeScript shape is the rule's own (rules/segment-rule.ts).
type SegmentRuleShape = SegmentRuleInput & object;

/** `SegmentRuleInput`: a rule tree of AND / OR / NOT over fact conditions and other segments. */
export function registerSegmentRuleInput(builder: Builder, composition: PluginComposition) {
  const SegmentRule = builder.inputRef<SegmentRuleShape>('SegmentRuleInput');
  SegmentRule.implement({
    isOneOf: true,
    description:
      'A segment rule: exactly one of `all`, `any`, `not`, `fact` or `inSegment`, nested up to 8 levels and 100 nodes. Stored as JSON; every problem in it is reported at once, each at its path.',
    fields: (t) => ({
      all: t.field({ type: [SegmentRule], description: 'Every one of these rules holds (AND).', extensions: { maxItems: MAX_RULE_NODES } }),
      any: t.field({ type: [SegmentRule], description: 'At least one of these rules holds (OR).', extensions: { maxItems: MAX_RULE_NODES } }),
      not: t.field({ type: SegmentRule, description: 'This rule does not hold (NOT).' }),
      fact: t.field({ type: composition.FactCondition, description: 'A condition on one customer fact (see the `customerFacts` query).' }),
      inSegment: t.id({ description: 'The customer is a current member of this segment (global id); segments may not refer to each other in a cycle.' }),
    }),
  });
  return SegmentRule;
}
