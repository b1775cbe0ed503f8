import type { SeedContext } from '../../../src/plugin-api.ts';
import { checkRule, type CheckedRule, type SegmentRuleInput } from '../rules/segment-rule.ts';
import type { DemoSegment } from './definitions.ts';

const DAY_MS = 86_400_000;
/** How far back the demo replays the dynamic segments' membership, a week at a time. */
export const HISTORY_WEEKS = 12;
// Saving a dozen segments takes a marketer a few minutes each.
const MINUTES_BETWEEN_SAVES = 5;

/** A demo segment as it is written: its row id, its rule as the API stores it, and when it was saved. */
export interface PlannedSegment {
  definition: DemoSegment;
  id: string;
  createdAt: Date;
  /** The rule as stored (segment references as row ids), or null for a hand-picked list. */
  rule: SegmentRuleInput | null;
  checked: CheckedRule | null;
  refersTo: string[];
  /** As segment-writes sets it: a dynamic rule with time windows or ages. */
  timeDependent: boolean;
}

/** When the replayed history starts: the dynamic segments are saved then. */
export function historyStart(now: Date): Date {
  return new Date(now.getTime() - HISTORY_WEEKS * 7 * DAY_MS);
}

/**
 * The demo segments the enabled areas allow, in the order given (dependencies first), with ids
 * drawn from the seed's faker and rules checked by the API's own check: a demo rule the API would
 * refuse is a bug in the demo, and fails the seed.
 */
export function planDemoSegments(context: SeedContext, definitions: readonly DemoSegment[]): PlannedSegment[] {
  const start = historyStart(context.now);
  const planned: PlannedSegment[] = [];
  const idOf = new Map<string, string>();
  const scope = {
    enabled: (area: string) => context.enabledPlugins.has(area),
    segmentId: (key: string) => {
      const id = idOf.get(key);
      if (!id) throw new Error(`Demo segment "${key}" is referred to before it is planned, or was left out`);
      return id;
    },
  };
  for (const definition of definitions) {
    if (definition.needs?.some((area) => !context.enabledPlugins.has(area))) continue;
    const createdAt =
      definition.createdDaysAgo === undefined
        ? new Date(start.getTime() + planned.length * MINUTES_BETWEEN_SAVES * 60_000)
        : new Date(context.now.getTime() - definition.createdDaysAgo * DAY_MS);
    const id = context.faker.string.uuid({ version: 7, refDate: createdAt });
    const rule = definition.rule?.(scope) ?? null;
    const check = rule ? checkRule(rule, context.customerFacts) : null;
    if (check && !check.rule) {
      throw new Error(`Demo segment "${definition.name}" has an invalid rule: ${check.problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ')}`);
    }
    idOf.set(definition.key, id);
    planned.push({
      definition,
      id,
      createdAt,
      rule,
      checked: check?.rule ?? null,
      refersTo: check?.refersTo ?? [],
      timeDependent: definition.kind === 'DYNAMIC' && (check?.movesWithTime ?? false),
    });
  }
  return planned;
}

/**
 * The rule as it held at `at`, for replaying the past: only customers recorded by then, and the
 * definition's own corrections of facts that are only known as they are now.
 */
export function ruleAsItWas(segment: PlannedSegment, context: SeedContext, at: Date): CheckedRule {
  const guards: SegmentRuleInput[] = [{ fact: { fact: 'profile.createdAt', operator: 'BEFORE', dateTime: at } }, ...(segment.definition.asItWas?.(at) ?? [])];
  const check = checkRule({ all: [segment.rule!, ...guards] }, context.customerFacts);
  if (!check.rule) throw new Error(`Demo segment "${segment.definition.name}" cannot be replayed: ${check.problems.map((problem) => problem.message).join('; ')}`);
  return check.rule;
}
