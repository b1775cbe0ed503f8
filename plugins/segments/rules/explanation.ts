import type { CheckedCondition } from '../../../src/plugin-api.ts';
import type { ConditionReading } from '../store/rule-explanation.ts';
import type { CheckedRule } from './segment-rule.ts';

/** One node of a rule with what it found for a customer. */
export interface ExplainedNode {
  /** Where it is in the rule, e.g. `rule.all.1.fact`. */
  path: string;
  holds: boolean;
  /** The fact's value for the customer (JSON), for fact conditions. */
  value: unknown;
  /** A sentence: what was found and what was needed. */
  text: string;
}

export interface Explanation {
  /** Whether the rule holds for the customer now. */
  holds: boolean;
  /** Every node, depth first: conditions with their values, groups with their outcome. */
  nodes: ExplainedNode[];
  /** The conditions that decided the outcome: those that held for a customer inside, those that failed for one outside. */
  decisive: ExplainedNode[];
}

/** Puts a rule's readings for a customer into words, node by node. */
export function explain(rule: CheckedRule, readings: readonly ConditionReading[], segmentNames: ReadonlyMap<string, string>): Explanation {
  const byPath = new Map(readings.map((reading) => [reading.path, reading]));
  const nodes: ExplainedNode[] = [];
  const decisive: ExplainedNode[] = [];

  const visit = (node: CheckedRule, wanted: boolean | null): boolean => {
    switch (node.kind) {
      case 'all':
      case 'any': {
        const slot = nodes.push({ path: node.path, holds: false, value: null, text: '' }) - 1;
        // Decisive children: for ALL, those that failed when it failed (or all when it held); for ANY the reverse.
        const outcomes = node.rules.map((child) => visitQuietly(child));
        const holds = node.kind === 'all' ? outcomes.every(Boolean) : outcomes.some(Boolean);
        node.rules.forEach((child, index) => {
          const childDecides = wanted === null ? false : node.kind === 'all' ? (holds ? true : !outcomes[index]) : holds ? outcomes[index]! : true;
          visit(child, childDecides ? holds : null);
        });
        const met = outcomes.filter(Boolean).length;
        nodes[slot] = { path: node.path, holds, value: null, text: `${node.kind === 'all' ? 'All' : 'Any'} of ${node.rules.length}: ${met} held.` };
        return holds;
      }
      case 'not': {
        const slot = nodes.push({ path: node.path, holds: false, value: null, text: '' }) - 1;
        const inner = visit(node.rule, wanted === null ? null : !wanted);
        nodes[slot] = { path: node.path, holds: !inner, value: null, text: inner ? 'Must not hold, and it held.' : 'Must not hold, and it did not.' };
        return !inner;
      }
      case 'fact':
      case 'inSegment': {
        const reading = byPath.get(node.path);
        const holds = reading?.holds ?? false;
        const explained: ExplainedNode = {
          path: node.path,
          holds,
          value: reading?.value ?? null,
          text: node.kind === 'fact' ? conditionText(node.condition, reading?.value ?? null, holds) : `${holds ? 'Is' : 'Is not'} a member of "${segmentNames.get(node.segmentId) ?? 'a segment'}".`,
        };
        nodes.push(explained);
        if (wanted !== null) decisive.push(explained);
        return holds;
      }
    }
  };

  const visitQuietly = (node: CheckedRule): boolean => {
    switch (node.kind) {
      case 'all':
        return node.rules.every(visitQuietly);
      case 'any':
        return node.rules.some(visitQuietly);
      case 'not':
        return !visitQuietly(node.rule);
      default:
        return byPath.get(node.path)?.holds ?? false;
    }
  };

  const holds = visitQuietly(rule);
  visit(rule, holds);
  return { holds, nodes, decisive };
}

const OPERATOR_WORDS: Record<string, string> = {
  EQUALS: 'needs',
  NOT_EQUALS: 'needs other than',
  IN: 'needs one of',
  NOT_IN: 'needs none of',
  CONTAINS: 'needs to contain',
  GREATER_THAN: 'needs >',
  AT_LEAST: 'needs ≥',
  LESS_THAN: 'needs <',
  AT_MOST: 'needs ≤',
  BETWEEN: 'needs between',
  BEFORE: 'needs before',
  AFTER: 'needs after',
  WITHIN_LAST_DAYS: 'needs within the last',
  NOT_WITHIN_LAST_DAYS: 'needs longer ago than',
  INCLUDES_ANY: 'needs any of',
  INCLUDES_ALL: 'needs all of',
  INCLUDES_NONE: 'needs none of',
  IS_TRUE: 'needs yes',
  IS_FALSE: 'needs no',
  IS_SET: 'needs a value',
  IS_NOT_SET: 'needs none',
};

/** "interactions (kind PURCHASE, last 90 days): 3, needs ≥ 2 — holds." */
export function conditionText(condition: CheckedCondition, value: unknown, holds: boolean): string {
  const qualifiers: string[] = [];
  for (const [name, values] of Object.entries(condition.arguments.filters)) qualifiers.push(`${name} ${values.join('/')}`);
  if (condition.arguments.currency) qualifiers.push(condition.arguments.currency);
  if (condition.arguments.path) qualifiers.push(condition.arguments.path.join('.'));
  if (condition.lastDays !== undefined) qualifiers.push(`last ${condition.lastDays} days`);
  else if (condition.arguments.window) qualifiers.push(`${day(condition.arguments.window.from)} to ${condition.arguments.window.to ? day(condition.arguments.window.to) : 'now'}`);
  const subject = `${condition.fact.label}${qualifiers.length ? ` (${qualifiers.join(', ')})` : ''}`;
  return `${subject}: ${valueText(value)}, ${OPERATOR_WORDS[condition.operator]}${operandText(condition)} — ${holds ? 'holds' : 'fails'}.`;
}

function operandText(condition: CheckedCondition): string {
  const operand = condition.operand;
  switch (operand.kind) {
    case 'none':
      return '';
    case 'text':
    case 'number':
      return ` ${operand.value}`;
    case 'dateTime':
      return ` ${day(operand.value)}`;
    case 'days':
      return ` ${operand.value} days`;
    case 'range':
      return ` ${operand.min} and ${operand.max}`;
    case 'values':
      return ` ${operand.values.join(', ')}`;
  }
}

function valueText(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (Array.isArray(value)) return value.length ? value.join(', ') : 'none';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return value.slice(0, 10);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

const day = (date: Date) => date.toISOString().slice(0, 10);
