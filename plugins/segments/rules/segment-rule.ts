import { checkCondition, movesWithTime, type CheckedCondition, type ConditionProblem, type CustomerFact, type FactConditionInput } from '../../../src/plugin-api.ts';

/** A segment rule as a client writes it and as it is stored (JSON): exactly one key per node. */
export interface SegmentRuleInput {
  all?: readonly SegmentRuleInput[] | null;
  any?: readonly SegmentRuleInput[] | null;
  not?: SegmentRuleInput | null;
  fact?: FactConditionInput | null;
  /** A segment's row id: its current members. */
  inSegment?: string | null;
}

/** A rule checked against the fact catalogue: what compiling and explaining need. */
export type CheckedRule =
  | { kind: 'all' | 'any'; path: string; rules: CheckedRule[] }
  | { kind: 'not'; path: string; rule: CheckedRule }
  | { kind: 'fact'; path: string; condition: CheckedCondition }
  | { kind: 'inSegment'; path: string; segmentId: string };

/** How deep a rule may nest, and how many nodes it may hold: a rule is a statement's WHERE. */
export const MAX_RULE_DEPTH = 8;
export const MAX_RULE_NODES = 100;

export interface RuleCheck {
  rule: CheckedRule | null;
  problems: ConditionProblem[];
  /** The segments it refers to (row ids). */
  refersTo: string[];
  movesWithTime: boolean;
}

/**
 * Checks a whole rule and reports every problem at once, each at its path (`rule.all.1.fact.operator`).
 * Segment references are only collected here; whether they exist and form no cycle is the caller's
 * check (it needs the stored segments).
 */
export function checkRule(input: SegmentRuleInput, facts: ReadonlyMap<string, CustomerFact>, path = 'rule'): RuleCheck {
  const problems: ConditionProblem[] = [];
  const refersTo = new Set<string>();
  let nodes = 0;
  let timed = false;

  const visit = (node: SegmentRuleInput, where: string, depth: number): CheckedRule | null => {
    nodes += 1;
    if (depth > MAX_RULE_DEPTH) {
      problems.push({ path: where, message: `A rule nests at most ${MAX_RULE_DEPTH} levels deep.` });
      return null;
    }
    const keys = (['all', 'any', 'not', 'fact', 'inSegment'] as const).filter((key) => node[key] !== null && node[key] !== undefined);
    if (keys.length !== 1) {
      problems.push({ path: where, message: 'Each rule node has exactly one of `all`, `any`, `not`, `fact` or `inSegment`.' });
      return null;
    }
    const key = keys[0]!;
    const at = `${where}.${key}`;
    switch (key) {
      case 'all':
      case 'any': {
        const children = node[key]!;
        if (children.length === 0) problems.push({ path: at, message: `\`${key}\` needs at least one rule.` });
        const rules = children.map((child, index) => visit(child, `${at}.${index}`, depth + 1));
        return rules.every((rule) => rule !== null) && children.length > 0 ? { kind: key, path: at, rules: rules as CheckedRule[] } : null;
      }
      case 'not': {
        const rule = visit(node.not!, at, depth + 1);
        return rule ? { kind: 'not', path: at, rule } : null;
      }
      case 'fact': {
        const condition = checkCondition(node.fact!, facts, at, problems);
        if (!condition) return null;
        if (movesWithTime(condition)) timed = true;
        return { kind: 'fact', path: at, condition };
      }
      case 'inSegment': {
        refersTo.add(node.inSegment!);
        return { kind: 'inSegment', path: at, segmentId: node.inSegment! };
      }
    }
  };

  const rule = visit(input, path, 1);
  if (nodes > MAX_RULE_NODES) problems.push({ path, message: `A rule holds at most ${MAX_RULE_NODES} nodes; this one holds ${nodes}.` });
  return { rule: problems.length ? null : rule, problems, refersTo: [...refersTo], movesWithTime: timed };
}

/** The conditions of a rule in the order they appear (the explanation's order). */
export function conditionsOf(rule: CheckedRule): Extract<CheckedRule, { kind: 'fact' | 'inSegment' }>[] {
  switch (rule.kind) {
    case 'all':
    case 'any':
      return rule.rules.flatMap(conditionsOf);
    case 'not':
      return conditionsOf(rule.rule);
    default:
      return [rule];
  }
}
