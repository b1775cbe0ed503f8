// The benchmark of issue 5: Nexo against hand-written SQL on one freshly seeded database; with
// --against <git ref>, this build against the build of that ref on the same database (issue 17).
// Usage: npm run bench -- [--quick] [--customers 50000] [--profile] [--only customer-360,list] [--against main] …  (--help lists all)
// Workloads customer-360, list, list-deep, write, pipeline-board, agent-queue, segment-preview,
// segment-evaluate (each against the SQL baseline or the other build, in interleaved rounds), fanout
// and segment-incremental; a summary table, the budget (or, against a build, the guard) check, and
// bench/results/<date>.json.
// The servers run in child processes as `npm start` runs them (NODE_ENV=production).
import { readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { attributeSelfTime, summarizeProfile } from '../bench/lib/cpu-profile.ts';
import { settleDisk, vacuumAnalyze } from '../bench/lib/database-settle.ts';
import { launchBaselineEndpoint } from '../bench/lib/baseline-endpoint.ts';
import { BuildCheckout } from '../bench/lib/checkout.ts';
import { GraphQLClient } from '../bench/lib/graphql-http.ts';
import { InspectorSession } from '../bench/lib/inspector.ts';
import { cpuMs, machineIdleMs } from '../bench/lib/process-stats.ts';
import { say } from '../bench/lib/progress.ts';
import { fileTimestamp, formatTable, machineInfo, RESULTS_DIR } from '../bench/lib/report.ts';
import { RequestLog } from '../bench/lib/request-log.ts';
import { launchNexo, type NexoProcess } from '../bench/lib/server.ts';
import { shareMigrations } from '../bench/lib/shared-migrations.ts';
import { Teardown } from '../bench/lib/teardown.ts';
import { TenantSql } from '../bench/lib/tenant-sql.ts';
import { runAgentQueue } from '../bench/workloads/agent-queue.ts';
import { TENANT, type NexoBuild, type Opponent, type WorkloadContext, type WorkloadName, type WorkloadResult } from '../bench/workloads/context.ts';
import { runCustomer360 } from '../bench/workloads/customer-360.ts';
import { runCustomerList } from '../bench/workloads/customer-list.ts';
import { runFanoutWorkload } from '../bench/workloads/fanout.ts';
import { runRecordInteraction, WRITER } from '../bench/workloads/record-interaction.ts';
import { runPipelineBoard } from '../bench/workloads/pipeline-board.ts';
import { runSegmentEvaluate } from '../bench/workloads/segments-evaluate.ts';
import { runSegmentIncremental } from '../bench/workloads/segments-incremental.ts';
import { runSegmentPreview } from '../bench/workloads/segments-preview.ts';
import { runIdentityMatching } from '../bench/workloads/identity-matching.ts';
import { checkGuard, THROUGHPUT_KEPT } from '../bench/workloads/guard.ts';
import { budgetTable, checkBudget, cpuTable, statementVariantsTable, summaryTable, workloadJson, type SideNames } from '../bench/workloads/report.ts';
import { requestStage } from '../bench/workloads/profile-stages.ts';
import { pickCustomers } from '../bench/workloads/sample.ts';

const FULL_CUSTOMERS = 50_000;
const QUICK_CUSTOMERS = 2_300;
const WORKLOADS: readonly WorkloadName[] = [
  'customer-360', 'list', 'list-deep', 'write', 'pipeline-board', 'agent-queue', 'fanout', 'segment-preview', 'segment-evaluate', 'segment-incremental',
  'identity-matching',
];

const usage = `Usage: npm run bench -- [options]
  --quick                  the default demo size (${QUICK_CUSTOMERS.toLocaleString('en')} customers) and short rounds: every workload in under two minutes
  --customers N            customers of the demo tenant (default ${FULL_CUSTOMERS.toLocaleString('en')}; ~11 interactions each)
  --read-concurrency C     requests in flight per side for reads (default 8)
  --write-concurrency C    requests in flight per side for writes (default 4)
  --rounds R               measured rounds; each side has one turn per round (default 5; 2 with --quick)
  --round-seconds S        length of a turn (default 3; 1 with --quick)
  --warm-up-seconds S      one unmeasured turn per side first, so the server's JIT has compiled its paths (default 10; 1 with --quick)
  --subscribers N          fan-out WebSocket subscribers (default 1000; 100 with --quick)
  --events M               fan-out events (default 200; 30 with --quick)
  --purchases P            segment-incremental purchases, one at a time (default 100; 20 with --quick)
  --only LIST              run only these workloads (comma-separated: ${WORKLOADS.join(', ')})
  --profile                CPU-profile the server over each workload (figures are then slower; a .cpuprofile each)
  --database-url URL       run on a scratch database of this PostgreSQL (default: $DATABASE_URL, else an embedded one)
  --against REF            measure this build against the build of a git ref (main, a tag, a commit) instead of the SQL
                           baseline: a worktree of it with its own dependencies, its server on the same database, the
                           same rounds; the guard: every workload ≥ ${THROUGHPUT_KEPT}× the other build's throughput, statements
                           constant across variants, fan-out p99 ≤ 100 ms`;

class UsageError extends Error {
  override name = 'UsageError';
}

interface Options {
  quick: boolean;
  customers: number;
  readConcurrency: number;
  writeConcurrency: number;
  rounds: number;
  roundMs: number;
  warmUpMs: number;
  subscribers: number;
  events: number;
  purchases: number;
  only: readonly WorkloadName[];
  profile: boolean;
  databaseUrl: string | undefined;
  against: string | undefined;
}

function readOptions(): Options | null {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      customers: { type: 'string' },
      'read-concurrency': { type: 'string', default: '8' },
      'write-concurrency': { type: 'string', default: '4' },
      rounds: { type: 'string' },
      'round-seconds': { type: 'string' },
      'warm-up-seconds': { type: 'string' },
      subscribers: { type: 'string' },
      events: { type: 'string' },
      purchases: { type: 'string' },
      only: { type: 'string' },
      profile: { type: 'boolean', default: false },
      'database-url': { type: 'string' },
      against: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return null;
  const quick = values.quick;
  const positive = (name: string, text: string, integer = true) => {
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) throw new UsageError(`--${name} must be a positive ${integer ? 'whole ' : ''}number, not "${text}"`);
    return value;
  };
  const nonEmpty = (name: string, text: string) => {
    if (!text.trim()) throw new UsageError(`--${name} needs a value`);
    return text.trim();
  };
  const only = values.only ? values.only.split(',').map((name) => name.trim()) : [...WORKLOADS];
  const unknown = only.filter((name) => !WORKLOADS.includes(name as WorkloadName));
  if (unknown.length) throw new UsageError(`--only: unknown workload ${unknown.join(', ')} (known: ${WORKLOADS.join(', ')})`);
  return {
    quick,
    customers: positive('customers', values.customers ?? String(quick ? QUICK_CUSTOMERS : FULL_CUSTOMERS)),
    readConcurrency: positive('read-concurrency', values['read-concurrency']),
    writeConcurrency: positive('write-concurrency', values['write-concurrency']),
    rounds: positive('rounds', values.rounds ?? (quick ? '2' : '5')),
    roundMs: positive('round-seconds', values['round-seconds'] ?? (quick ? '1' : '3'), false) * 1000,
    warmUpMs: positive('warm-up-seconds', values['warm-up-seconds'] ?? (quick ? '1' : '10'), false) * 1000,
    subscribers: positive('subscribers', values.subscribers ?? (quick ? '100' : '1000')),
    events: positive('events', values.events ?? (quick ? '30' : '200')),
    purchases: positive('purchases', values.purchases ?? (quick ? '20' : '100')),
    only: only as WorkloadName[],
    profile: values.profile,
    databaseUrl: values['database-url'] ?? (process.env.DATABASE_URL?.trim() || undefined),
    against: values.against === undefined ? undefined : nonEmpty('against', values.against),
  };
}

