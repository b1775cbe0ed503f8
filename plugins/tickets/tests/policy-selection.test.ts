import { describe, expect, it } from 'vitest';
import { selectPolicy, type PolicyCandidate } from '../sla/policy-selection.ts';

const policy = (id: string, fields: Partial<PolicyCandidate>): PolicyCandidate => ({ id, priority: 'NORMAL', kind: null, categoryId: null, active: true, ...fields });
const policies = [
  policy('general-normal', {}),
  policy('general-high', { priority: 'HIGH' }),
  policy('complaints', { kind: 'COMPLAINT' }),
  policy('damaged', { categoryId: 'damaged' }),
  policy('screens', { categoryId: 'broken-screen' }),
  policy('retired', { kind: 'CLAIM', active: false }),
];

describe('SLA policy selection', () => {
  it('takes the closest category first, then the kind, then the general policy of the priority', () => {
    expect(selectPolicy(policies, { priority: 'NORMAL', kind: 'COMPLAINT', categoryLineage: ['broken-screen', 'damaged'] })?.id).toBe('screens');
    expect(selectPolicy(policies, { priority: 'NORMAL', kind: 'COMPLAINT', categoryLineage: ['scratched', 'damaged'] })?.id).toBe('damaged');
    expect(selectPolicy(policies, { priority: 'NORMAL', kind: 'COMPLAINT', categoryLineage: ['late-delivery'] })?.id).toBe('complaints');
    expect(selectPolicy(policies, { priority: 'NORMAL', kind: 'QUERY', categoryLineage: ['opening-hours'] })?.id).toBe('general-normal');
  });

  it('never applies another priority, nor an inactive policy', () => {
    expect(selectPolicy(policies, { priority: 'HIGH', kind: 'COMPLAINT', categoryLineage: ['damaged'] })?.id).toBe('general-high');
    expect(selectPolicy(policies, { priority: 'NORMAL', kind: 'CLAIM', categoryLineage: ['refund'] })?.id).toBe('general-normal');
    expect(selectPolicy(policies, { priority: 'LOW', kind: 'QUERY', categoryLineage: [] })).toBeNull();
  });
});
