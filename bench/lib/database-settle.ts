import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { phase } from './progress.ts';

async function withOwner<T>(ownerUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * After a bulk load, as any operator would: fresh statistics and a visibility map, so that neither
 * side meets autovacuum or a planner without statistics mid-run. Returns the tenant's row counts.
 */
export async function vacuumAnalyze(ownerUrl: string, tenant: string): Promise<{ customers: number; interactions: number; events: number }> {
  return withOwner(ownerUrl, async (client) => {
    await client.query('VACUUM (ANALYZE)');
    // RLS is forced even on the owner (unless it is a superuser, which sees every tenant): set the tenant, and filter by it.
    await client.query('BEGIN');
    await client.query("SELECT set_config('app.tenant_id', $1, true)", [tenant]);
    const { rows } = await client.query<{ customers: number; interactions: number; events: number }>(
      `SELECT (SELECT count(*) FROM "Customer" WHERE "tenantId" = $1)::int AS customers,
              (SELECT count(*) FROM "Interaction" WHERE "tenantId" = $1)::int AS interactions,
              (SELECT count(*) FROM "OutboxEvent" WHERE "tenantId" = $1)::int AS events`,
      [tenant],
    );
    await client.query('COMMIT');
    return rows[0]!;
  });
}

/** Dirty page-cache data waiting to be written to disk, KiB (Linux). */
function dirtyKiB(): number {
  const match = /^Dirty:\s+(\d+) kB$/m.exec(readFileSync('/proc/meminfo', 'utf8'));
  return match ? Number(match[1]) : 0;
}

/**
 * Writes out what earlier work left dirty, so that a workload does not pay for the one before it:
 * a CHECKPOINT (skipped when the role may not run one), and, when PostgreSQL runs on this machine,
 * waiting until the kernel has written most dirty pages (a process writing a file — the server's
 * log — is throttled while the disk catches up).
 */
export async function settleDisk(ownerUrl: string, options: { local: boolean; label?: string; timeoutMs?: number }): Promise<void> {
  await withOwner(ownerUrl, (client) => client.query('CHECKPOINT')).catch(() => {});
  if (!options.local) return;
  const settledKiB = 64 * 1024;
  const initial = dirtyKiB();
  if (initial <= settledKiB) return;
  const progress = options.label ? phase(options.label, Math.round(initial / 1024)) : null;
  const deadline = performance.now() + (options.timeoutMs ?? 120_000);
  let dirty = initial;
  while (dirty > settledKiB && performance.now() < deadline) {
    await sleep(250);
    dirty = dirtyKiB();
    progress?.update(Math.max(0, Math.round((initial - dirty) / 1024)), `MiB written (${Math.round(dirty / 1024)} MiB dirty)`);
  }
  progress?.finish(`${Math.round((initial - dirty) / 1024)} MiB written out, ${Math.round(dirty / 1024)} MiB still dirty`);
}
