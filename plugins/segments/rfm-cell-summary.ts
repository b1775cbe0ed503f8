import type { Builder } from '../../src/plugin-api.ts';
import type { SegmentEnums } from './enums.ts';
import { parseSegmentId } from './ids.ts';
import { READ } from './segment.ts';
import { rfmDistribution, segmentValue, type RfmCellRow, type SegmentValueRow } from './store/segment-kpis.ts';

/** `RfmCellSummary` with the `rfmDistribution` query, and `SegmentValue` with `Segment.value`. */
export function registerRfmCellSummary(builder: Builder, enums: SegmentEnums): void {
  const Summary = builder.objectRef<RfmCellRow>('RfmCellSummary').implement({
    description: 'The scored customers of one RFM cell.',
    fields: (t) => ({
      cell: t.field({ type: enums.Cell, description: 'The RFM cell these customers fall in.', resolve: (row) => row.cell as never }),
      customers: t.exposeInt('customers', { description: 'Customers in it.' }),
      monetaryValue: t.exposeString('monetaryValue', { description: 'What they spent, in their scoring currency (a decimal as text).' }),
      predictedValue: t.exposeString('predictedValue', { description: 'What they are predicted to spend over the next 12 months (a decimal as text).' }),
    }),
  });

  builder.queryField('rfmDistribution', (t) =>
    t.field({
      type: [Summary],
      authScopes: READ,
      description: 'How scored customers spread over the RFM cells, with their value; of one segment’s members when `segmentId` is given.',
      args: { segmentId: t.arg.id({ description: 'Only the current members of this segment.' }) },
      resolve: (_root, args, context) => rfmDistribution(context.sql, args.segmentId ? parseSegmentId(args.segmentId, ['segmentId']) : null),
    }),
  );

  const Value = builder.objectRef<SegmentValueRow>('SegmentValue').implement({
    description: "A segment's current members' value in one scoring currency.",
    fields: (t) => ({
      currency: t.exposeString('currency', { nullable: true, description: 'ISO 4217; null for members without a score yet.' }),
      members: t.exposeInt('members', { description: 'Current members in this currency.' }),
      scoredMembers: t.exposeInt('scoredMembers', { description: 'Of them, those with a score.' }),
      historicalValue: t.exposeString('historicalValue', { description: 'What they have spent (a decimal as text).' }),
      predictedValue: t.exposeString('predictedValue', { description: 'What they are predicted to spend over the next 12 months (a decimal as text).' }),
    }),
  });

  builder.objectField('Segment', 'value', (t) =>
    t.field({
      type: [Value],
      authScopes: READ,
      description: "The current members' historical and predicted value, per scoring currency.",
      resolve: (segment, _args, context) => segmentValue(context.sql, (segment as { id: string }).id),
    }),
  );
}
