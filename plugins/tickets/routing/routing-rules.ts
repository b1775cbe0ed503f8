import type { TicketChannel, TicketKind, TicketPriority } from '../store/enums.ts';
import type { Audience, CustomerKind, Lifecycle } from '../../profile/plugin.ts';

// Routing: the tenant's rules, in order, pick the queue and priority of a new ticket from its
// category, channel and customer. The first rule whose every condition holds wins, and the ticket
// keeps an explanation in words of which rule and which facts routed it. Pure.

/** A rule's conditions: each list present must contain the ticket's (or its customer's) value. */
export interface RoutingConditions {
  kinds?: TicketKind[];
  /** The ticket's category or any of its ancestors. */
  categoryIds?: string[];
  channels?: TicketChannel[];
  priorities?: TicketPriority[];
  /** The customer belongs to at least one of these audiences (e.g. KEY_ACCOUNT). */
  audiences?: Audience[];
  lifecycles?: Lifecycle[];
  /** ISO 3166-1 alpha-2. */
  countries?: string[];
  customerKinds?: CustomerKind[];
}

export interface RoutingRuleSpec {
  id: string;
  name: string;
  position: number;
  conditions: RoutingConditions;
  queueId: string | null;
  priority: TicketPriority | null;
}

export interface RoutingFacts {
  kind: TicketKind;
  /** The category first, then its ancestors up to the root. */
  categoryLineage: readonly { id: string; name: string }[];
  channel: TicketChannel;
  /** The priority the ticket would have without routing. */
  priority: TicketPriority;
  customer: { audiences: readonly Audience[]; lifecycle: Lifecycle; country: string | null; kind: CustomerKind };
}

export interface RoutingDecision {
  rule: RoutingRuleSpec | null;
  /** Why, in words: the rule and the facts that matched it. */
  reasons: string[];
}

/** The first matching rule (rules are taken in `position` order), or none. */
export function routeTicket(rules: readonly RoutingRuleSpec[], facts: RoutingFacts): RoutingDecision {
  for (const rule of [...rules].sort((a, b) => a.position - b.position)) {
    const reasons = matchReasons(rule.conditions, facts);
    if (reasons) return { rule, reasons };
  }
  return { rule: null, reasons: [] };
}

/** The facts that satisfy each condition, or null when one fails. A rule without conditions matches every ticket. */
export function matchReasons(conditions: RoutingConditions, facts: RoutingFacts): string[] | null {
  const reasons: string[] = [];
  const check = (list: readonly string[] | undefined, matched: string | null | undefined, describe: (value: string) => string): boolean => {
    if (!list || list.length === 0) return true;
    if (matched == null || !list.includes(matched)) return false;
    reasons.push(describe(matched));
    return true;
  };
  const categoryIds = conditions.categoryIds ?? [];
  const audiences = conditions.audiences ?? [];
  const ok =
    check(conditions.kinds, facts.kind, (kind) => `kind is ${kind}`) &&
    check(conditions.categoryIds, facts.categoryLineage.find((category) => categoryIds.includes(category.id))?.id, (id) => {
      const category = facts.categoryLineage.find((candidate) => candidate.id === id)!;
      return id === facts.categoryLineage[0]?.id ? `category is ${category.name}` : `category is under ${category.name}`;
    }) &&
    check(conditions.channels, facts.channel, (channel) => `channel is ${channel}`) &&
    check(conditions.priorities, facts.priority, (priority) => `priority is ${priority}`) &&
    check(conditions.audiences, facts.customer.audiences.find((audience) => audiences.includes(audience)), (audience) => `customer is ${audience}`) &&
    check(conditions.lifecycles, facts.customer.lifecycle, (lifecycle) => `customer lifecycle is ${lifecycle}`) &&
    check(conditions.countries, facts.customer.country, (country) => `customer country is ${country}`) &&
    check(conditions.customerKinds, facts.customer.kind, (kind) => `customer is a ${kind === 'PERSON' ? 'person' : 'organization'}`);
  return ok ? reasons : null;
}

/** The sentence a ticket keeps about how it was routed. */
export function explainRouting(decision: RoutingDecision, outcome: { queueName: string; priority: TicketPriority; chosenBy: { queue: 'rule' | 'input' | 'default'; priority: 'rule' | 'input' | 'default' } }): string {
  const head = decision.rule
    ? `Rule "${decision.rule.name}" (position ${decision.rule.position}) matched${decision.reasons.length ? `: ${decision.reasons.join(', ')}` : ' every ticket'}.`
    : 'No routing rule matched.';
  const source = { rule: 'by the rule', input: 'as given on creation', default: 'by default' } as const;
  return `${head} Queue ${outcome.queueName} ${source[outcome.chosenBy.queue]}; priority ${outcome.priority} ${source[outcome.chosenBy.priority]}.`;
}
