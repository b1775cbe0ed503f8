import type pg from 'pg';

// Helpers of the interactions area's tests. This file is not a test itself, so it needs nothing from tests/.

/** A global id as the API encodes it: base64 of "Type:rowId". */
export function globalIdOf(typename: string, rowId: string): string {
  return Buffer.from(`${typename}:${rowId}`).toString('base64');
}

/** The global id of a customer row of kind PERSON or ORGANIZATION. */
export function customerGlobalIdOf(kind: string, rowId: string): string {
  return globalIdOf(kind === 'PERSON' ? 'Person' : 'Organization', rowId);
}

/** Interactions and interaction events of every tenant: a refused request must leave both as they were. */
export async function interactionCounts(owner: pg.Client): Promise<{ interactions: number; events: number }> {
  const { rows } = await owner.query<{ interactions: number; events: number }>(
    `SELECT (SELECT count(*)::int FROM "Interaction") AS interactions,
            (SELECT count(*)::int FROM "OutboxEvent" WHERE topic = 'interaction.recorded') AS events`,
  );
  return rows[0]!;
}
