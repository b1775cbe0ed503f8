import type { Prisma } from '../../../src/plugin-api.ts';
import { Decimal } from '../../../src/plugin-api.ts';

export type InteractionRow = Prisma.InteractionModel;

/** A row of "Interaction" as `context.sql` reads it: numeric arrives as text. */
export type StoredInteraction = Omit<InteractionRow, 'amount'> & { amount: string | null };

/** The row as Prisma would read it, so every resolver sees one shape whichever way the row came. */
export function interactionFromStored(row: StoredInteraction): InteractionRow {
  return { ...row, amount: row.amount === null ? null : new Decimal(row.amount) };
}