/** Runs `work` under a CPU profile of the server when asked, and writes the profile beside the results. */
async function profiled<T>(server: NexoProcess, enabled: boolean, file: string, work: () => Promise<T>): Promise<T> {
  if (!enabled || !server.inspectorUrl) return work();
  const inspector = await InspectorSession.connect(server.inspectorUrl);
  await inspector.startCpuProfile();
  try {
    return await work();
  } finally {
    const profile = await inspector.stopCpuProfile();
    await inspector.close();
    await writeFile(file, JSON.stringify(profile));
    const summary = summarizeProfile(profile, 15);
    say(`server CPU profile: ${summary.busyMs.toFixed(0)} ms busy of ${summary.wallMs.toFixed(0)} ms → ${relative(process.cwd(), file)}`);
    const stages = attributeSelfTime(profile, requestStage, 'Node internals (HTTP parser, streams, timers)');
    say(formatTable(['self time by stage', 'ms', 'share'], stages.map((stage) => [stage.label, stage.ms.toFixed(0), `${(stage.share * 100).toFixed(1)} %`])));
    say(formatTable(['self time by package or file', 'ms', 'share'], summary.byOrigin.map((entry) => [entry.origin, entry.ms.toFixed(0), `${(entry.share * 100).toFixed(1)} %`])));
    say(formatTable(['self time by function', 'ms', 'share'], summary.topFunctions.map((entry) => [entry.name, entry.ms.toFixed(0), `${(entry.share * 100).toFixed(1)} %`])));
  }
}

