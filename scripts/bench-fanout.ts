// Fan-out benchmark: commit-to-delivery latency of `Subscription.activity` to many WebSocket
// subscribers, and the server's memory per connection.
// Usage: npm run bench:fanout -- [--quick] [--subscribers 1000] [--events 200] [--rate 20] [--profile]
// The server runs in a child process exactly as `npm start` runs it (NODE_ENV=production), on a
// fresh embedded PostgreSQL, or on a scratch database of DATABASE_URL's server when that is set.
import { writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { fanoutJson, fanoutPassed, printFanoutReport } from '../bench/fanout/report.ts';
import { runFanout, type FanoutOptions } from '../bench/fanout/run.ts';
import { say } from '../bench/lib/progress.ts';
import { fileTimestamp, RESULTS_DIR, writeResult } from '../bench/lib/report.ts';
import { launchNexo, type NexoProcess } from '../bench/lib/server.ts';

const usage = `Usage: npm run bench:fanout -- [options]
  --subscribers N            WebSocket subscribers to \`activity\` (default 1000; 100 with --quick)
  --events M                 events committed, one at a time (default 200; 30 with --quick)
  --rate R                   events per second (default 20)
  --quick                    a run of a few seconds after start-up, for CI
  --profile                  CPU-profile the server while events fan out (a .cpuprofile beside the result)
  --connect-concurrency C    connections opened at once (default 50)
  --settle-ms MS             pause after a garbage collection before memory is read (default 1500; 500 with --quick)
  --database-url URL         run on this PostgreSQL (default: $DATABASE_URL, else an embedded one)`;

class UsageError extends Error {
  override name = 'UsageError';
}

function readOptions(): (FanoutOptions & { databaseUrl: string | undefined }) | null {
  const { values } = parseArgs({
    options: {
      subscribers: { type: 'string' },
      events: { type: 'string' },
      rate: { type: 'string', default: '20' },
      quick: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      'connect-concurrency': { type: 'string', default: '50' },
      'settle-ms': { type: 'string' },
      'database-url': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return null;
  const positive = (name: string, text: string) => {
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0) throw new UsageError(`--${name} must be a positive number, not "${text}"`);
    return value;
  };
  const subscribers = Math.round(positive('subscribers', values.subscribers ?? (values.quick ? '100' : '1000')));
  // Arrivals are counted per subscriber in 16 bits (see DeliveryLog).
  if (subscribers > 65_535) throw new UsageError('--subscribers may be at most 65,535');
  return {
    subscribers,
    events: Math.round(positive('events', values.events ?? (values.quick ? '30' : '200'))),
    rate: positive('rate', values.rate),
    profile: values.profile,
    connectConcurrency: Math.round(positive('connect-concurrency', values['connect-concurrency'])),
    settleMs: Math.round(positive('settle-ms', values['settle-ms'] ?? (values.quick ? '500' : '1500'))),
    databaseUrl: values['database-url'] ?? (process.env.DATABASE_URL?.trim() || undefined),
  };
}

async function main(): Promise<number> {
  const options = readOptions();
  if (!options) {
    say(usage);
    return 0;
  }
  const startedAt = new Date();
  const wallStart = performance.now();
  say(
    `fan-out: ${options.subscribers.toLocaleString('en')} subscribers × ${options.events} events at ${options.rate}/s; the server in a child process ` +
      `on ${options.databaseUrl ? `a scratch database of ${new URL(options.databaseUrl).host}` : 'a fresh embedded PostgreSQL'}`,
  );

  let server: NexoProcess | undefined;
  let stopping: Promise<unknown> | undefined;
  const stopServer = () => (stopping ??= server?.stop() ?? Promise.resolve());
  const interrupt = () => {
    say('\ninterrupted: stopping the server …');
    void stopServer().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);

  try {
    say('starting Nexo (database, migrations, demo data) …');
    const launchStart = performance.now();
    server = await launchNexo({ databaseUrl: options.databaseUrl, log: process.stderr.isTTY ? undefined : say });
    say(`Nexo is up in ${((performance.now() - launchStart) / 1000).toFixed(1)} s at ${server.url} (pid ${server.pid})`);

    const result = await runFanout(server, options);
    const wallMs = performance.now() - wallStart;
    let profileFile: string | null = null;
    if (result.profile) {
      profileFile = relative(process.cwd(), `${RESULTS_DIR}/fanout-${fileTimestamp(startedAt)}.cpuprofile`);
      await writeFile(profileFile, JSON.stringify(result.profile.raw));
    }
    printFanoutReport(result, wallMs, profileFile);
    const resultFile = await writeResult('fanout', startedAt, fanoutJson(result, startedAt, wallMs, server.database, profileFile));
    await stopServer();

    const passed = fanoutPassed(result);
    const { commitToDelivery } = result.latency;
    say('');
    say(
      `${passed ? 'ok' : 'FAILED'}: ${options.subscribers.toLocaleString('en')} subscribers × ${options.events} events, commit→delivery ` +
        `p50 ${commitToDelivery.p50.toFixed(1)} / p99 ${commitToDelivery.p99.toFixed(1)} ms, ${result.memory.perConnectionKiB.toFixed(1)} KiB per connection, ` +
        `${result.misses} misses, ${result.duplicates} duplicates, in ${(wallMs / 1000).toFixed(1)} s → ${resultFile}`,
    );
    return passed ? 0 : 1;
  } finally {
    await stopServer().catch((error: unknown) => say(`could not stop the server cleanly: ${String(error)}`));
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  if (error instanceof UsageError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) say(`${(error as Error).message}\n${usage}`);
  else say(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
}
// Sockets a failed run left open must not keep it alive.
process.exit(process.exitCode);
