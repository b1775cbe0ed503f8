import { describe, expect, it } from 'vitest';
import { explainRouting, routeTicket, type RoutingFacts, type RoutingRuleSpec } from '../routing/routing-rules.ts';

const keyAccounts: RoutingRuleSpec = { id: 'r1', name: 'Key accounts', position: 1, conditions: { audiences: ['KEY_ACCOUNT'] }, queueId: 'key-desk', priority: 'HIGH' };
const damaged: RoutingRuleSpec = { id: 'r2', name: 'Damaged goods', position: 2, conditions: { categoryIds: ['cat-damaged'] }, queueId: null, priority: 'HIGH' };
const complaints: RoutingRuleSpec = { id: 'r3', name: 'Complaints by phone', position: 3, conditions: { kinds: ['COMPLAINT', 'CLAIM'], channels: ['PHONE'] }, queueId: 'complaints', priority: null };
const rules = [complaints, damaged, keyAccounts]; // given out of order on purpose

function facts(overrides: Partial<RoutingFacts> = {}, customer: Partial<RoutingFacts['customer']> = {}): RoutingFacts {
  return {
    kind: 'QUERY',
    categoryLineage: [{ id: 'cat-status', name: 'Order status' }],
    channel: 'EMAIL',
    priority: 'NORMAL',
    customer: { audiences: ['CUSTOMER'], lifecycle: 'ACTIVE', country: 'ES', kind: 'PERSON', ...customer },
    ...overrides,
  };
}

describe('routing rules', () => {
  it('sends a key account to the key-account desk, whatever the ticket, because that rule comes first', () => {
    const decision = routeTicket(rules, facts({ kind: 'COMPLAINT', channel: 'PHONE' }, { audiences: ['CUSTOMER', 'KEY_ACCOUNT'] }));
    expect(decision.rule?.id).toBe('r1');
    expect(decision.reasons).toEqual(['customer is KEY_ACCOUNT']);
  });

  it('matches a category through its ancestors and says so', () => {
    const decision = routeTicket(rules, facts({ kind: 'COMPLAINT', categoryLineage: [{ id: 'cat-broken-screen', name: 'Broken screen' }, { id: 'cat-damaged', name: 'Damaged product' }] }));
    expect(decision.rule?.id).toBe('r2');
    expect(decision.reasons).toEqual(['category is under Damaged product']);
  });

  it('needs every condition of a rule: a complaint by e-mail is not a complaint by phone', () => {
    expect(routeTicket(rules, facts({ kind: 'COMPLAINT', channel: 'EMAIL' })).rule).toBeNull();
    expect(routeTicket(rules, facts({ kind: 'CLAIM', channel: 'PHONE' })).reasons).toEqual(['kind is CLAIM', 'channel is PHONE']);
  });

  it('lets a rule without conditions catch every ticket', () => {
    const catchAll: RoutingRuleSpec = { id: 'r9', name: 'Everything else', position: 9, conditions: {}, queueId: 'general', priority: null };
    expect(routeTicket([...rules, catchAll], facts()).rule?.id).toBe('r9');
  });

  it('explains the outcome in one sentence', () => {
    const decision = routeTicket(rules, facts({}, { audiences: ['KEY_ACCOUNT'] }));
    expect(explainRouting(decision, { queueName: 'Key accounts desk', priority: 'HIGH', chosenBy: { queue: 'rule', priority: 'rule' } })).toBe(
      'Rule "Key accounts" (position 1) matched: customer is KEY_ACCOUNT. Queue Key accounts desk by the rule; priority HIGH by the rule.',
    );
    expect(explainRouting(routeTicket(rules, facts()), { queueName: 'General', priority: 'NORMAL', chosenBy: { queue: 'default', priority: 'default' } })).toBe(
      'No routing rule matched. Queue General by default; priority NORMAL by default.',
    );
  });
});
