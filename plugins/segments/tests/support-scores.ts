import type pg from 'pg';
import { tenantRows } from './support.ts';

// Independent computations for the score tests: the BG/NBD and Gamma-Gamma closed forms written out
// here from the papers (with the Gauss series for ₂F₁), quintiles in plain TypeScript, and purchase
// histories read from the interactions with SQL of the test's own. Nothing here imports the scores code.

const DAY_MS = 86_400_000;

/** A customer's purchases in one currency, read straight from "Interaction". */
export interface TestHistory {
  customerId: string;
  purchases: number;
  total: number;
  first: Date;
  last: Date;
  /** Mean of all purchases but the first (by time, then id). */
  averageRepeatValue: number | null;
}

export async function purchaseHistories(owner: pg.Client, tenantId: string, currency: string, until: Date): Promise<Map<string, TestHistory>> {
  const rows = await tenantRows<{ customerId: string; amounts: string[]; times: Date[] }>(
    owner,
    tenantId,
    `SELECT "customerId"::text AS "customerId", array_agg(amount::text ORDER BY "occurredAt", id) AS amounts, array_agg("occurredAt" ORDER BY "occurredAt", id) AS times
     FROM "Interaction" WHERE "tenantId" = $1 AND kind = 'PURCHASE' AND currency = $2 AND amount IS NOT NULL AND "occurredAt" <= $3::timestamp(3)
     GROUP BY "customerId"`,
    [tenantId, currency, until],
  );
  return new Map(
    rows.map((row) => {
      const amounts = row.amounts.map(Number);
      const repeat = amounts.slice(1);
      return [
        row.customerId,
        {
          customerId: row.customerId,
          purchases: amounts.length,
          total: amounts.reduce((sum, amount) => sum + amount, 0),
          first: row.times[0]!,
          last: row.times.at(-1)!,
          averageRepeatValue: repeat.length ? repeat.reduce((sum, amount) => sum + amount, 0) / repeat.length : null,
        },
      ];
    }),
  );
}

/** x, tx and T in days at `now`. */
export function inDays(history: TestHistory, now: Date) {
  return {
    x: history.purchases - 1,
    tx: (history.last.getTime() - history.first.getTime()) / DAY_MS,
    T: (now.getTime() - history.first.getTime()) / DAY_MS,
  };
}

/** ⌈5k/n⌉ with k the values at most as good as `mine` (better is higher), in integers. */
export function quintile(values: readonly number[], mine: number): number {
  const atMostAsGood = values.filter((value) => value <= mine).length;
  return Math.ceil((5 * atMostAsGood) / values.length - 1e-12);
}

/** Gauss's hypergeometric series ₂F₁(a, b; c; z) for 0 ≤ z < 1, summed until the terms stop mattering. */
export function hypergeometric(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let n = 0; n < 1_000_000; n++) {
    term *= ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.abs(sum) && n > 10) return sum;
  }
  throw new Error('the hypergeometric series did not converge');
}

export interface BgNbd {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** Fader, Hardie & Lee (2005), eq. 13: P(alive | x, tx, T). */
export function probabilityAlive({ r, alpha, a, b }: BgNbd, { x, tx, T }: { x: number; tx: number; T: number }): number {
  if (x === 0) return 1;
  return 1 / (1 + (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x));
}

/** Fader, Hardie & Lee (2005), eq. 10: E[Y(t) | x, tx, T]. */
export function expectedPurchases(model: BgNbd, t: number, history: { x: number; tx: number; T: number }): number {
  const { r, alpha, a, b } = model;
  const { x, T } = history;
  const bracket = 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hypergeometric(r + x, b + x, a + b + x - 1, t / (alpha + T + t));
  return (((a + b + x - 1) / (a - 1)) * bracket) * probabilityAlive(model, history);
}

/** Fader & Hardie (2013), eq. 5: E[value of a purchase | x, mean repeat value]. */
export function expectedPurchaseValue({ p, q, gamma }: { p: number; q: number; gamma: number }, x: number, mean: number | null): number {
  const population = (p * gamma) / (q - 1);
  if (x === 0 || mean === null || mean <= 0) return population;
  return ((q - 1) / (p * x + q - 1)) * population + ((p * x) / (p * x + q - 1)) * mean;
}

export const SCORE_FIELDS = /* GraphQL */ `
  recencyScore frequencyScore monetaryScore rfmCell recencyDays purchases monetaryValue currency
  historicalValue { currency amount } predictedPurchases predictedValue probabilityAlive churnRisk
  churnReasons { code text } method computedAt explanation
`;

export const VALUE_MODEL = /* GraphQL */ `
  query ValueModel {
    valueModel {
      currency method fallbackReason reason customers repeatBuyers horizonDays fittedAt nextScoringAt
      purchaseModel { r alpha a b logLikelihood }
      spendModel { p q gamma meanPurchaseValue logLikelihood }
      fallbackPattern { pooledRepeatRate averageRepeatValue }
    }
  }
`;

export const CUSTOMER_SCORE = /* GraphQL */ `
  query CustomerScore($id: ID!) { node(id: $id) { ... on Customer { score { ${SCORE_FIELDS} } } } }
`;