async function main(): Promise<number> {
  const options = readOptions();
  if (!options) {
    say(usage);
    return 0;
  }
  const startedAt = new Date();
  const wallStart = performance.now();
  const stamp = `${fileTimestamp(startedAt)}${options.quick ? '-quick' : ''}`;
  const seconds = () => (performance.now() - wallStart) / 1000;
  say(
    `bench${options.quick ? ' --quick' : ''}: ${options.customers.toLocaleString('en')} customers, ${options.only.join(', ')}; ` +
      `${options.rounds} rounds of ${options.roundMs / 1000} s per side at ${options.readConcurrency} reads / ${options.writeConcurrency} writes in flight; ` +
      `on ${options.databaseUrl ? `a scratch database of ${new URL(options.databaseUrl).host}` : 'a fresh embedded PostgreSQL'}` +
      `${options.against ? `; this build against ${options.against}` : ''}`,
  );

  const teardown = new Teardown();
  teardown.onInterrupt(say);

  const servers: NexoProcess[] = [];
  try {
    let checkout: BuildCheckout | undefined;
    let copiedMigrations: string[] = [];
    if (options.against) {
      // First, so that a ref that cannot run fails the run before minutes of seeding.
      const building = new BuildCheckout(options.against);
      teardown.add(`remove the worktree of ${options.against}`, () => building.remove());
      await building.prepare(say);
      copiedMigrations = await shareMigrations(building.dir!, options.against);
      if (copiedMigrations.length) {
        say(`${options.against} lacks ${copiedMigrations.length} migrations of this build (${copiedMigrations.join(', ')}): copied into its checkout, so it runs on this build's schema`);
      }
      checkout = building;
    }

    say('preparing the database (migrations, demo data) and starting Nexo …');
    const server = await launchNexo({ databaseUrl: options.databaseUrl, demoCustomers: options.customers, log: say, startTimeoutMs: 300_000 });
    servers.push(server);
    teardown.add('stop the server', () => server.stop());
    const ready = seconds();
    let otherServer: NexoProcess | undefined;
    if (checkout) {
      say(`starting ${options.against} on the same database …`);
      otherServer = await launchNexo({ checkout: checkout.dir!, besides: server, log: (line) => say(line.replace(/^ {2}server:/, `  ${options.against}:`)) }).catch((error: unknown) => {
        throw new Error(`--against: the server of ${options.against} did not start: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      });
      servers.push(otherServer);
      const started = otherServer;
      teardown.add(`stop the server of ${options.against}`, () => started.stop());
    }
    const ownerUrl = server.databaseUrls!.owner;
    const size = await vacuumAnalyze(ownerUrl, TENANT);
    const local = server.database === 'embedded';
    await settleDisk(ownerUrl, { local, label: 'writing out the load', timeoutMs: 180_000 });
    say(
      `Nexo is up at ${server.url} (pid ${server.pid}) after ${ready.toFixed(1)} s; tenant demo holds ${size.customers.toLocaleString('en')} customers, ` +
        `${size.interactions.toLocaleString('en')} interactions, ${size.events.toLocaleString('en')} events (vacuumed and analyzed)`,
    );
    if (otherServer) say(`${options.against} (${checkout!.commit!.slice(0, 12)}) is up at ${otherServer.url} (pid ${otherServer.pid}) on the same database`);

    const poolSize = 10; // NEXO_DB_POOL_SIZE's default: both sides get as many connections
    const sql = new TenantSql(server.databaseUrls!.app, { tenantId: TENANT, poolSize });
    teardown.add('close the benchmark\'s connections', () => sql.close());
    const connections = Math.max(options.readConcurrency, options.writeConcurrency);
    const buildOf = (label: string, running: NexoProcess): NexoBuild => {
      const client = new GraphQLClient(running.url, { connections });
      teardown.add(`close the client of ${label}`, () => client.close());
      return { label, server: running, client, requestLog: new RequestLog(running.logFile) };
    };
    const nexo = buildOf(otherServer ? 'this build' : 'Nexo', server);
    let opponent: Opponent;
    if (otherServer) {
      opponent = { kind: 'build', label: options.against!, build: buildOf(options.against!, otherServer) };
    } else {
      const endpoint = await launchBaselineEndpoint({ databaseUrl: server.databaseUrls!.app, tenantId: TENANT, poolSize, connections });
      teardown.add('stop the baseline endpoint', () => endpoint.stop());
      opponent = { kind: 'sql', label: 'SQL', endpoint };
    }
    const otherPid = opponent.kind === 'build' ? opponent.build.server.pid : opponent.endpoint.pid;
    const context: WorkloadContext = {
      nexo,
      opponent,
      sql,
      readToken: await server.token({ tenant: TENANT, roles: ['viewer'], subject: 'bench-reader' }),
      writeToken: await server.token({ tenant: TENANT, roles: ['sales'], subject: WRITER }),
      settings: { readConcurrency: options.readConcurrency, writeConcurrency: options.writeConcurrency, rounds: options.rounds, roundMs: options.roundMs, warmUpMs: options.warmUpMs },
      cpuCounters: () => {
        const bench = process.cpuUsage();
        const database = server.databaseCpuMs;
        return { server: cpuMs(server.pid), 'other server': cpuMs(otherPid), ...(database && { database: database() }), benchmark: (bench.user + bench.system) / 1000, idle: machineIdleMs() };
      },
    };
    const sample = await pickCustomers(sql, 1_000);
    say(
      `sample                 ${sample.people.length} people with memberships; quiet ${sample.quiet.interactions} interactions, ` +
        `busy ${sample.busy.interactions} (one membership each)`,
    );

    const results: WorkloadResult[] = [];
    const wants = (name: WorkloadName) => options.only.includes(name);
    const profileFile = (name: string) => join(RESULTS_DIR, `${stamp}-${name}.cpuprofile`);
    // Each workload starts on a written-out disk: the one before it must not weigh on it.
    const settle = () => settleDisk(ownerUrl, { local, label: 'writing out', timeoutMs: 60_000 });
    if (wants('customer-360')) results.push(await profiled(server, options.profile, profileFile('customer-360'), () => runCustomer360(context, sample.people, sample)));
    if (wants('list') || wants('list-deep')) {
      await settle();
      const lists = await profiled(server, options.profile, profileFile('list'), () => runCustomerList(context));
      results.push(...lists.filter((result) => wants(result.name)));
    }
    if (wants('write')) await settle();
    if (wants('write')) results.push(await profiled(server, options.profile, profileFile('write'), () => runRecordInteraction(context, sample.people)));
    if (wants('pipeline-board')) await settle();
    if (wants('pipeline-board')) results.push(await profiled(server, options.profile, profileFile('pipeline-board'), () => runPipelineBoard(context)));
    if (wants('agent-queue')) await settle();
    if (wants('agent-queue')) results.push(await profiled(server, options.profile, profileFile('agent-queue'), () => runAgentQueue(context)));
    if (wants('fanout')) await settle();
    if (wants('fanout')) results.push(await runFanoutWorkload(context, { subscribers: options.subscribers, events: options.events, rate: 20 }));
    if (wants('segment-preview')) await settle();
    if (wants('segment-preview')) results.push(await profiled(server, options.profile, profileFile('segment-preview'), () => runSegmentPreview(context)));
    if (wants('segment-evaluate')) await settle();
    if (wants('segment-evaluate')) results.push(await profiled(server, options.profile, profileFile('segment-evaluate'), () => runSegmentEvaluate(context)));
    if (wants('segment-incremental')) await settle();
    if (wants('segment-incremental')) results.push(await runSegmentIncremental(context, { purchases: options.purchases }));
    if (wants('identity-matching')) await settle();
    if (wants('identity-matching')) results.push(await runIdentityMatching(context, { rebuilds: options.quick ? 1 : 3, changes: options.quick ? 5 : 20 }));

    await teardown.run(say);
    const durationSeconds = seconds();

    const names: SideNames = otherServer
      ? { nexo: 'this build', other: options.against!, otherIsBuild: true, json: { nexo: 'thisBuild', other: 'against' } }
      : { nexo: 'Nexo', other: 'SQL', otherIsBuild: false, json: { nexo: 'nexo', other: 'baseline' } };
    const checks = otherServer ? checkGuard(results, options.against!) : checkBudget(results).filter((line) => options.only.includes(line.workload));
    const checksName = otherServer ? 'guard' : 'budget';
    say('');
    say(
      otherServer
        ? `This build against ${options.against} (${checkout!.commit!.slice(0, 12)}), side by side on one database: ${options.customers.toLocaleString('en')} customers, ` +
            `${size.interactions.toLocaleString('en')} interactions (req/s; latencies in ms, closed loop; ratios this build / ${options.against})`
        : `Nexo against hand-written SQL: ${options.customers.toLocaleString('en')} customers, ${size.interactions.toLocaleString('en')} interactions (req/s; latencies in ms, closed loop)`,
    );
    say(summaryTable(results, names));
    if (otherServer && wants('fanout')) say(`fanout runs on this build only: the one relay of the database, this build's, publishes to its own subscribers`);
    if (wants('segment-incremental')) say(`segment-incremental has no other side: its figures are this build's reaction pass for one event (p50, p95, p99) and, in the JSON, commit → segment.entered`);
    say('');
    say(`CPU per request, ms: the side's server, PostgreSQL, this process (the HTTP client${otherServer ? '' : ' or the baseline'}), and the machine's idle time`);
    say(cpuTable(results, names));
    say('');
    say(`SQL statements per request under inputs that must not change them${otherServer ? ', each build from its own request log' : ''}`);
    say(statementVariantsTable(results, names));
    say('');
    say(`${otherServer ? 'Guard' : 'Budget'}${options.quick ? ' (informative only at the quick size)' : ''}`);
    say(budgetTable(checks, `${checksName} figure`));

    const file = join(RESULTS_DIR, `${stamp}.json`);
    await writeFile(
      file,
      `${JSON.stringify(
        {
          startedAt: startedAt.toISOString(),
          mode: options.quick ? 'quick' : 'full',
          durationSeconds: Math.round(durationSeconds * 10) / 10,
          startUpSeconds: Math.round(ready * 10) / 10,
          machine: machineInfo(),
          database: { ...size, kind: server.database, tenant: TENANT },
          against: checkout ? { ref: checkout.ref, commit: checkout.commit, migrationsCopiedFromThisBuild: copiedMigrations } : null,
          settings: {
            readConcurrency: options.readConcurrency,
            writeConcurrency: options.writeConcurrency,
            rounds: options.rounds,
            roundSeconds: options.roundMs / 1000,
            warmUpSeconds: options.warmUpMs / 1000,
            poolSize,
            nexoEnvironment: 'NODE_ENV=production, LOG_LEVEL=info (a log line per request), NEXO_DB_POOL_SIZE=10',
          },
          equalityChecked: true,
          workloads: results.map((result) => workloadJson(result, names)),
          [checksName]: checks,
        },
        null,
        2,
      )}\n`,
    );
    const failed = checks.filter((line) => !line.passed);
    const complete = options.only.every((name) => results.some((result) => result.name === name));
    say('');
    say(
      `${options.quick ? (complete ? 'ok' : 'INCOMPLETE') : failed.length ? (otherServer ? 'GUARD FAILED' : 'OVER BUDGET') : 'ok'}: ${results.length} workloads in ${durationSeconds.toFixed(1)} s ` +
        `(start-up ${ready.toFixed(1)} s), answers equal to ${otherServer ? `${options.against}'s` : 'the SQL baseline'}, ${checksName} ${checks.length - failed.length}/${checks.length} met → ${relative(process.cwd(), file)}`,
    );
    // Quick mode keeps the benchmark working (CI): it passes when every workload ran and answered right.
    if (options.quick) return complete ? 0 : 1;
    return failed.length ? 1 : 0;
  } catch (error) {
    for (const server of servers) say(`\nthe last log lines of the server at ${server.url} (${server.logFile}):\n${await lastLines(server.logFile, 30)}`);
    throw error;
  } finally {
    await teardown.run(say);
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  if (error instanceof UsageError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) say(`${(error as Error).message}\n${usage}`);
  else say(`\nFAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
}
// Sockets a failed run left open must not keep it alive.
process.exit(process.exitCode);

/** The end of a log file, for a failed run: the server's log is removed with its data dir. */
async function lastLines(file: string, count: number): Promise<string> {
  const text = await readFile(file, 'utf8').catch((error: unknown) => `(unreadable: ${String(error)})`);
  return text.trimEnd().split('\n').slice(-count).join('\n');
}
