import type { Context } from '../../../src/plugin-api.ts';
import type { AttributionModel } from '../store/attribution-credits.ts';
import { liftSums, type LiftGroup } from '../store/return-lift.ts';
import { attributedToCampaign, campaignCosts, recipientCounts } from '../store/return-performance.ts';
import { centsText, returnOnCost } from './cents.ts';
import { meanDifference, proportionDifference, scaled, type Estimate } from './lift-interval.ts';

export interface AmountInCurrency {
  currency: string;
  amount: string;
}

export interface RevenueLift {
  currency: string;
  contactedPerCustomer: number;
  controlPerCustomer: number;
  difference: Estimate | null;
  incrementalRevenue: Estimate | null;
}

export interface CampaignLift {
  contactedCustomers: number;
  controlCustomers: number;
  contactedConversions: number;
  controlConversions: number;
  contactedRate: number | null;
  controlRate: number | null;
  rateDifference: Estimate | null;
  incrementalConversions: Estimate | null;
  revenue: RevenueLift[];
}

export interface CurrencyRoi {
  currency: string;
  attributed: number | null;
  incremental: number | null;
}

export interface CampaignPerformance {
  contacted: number;
  control: number;
  excluded: number;
  conversions: number;
  attributedRevenue: AmountInCurrency[];
  lift: CampaignLift;
  cost: AmountInCurrency[];
  roi: CurrencyRoi[];
}

/** A campaign's measured return under `model`; `runId` narrows the counts and the lift to one run. */
export async function campaignPerformance(context: Context, campaignId: string, model: AttributionModel, runId: string | null, withDeals: boolean): Promise<CampaignPerformance> {
  const counts = await recipientCounts(context.sql, campaignId, runId);
  const attributed = await attributedToCampaign(context.sql, campaignId, model, withDeals);
  const costs = await campaignCosts(context.sql, campaignId);
  const lift = liftOf(await liftSums(context.sql, campaignId, runId, withDeals));
  const currencies = [...new Set([...attributed.revenue.map((row) => row.currency), ...costs.map((row) => row.currency), ...lift.revenue.map((row) => row.currency)])].sort();
  const units = (rows: { currency: string; cents: string }[], currency: string) => Number(rows.find((row) => row.currency === currency)?.cents ?? 0) / 100;
  return {
    ...counts,
    conversions: attributed.conversions,
    attributedRevenue: attributed.revenue.map((row) => ({ currency: row.currency, amount: centsText(row.cents) })),
    lift,
    cost: costs.map((row) => ({ currency: row.currency, amount: centsText(row.cents) })),
    roi: currencies.map((currency) => {
      const cost = units(costs, currency);
      const incremental = lift.revenue.find((row) => row.currency === currency)?.incrementalRevenue?.estimate;
      return {
        currency,
        attributed: returnOnCost(units(attributed.revenue, currency), cost),
        incremental: incremental === undefined ? null : returnOnCost(incremental, cost),
      };
    }),
  };
}

/** Rates, their difference with its interval, and the revenue lift per currency, from the SQL sums. */
function liftOf(sums: { contacted: LiftGroup; control: LiftGroup }): CampaignLift {
  const { contacted, control } = sums;
  const rateDifference = proportionDifference({ successes: contacted.converted, trials: contacted.customers }, { successes: control.converted, trials: control.customers });
  const currencies = [...new Set([...contacted.revenue, ...control.revenue].map((row) => row.currency))].sort();
  const moments = (group: LiftGroup, currency: string) => {
    const row = group.revenue.find((revenue) => revenue.currency === currency);
    return { n: group.customers, sum: Number(row?.sum ?? 0), sumOfSquares: Number(row?.sumOfSquares ?? 0) };
  };
  return {
    contactedCustomers: contacted.customers,
    controlCustomers: control.customers,
    contactedConversions: contacted.converted,
    controlConversions: control.converted,
    contactedRate: contacted.customers > 0 ? contacted.converted / contacted.customers : null,
    controlRate: control.customers > 0 ? control.converted / control.customers : null,
    rateDifference,
    incrementalConversions: rateDifference && scaled(rateDifference, contacted.customers),
    revenue: currencies.map((currency) => {
      const treated = moments(contacted, currency);
      const held = moments(control, currency);
      const difference = meanDifference(treated, held);
      return {
        currency,
        contactedPerCustomer: treated.n > 0 ? treated.sum / treated.n : 0,
        controlPerCustomer: held.n > 0 ? held.sum / held.n : 0,
        difference,
        incrementalRevenue: difference && scaled(difference, contacted.customers),
      };
    }),
  };
}
