import type { RfmCell } from '../store/enums.ts';

/**
 * The RFM grid: recency score (rows, 5 = bought most recently) against FM, the average of the
 * frequency and monetary scores rounded down (columns 1–5). Each score is the customer's quintile
 * within the tenant: ⌈5 × cume_dist⌉ of the value ordered so that better is higher, so customers
 * with equal values always share a score.
 */
export const RFM_GRID: Readonly<Record<1 | 2 | 3 | 4 | 5, readonly [RfmCell, RfmCell, RfmCell, RfmCell, RfmCell]>> = {
  5: ['NEW_CUSTOMERS', 'POTENTIAL_LOYALISTS', 'POTENTIAL_LOYALISTS', 'CHAMPIONS', 'CHAMPIONS'],
  4: ['PROMISING', 'POTENTIAL_LOYALISTS', 'POTENTIAL_LOYALISTS', 'LOYAL', 'CHAMPIONS'],
  3: ['ABOUT_TO_SLEEP', 'ABOUT_TO_SLEEP', 'NEEDS_ATTENTION', 'LOYAL', 'LOYAL'],
  2: ['HIBERNATING', 'HIBERNATING', 'AT_RISK', 'AT_RISK', 'CANNOT_LOSE'],
  1: ['LOST', 'LOST', 'AT_RISK', 'AT_RISK', 'CANNOT_LOSE'],
};

/** The cell of a customer's three scores. */
export function rfmCellOf(recency: number, frequency: number, monetary: number): RfmCell {
  const fm = Math.floor((frequency + monetary) / 2) as 1 | 2 | 3 | 4 | 5;
  return RFM_GRID[recency as 1 | 2 | 3 | 4 | 5][fm - 1]!;
}

/** Where each cell sits in the grid, in words (the enum's descriptions). */
export function rfmCellPlaces(): Record<RfmCell, string> {
  const places = new Map<RfmCell, string[]>();
  for (const [recency, row] of Object.entries(RFM_GRID)) {
    row.forEach((cell, index) => places.set(cell, [...(places.get(cell) ?? []), `R${recency}·FM${index + 1}`]));
  }
  return Object.fromEntries([...places].map(([cell, where]) => [cell, where.join(', ')])) as Record<RfmCell, string>;
}
