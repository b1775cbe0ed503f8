import { base, en, es, Faker } from '@faker-js/faker';
import type pg from 'pg';
import { seedContextFor } from '../../src/db/seed.ts';
import type { Plugin } from '../../src/plugin-api.ts';

/**
 * Seeds `tenantId` with `plugins` (each with its own faker seed, then each one's finish) on the owner's connection, reads
 * what the test wants with `read`, and rolls everything back: a seed's output, without a server.
 */
export async function seedTenantThenRollBack<T>(
  owner: pg.ClientBase,
  options: { tenantId: string; customers: number; now: Date; plugins: readonly (readonly [Plugin, number])[] },
  read: () => Promise<T>,
): Promise<T> {
  const { tenantId, customers, now, plugins } = options;
  await owner.query('BEGIN');
  try {
    await owner.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
    await owner.query('INSERT INTO "Tenant" (id, name) VALUES ($1, $1)', [tenantId]);
    const seeded = plugins.map(([plugin]) => plugin);
    const progress = { step: () => {}, advance: () => {} };
    const contextOf = (seed: number) =>
      seedContextFor(owner as pg.PoolClient, { tenantId, customers, faker: new Faker({ locale: [es, en, base], seed, config: { defaultRefDate: () => new Date(now) } }), plugins: seeded, now, progress });
    for (const [plugin, seed] of plugins) await plugin.seed!(contextOf(seed));
    // As the demo seed does: each area brings what it derives to the end of everyone's history.
    for (const [plugin, seed] of plugins) await plugin.finishSeed?.(contextOf(seed));
    return await read();
  } finally {
    await owner.query('ROLLBACK');
  }
}
