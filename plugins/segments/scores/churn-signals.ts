import { checkCondition, type CheckedCondition, type ConditionProblem, type CustomerFact, type FactConditionInput } from '../../../src/plugin-api.ts';
import { COMPLAINT_WINDOW_DAYS } from './churn-risk.ts';

/** The customer facts churn risk reads; the tickets area's are null when it is not enabled. */
export interface ChurnFacts {
  recentComplaints: CheckedCondition;
  lastComplaintAt: CheckedCondition;
  openTickets: CheckedCondition | null;
  lastComplaintTicketAt: CheckedCondition | null;
}

const complaintsWithinWindow = { filters: [{ name: 'kind', values: ['COMPLAINT'] }], window: { lastDays: COMPLAINT_WINDOW_DAYS } };

/** The conditions whose values are the churn signals (the operator is only there to make them conditions). */
export function churnFacts(facts: ReadonlyMap<string, CustomerFact>): ChurnFacts {
  const read = (input: FactConditionInput): CheckedCondition => {
    const problems: ConditionProblem[] = [];
    const checked = checkCondition(input, facts, 'churn', problems);
    if (!checked) throw new Error(`The churn signal ${input.fact} cannot be read: ${problems.map((problem) => problem.message).join(' ')}`);
    return checked;
  };
  const optional = (input: FactConditionInput) => (facts.has(input.fact) ? read(input) : null);
  return {
    recentComplaints: read({ fact: 'interactions.count', operator: 'IS_SET', ...complaintsWithinWindow }),
    lastComplaintAt: read({ fact: 'interactions.lastAt', operator: 'IS_SET', ...complaintsWithinWindow }),
    openTickets: optional({ fact: 'tickets.open', operator: 'IS_SET' }),
    lastComplaintTicketAt: optional({ fact: 'tickets.lastComplaintAt', operator: 'IS_SET' }),
  };
}
