import type { Builder, Context, PluginComposition } from '../../../src/plugin-api.ts';
import { ValidationError } from '../../../src/plugin-api.ts';
import { loadSegment, segmentGlobalId } from '../../segments/plugin.ts';
import { campaignGlobalId } from '../ids.ts';
import { READ } from '../permissions.ts';
import type { AttributionModel } from '../store/attribution-credits.ts';
import { attributedByKey, campaignNames, costsByKey, type ReturnGrouping } from '../store/return-report.ts';
import { centsText, returnOnCost } from './cents.ts';
import type { AmountInCurrency, CurrencyRoi } from './campaign-performance.ts';
import type { ReturnTypes } from './performance-types.ts';

const DAY = 86_400_000;
/** The longest period one report reads. */
const MAX_DAYS = 3 * 366;

const GROUPINGS = {
  CAMPAIGN: 'One row per campaign (key: its global id).',
  CHANNEL: "One row per channel of the touches (key: the channel; OTHER for responses through channels no campaign uses); a campaign's costs are split evenly over its channels.",
  SEGMENT: 'One row per audience segment (key: its global id); a campaign for several segments counts in each.',
  MONTH: 'One row per calendar month (UTC) of the conversions and costs (key: "YYYY-MM").',
} as const;

interface ReturnRow {
  key: string;
  label: string;
  conversions: number;
  attributedRevenue: AmountInCurrency[];
  cost: AmountInCurrency[];
  roi: CurrencyRoi[];
}

/** `campaignReturns`: attributed revenue, conversions, cost and ROI per campaign, channel, segment or month. */
export function registerCampaignReturnsReport(builder: Builder, composition: PluginComposition, types: ReturnTypes): void {
  const withDeals = composition.enabledPlugins.has('pipeline');
  const Grouping = builder.enumType('CampaignReturnGrouping', {
    description: 'What the rows of the campaign returns report are.',
    values: Object.fromEntries(Object.entries(GROUPINGS).map(([value, description]) => [value, { description }])) as Record<ReturnGrouping, { description: string }>,
  });
  const Row = builder.objectRef<ReturnRow>('CampaignReturnRow').implement({
    description: 'One row of the campaign returns report.',
    fields: (t) => ({
      key: t.exposeString('key', { description: 'What the row is: a campaign or segment global id, a channel, or a month "YYYY-MM".' }),
      label: t.exposeString('label', { description: 'A name to show: the campaign or segment name, the channel, the month.' }),
      conversions: t.exposeInt('conversions', { description: 'Conversions in the period with a touch of the row in their window.' }),
      attributedRevenue: t.field({ type: [types.Amount], description: "The revenue the model credits to the row's touches, per currency.", resolve: (row) => row.attributedRevenue }),
      cost: t.field({ type: [types.Amount], description: 'Costs incurred in the period, per currency.', resolve: (row) => row.cost }),
      roi: t.field({ type: [types.Roi], description: 'ROI on attributed revenue per currency (incremental is null here).', resolve: (row) => row.roi }),
    }),
  });

  builder.queryField('campaignReturns', (t) =>
    t.field({
      type: [Row],
      authScopes: { permission: READ },
      description: `Measured return of the campaigns over a period (at most ${MAX_DAYS} days): conversions in the period attributed by the model, costs incurred in it, ROI.`,
      args: {
        from: t.arg({ type: 'Date', required: true, description: 'First day (UTC).' }),
        to: t.arg({ type: 'Date', required: true, description: 'Last day (UTC), included.' }),
        model: t.arg({ type: types.AttributionModel, required: true, defaultValue: 'LINEAR', description: 'How revenue is shared among touches (default LINEAR).' }),
        groupBy: t.arg({ type: Grouping, required: true, defaultValue: 'CAMPAIGN', description: 'What the rows are (default CAMPAIGN).' }),
      },
      resolve: (_root, args, context) => {
        if (args.from > args.to) throw ValidationError.at(['from'], 'must not be after `to`');
        if ((args.to.getTime() - args.from.getTime()) / DAY + 1 > MAX_DAYS) throw ValidationError.at(['from'], `the period spans at most ${MAX_DAYS} days`);
        return returnRows(context, args.groupBy, args.model, args.from, new Date(args.to.getTime() + DAY), withDeals);
      },
    }),
  );
}

async function returnRows(context: Context, grouping: ReturnGrouping, model: AttributionModel, from: Date, to: Date, withDeals: boolean): Promise<ReturnRow[]> {
  const attributed = await attributedByKey(context.sql, grouping, model, from, to, withDeals);
  const costs = await costsByKey(context.sql, grouping, from, to);
  const keys = [...new Set([...attributed.map((row) => row.key), ...costs.map((row) => row.key)])].sort();
  const labels = await labelsOf(context, grouping, keys);
  return keys.map((key) => {
    const revenue = attributed.filter((row) => row.key === key);
    const cost = costs.filter((row) => row.key === key);
    const currencies = [...new Set([...revenue, ...cost].map((row) => row.currency))].sort();
    const units = (rows: { currency: string; cents: string }[], currency: string) => Number(rows.find((row) => row.currency === currency)?.cents ?? 0) / 100;
    return {
      key: labels.get(key)?.key ?? key,
      label: labels.get(key)?.label ?? key,
      conversions: revenue.reduce((total, row) => total + row.conversions, 0),
      attributedRevenue: revenue.map((row) => ({ currency: row.currency, amount: centsText(row.cents) })),
      cost: cost.map((row) => ({ currency: row.currency, amount: centsText(row.cents) })),
      roi: currencies.map((currency) => ({ currency, attributed: returnOnCost(units(revenue, currency), units(cost, currency)), incremental: null })),
    };
  });
}

/** Campaigns and segments are shown by name under their global id. */
async function labelsOf(context: Context, grouping: ReturnGrouping, keys: string[]): Promise<Map<string, { key: string; label: string }>> {
  if (grouping === 'CAMPAIGN') {
    const names = await campaignNames(context.sql, keys);
    return new Map(keys.map((id) => [id, { key: campaignGlobalId('Campaign', id), label: names.get(id) ?? id }]));
  }
  if (grouping === 'SEGMENT') {
    const segments = await Promise.all(keys.map((id) => loadSegment(context, id)));
    return new Map(keys.map((id, index) => [id, { key: segmentGlobalId(id), label: segments[index]?.name ?? id }]));
  }
  return new Map();
}
