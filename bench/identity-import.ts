// The import benchmark (issue 19): files generated the same way every run, imported through the
// command line (`npm run import`, a child process, as an operator runs it) into a freshly seeded
// demo tenant. Reports lines per second and the importer's resident memory (sampled from /proc
// while it runs) at 10,000 lines and at the end, against the budget of 2,000 lines/s.
// Usage: npm run bench:import -- [--rows 100000] [--customers 100000] [--database-url URL] [--keep-database]
// (--keep-database leaves the imported database on the server, to study its statements' plans).
// Without a database URL (or $DATABASE_URL) it runs an embedded PostgreSQL of its own.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { discoverPlugins } from '../src/compose.ts';
import { loadConfig } from '../src/config.ts';
import { withClient, withDatabaseName } from '../src/db/connections.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/db/embedded.ts';
import { prepareDatabase } from '../src/db/prepare.ts';
import { GENERATED_INTERACTIONS_MAPPING, GENERATED_MAPPING, writeGeneratedCustomers, writeGeneratedInteractions } from '../plugins/identity/tests/support-import-file.ts';

const BUDGET_LINES_PER_SECOND = 2_000;
const CAPPED_HEAP_MB = 96;
const repo = resolve(import.meta.dirname, '..');

interface Run {
  label: string;
  lines: number;
  seconds: number;
  linesPerSecond: number;
  rssAt10kMb: number | null;
  rssPeakMb: number;
  rssEndMb: number;
  counts: Record<string, number>;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' }, customers: { type: 'string', default: '100000' }, 'database-url': { type: 'string' }, 'keep-database': { type: 'boolean', default: false } } });
  const rows = Number(values.rows);
  const customers = Number(values.customers);
  const work = await mkdtemp(join(tmpdir(), 'nexo-bench-import-'));
  let embedded: EmbeddedDatabase | undefined;
  let serverUrl = values['database-url'] ?? process.env.DATABASE_URL;
  if (!serverUrl) {
    console.error('Starting an embedded PostgreSQL …');
    embedded = await startEmbeddedPostgres({ dataDir: join(work, 'pg'), ephemeral: true });
    serverUrl = embedded.adminUrl;
  }
  const name = `nexo_bench_import_${randomBytes(4).toString('hex')}`;
  await withClient(withDatabaseName(serverUrl, 'postgres'), (admin) => admin.query(`CREATE DATABASE ${name}`));
  const ownerUrl = withDatabaseName(serverUrl, name);
  const env = { NODE_ENV: 'production', DATABASE_URL: ownerUrl, NEXO_DATA_DIR: join(work, 'data'), LOG_LEVEL: 'silent', PATH: process.env.PATH ?? '' };
  try {
    console.error(`Seeding the demo tenant in ${name} …`);
    const config = loadConfig({ ...env, NEXO_SEED_DEMO: 'true' });
    await prepareDatabase(config, await discoverPlugins(config), { log: () => {}, progress: false });
    const owner = new pg.Client({ connectionString: ownerUrl });
    await owner.connect();
    owner.on('error', (error) => console.error(`owner connection lost: ${error.message}`));
    await owner.query(`SET app.tenant_id = 'demo'`);
    const refs = (await owner.query<{ externalId: string }>(`SELECT r."externalId" FROM "ExternalRef" r JOIN "Customer" c ON c.id = r."customerId" AND c."archivedAt" IS NULL WHERE r."tenantId" = 'demo' AND r.source = 'erp' ORDER BY 1`)).rows.map((row) => row.externalId);

    const interactionsFile = join(work, 'interactions.csv');
    await writeGeneratedInteractions(interactionsFile, rows, refs, 'bench');
    const interactionArgs = ['--kind', 'interactions', '--map', GENERATED_INTERACTIONS_MAPPING, '--source', 'bench', '--customer-source', 'erp', interactionsFile];
    const runs: Run[] = [];
    runs.push(await measure(`${rows.toLocaleString('en-US')} interactions`, interactionArgs, env, owner));
    runs.push(await measure(`the same ${rows.toLocaleString('en-US')} again (all unchanged)`, interactionArgs, env, owner));
    // V8 grows its heap while memory is free; a capped heap shows what the import itself keeps.
    const cappedFile = join(work, 'interactions-capped.csv');
    await writeGeneratedInteractions(cappedFile, rows, refs, 'capped');
    runs.push(await measure(`${rows.toLocaleString('en-US')} other interactions, heap capped at ${CAPPED_HEAP_MB} MB`, [...interactionArgs.slice(0, -1), cappedFile], env, owner, [`--max-old-space-size=${CAPPED_HEAP_MB}`]));
    if (customers > 0) {
      const customersFile = join(work, 'customers.csv');
      await writeGeneratedCustomers(customersFile, customers);
      runs.push(await measure(`${customers.toLocaleString('en-US')} new customers (each matched)`, ['--kind', 'customers', '--map', GENERATED_MAPPING, '--source', 'bench', '--default-country', 'ES', customersFile], env, owner));
    }
    await owner.end();

    console.log('\n| import | lines | seconds | lines/s | RSS at 10k lines | RSS peak | RSS at end | counts |\n|---|---|---|---|---|---|---|---|');
    for (const run of runs) {
      const counts = Object.entries(run.counts).filter(([, count]) => count > 0).map(([key, count]) => `${count.toLocaleString('en-US')} ${key}`).join(', ');
      console.log(`| ${run.label} | ${run.lines.toLocaleString('en-US')} | ${run.seconds.toFixed(1)} | ${Math.round(run.linesPerSecond).toLocaleString('en-US')} | ${run.rssAt10kMb?.toFixed(0) ?? '–'} MB | ${run.rssPeakMb.toFixed(0)} MB | ${run.rssEndMb.toFixed(0)} MB | ${counts} |`);
    }
    // The capped-heap run shows memory, not speed; every other import is held to the budget.
    const judged = runs.filter((run) => !run.label.includes('heap capped'));
    const slow = judged.filter((run) => run.linesPerSecond < BUDGET_LINES_PER_SECOND);
    for (const run of judged) console.log(`${run.linesPerSecond >= BUDGET_LINES_PER_SECOND ? 'Within' : 'OVER'} budget: ${Math.round(run.linesPerSecond).toLocaleString('en-US')} lines/s for ${run.label} (budget ≥ ${BUDGET_LINES_PER_SECOND.toLocaleString('en-US')})`);
    const first = runs[0]!;
    console.log(`Memory: RSS ${first.rssAt10kMb?.toFixed(0) ?? '–'} MB at 10k lines, ${first.rssEndMb.toFixed(0)} MB at ${first.lines.toLocaleString('en-US')} (${first.label})`);
    const ok = slow.length === 0;
    return ok ? 0 : 1;
  } finally {
    if (values['keep-database'] && !embedded) console.error(`Kept the database ${name}.`);
    else await withClient(withDatabaseName(serverUrl, 'postgres'), (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).catch(() => {});
    await embedded?.stop();
    await rm(work, { recursive: true, force: true });
  }
}

/** Runs the command line on a file, sampling its resident memory and the job's checkpoint every 50 ms. */
async function measure(label: string, args: readonly string[], env: Record<string, string>, owner: pg.Client, nodeOptions: string[] = []): Promise<Run> {
  console.error(`Importing ${label} …`);
  const child = spawn(process.execPath, [...nodeOptions, join(repo, 'scripts/import.ts'), '--batch-size', '500', ...args], { cwd: repo, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr.on('data', (chunk) => (output += String(chunk)));
  const exited = new Promise<number | null>((done) => child.on('exit', done));
  let jobId = '';
  let rssAt10k: number | null = null;
  let rssPeak = 0;
  let rssLast = 0;
  let running = true;
  void exited.then(() => (running = false));
  while (running) {
    const rss = await residentMb(child.pid!);
    if (rss !== null) {
      rssLast = rss;
      rssPeak = Math.max(rssPeak, rss);
    }
    jobId ||= /Import ([0-9a-f-]{36})/.exec(output)?.[1] ?? '';
    if (jobId && rssAt10k === null && rss !== null) {
      const { rows } = await owner.query<{ checkpointLine: number }>(`SELECT "checkpointLine" FROM "ImportJob" WHERE id = $1::uuid`, [jobId]);
      if ((rows[0]?.checkpointLine ?? 0) >= 10_000) rssAt10k = rss;
    }
    await new Promise((done) => setTimeout(done, 50));
  }
  if ((await exited) !== 0) throw new Error(`The import failed:\n${output}`);
  const { rows } = await owner.query<{ lines: number; seconds: number; created: number; updated: number; unchanged: number; held: number; rejected: number }>(
    `SELECT "checkpointLine" - 1 AS lines, EXTRACT(EPOCH FROM "finishedAt" - "startedAt")::float8 AS seconds, created, updated, unchanged, held, rejected FROM "ImportJob" WHERE id = $1::uuid`,
    [jobId],
  );
  const job = rows[0]!;
  console.error(`  ${job.lines.toLocaleString('en-US')} lines in ${job.seconds.toFixed(1)} s, ${Math.round(job.lines / job.seconds).toLocaleString('en-US')} lines/s; RSS ${rssAt10k?.toFixed(0) ?? '–'} MB at 10k lines, peak ${rssPeak.toFixed(0)} MB, ${rssLast.toFixed(0)} MB at the end`);
  return {
    label,
    lines: job.lines,
    seconds: job.seconds,
    linesPerSecond: job.lines / job.seconds,
    rssAt10kMb: rssAt10k,
    rssPeakMb: rssPeak,
    rssEndMb: rssLast,
    counts: { created: job.created, updated: job.updated, unchanged: job.unchanged, held: job.held, rejected: job.rejected },
  };
}

/** VmRSS of a process, in MB; null once it is gone. */
async function residentMb(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  return 1;
});
