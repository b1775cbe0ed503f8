import type { SeedContext } from '../../../src/plugin-api.ts';

/** The outbox's last position: the seeded history's events are numbered after every event already there. */
export async function lastEventPosition(context: SeedContext): Promise<bigint> {
  const { rows } = await context.sql.query<{ last: string }>(`SELECT COALESCE(MAX(position), 0)::text AS last FROM "OutboxEvent"`);
  return BigInt(rows[0]!.last);
}
