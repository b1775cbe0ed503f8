import type { Prisma } from '../../../src/plugin-api.ts';
import { Decimal, newRowId } from '../../../src/plugin-api.ts';
import type { ValidInteraction } from '../interaction-inputs.ts';

export type InteractionRow = Prisma.InteractionModel;

/** A row of "Interaction" as `context.sql` reads it: numeric arrives as text. */
export type StoredInteraction = Omit<InteractionRow, 'amount'> & { amount: string | null };

/** The row as Prisma would read it, so every resolver sees one shape whichever way the row came. */
export function interactionFromStored(row: StoredInteraction): InteractionRow {
  return { ...row, amount: row.amount === null ? null : new Decimal(row.amount) };
}

/** The row an accepted input becomes, for a customer already found. */
export function newInteractionRow(tenantId: string, customerId: string, input: ValidInteraction, recordedAt: Date): InteractionRow {
  return {
    id: newRowId(),
    tenantId,
    customerId,
    channel: input.channel,
    direction: input.direction,
    kind: input.kind,
    occurredAt: input.occurredAt,
    summary: input.summary,
    agentId: input.agentId,
    metadata: input.metadata as InteractionRow['metadata'],
    amount: input.amount === null ? null : new Decimal(input.amount),
    currency: input.currency,
    productLines: input.productLines as InteractionRow['productLines'],
    surveyScore: input.surveyScore,
    source: input.source,
    externalId: input.externalId,
    recordedAt,
  };
}

/** What makes an interaction the same one twice: its id in the system it came from. */
export function interactionSourceKey(source: string, externalId: string): string {
  return `${source}\u0000${externalId}`;
}
