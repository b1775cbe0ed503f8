import type { CustomerPopulation, Sql } from '../../../src/plugin-api.ts';
import { FactStatement } from '../../../src/plugin-api.ts';
import type { ChurnSignals } from '../scores/churn-risk.ts';
import type { ChurnFacts } from '../scores/churn-signals.ts';

/**
 * The churn signals of the customers who have any (of `customers`, or everyone), read through the
 * customer facts in ONE statement: complaints, open tickets and the last complaint ticket, whatever
 * areas keep them.
 */
export async function readChurnSignals(
  sql: Sql,
  population: CustomerPopulation,
  facts: ChurnFacts,
  now: Date,
  customers: readonly string[] | null,
): Promise<Map<string, ChurnSignals>> {
  const statement = new FactStatement(population, now, { customers });
  const complaints = statement.valueOf(facts.recentComplaints);
  const lastComplaint = statement.valueOf(facts.lastComplaintAt);
  const openTickets = facts.openTickets ? `(${statement.valueOf(facts.openTickets)})::int` : 'NULL::int';
  const lastTicket = facts.lastComplaintTicketAt ? statement.valueOf(facts.lastComplaintTicketAt) : 'NULL::timestamp(3)';
  const rows = await sql.query<ChurnSignals & { customerId: string }>(
    `SELECT ${statement.customerId}::text AS "customerId", (${complaints})::int AS "recentComplaints", ${lastComplaint} AS "lastComplaintAt",
            ${openTickets} AS "openTickets", ${lastTicket} AS "lastComplaintTicketAt"
     FROM ${statement.from}
     WHERE ${statement.populationCondition} AND ((${complaints}) > 0 OR COALESCE(${openTickets} > 0, false) OR ${lastTicket} IS NOT NULL)`,
    statement.values,
  );
  return new Map(rows.map(({ customerId, ...signals }) => [customerId, signals]));
}
