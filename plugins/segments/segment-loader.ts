import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import type { Context, Prisma } from '../../src/plugin-api.ts';
import { viewerOf } from '../../src/plugin-api.ts';

/** A row of the Segment table, as the `Segment` node resolves it. */
export type SegmentRow = Prisma.SegmentModel;

const segmentLoader = createContextCache(
  (context: Context) =>
    new DataLoader<string, SegmentRow | null>(async (ids) => {
      const rows = await context.db.segment.findMany({ where: { tenantId: viewerOf(context).tenantId, id: { in: [...ids] } } });
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
);

/**
 * The segment a row of another area points at, by its row id (archived ones too, with their
 * archivedAt): the segments of every row a request shows come in one statement. Null when the
 * viewer's tenant has no such segment.
 */
export function loadSegment(context: Context, id: string): Promise<SegmentRow | null> {
  return segmentLoader(context).load(id);
}
