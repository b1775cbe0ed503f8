// The campaign launch benchmark (issue 20; bench/README.md, "Campaign launch"): a campaign launched
// to every customer of a freshly seeded demo tenant, its runner's batches measured from the server's
// log, then a second launch cut short by SIGKILL and resumed by a new server; both runs checked in
// the database. Exits 1 when a check fails.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { say } from './lib/progress.ts';
import { Teardown } from './lib/teardown.ts';
import { createEveryoneAudience } from './campaign-launch/marketing-api.ts';
import { measureLaunch } from './campaign-launch/measured-launch.ts';
import { prepareLaunchBench } from './campaign-launch/prepare.ts';
import { reportLaunch } from './campaign-launch/report.ts';
import { resumeLaunch } from './campaign-launch/resumed-launch.ts';

const FULL_CUSTOMERS = 50_000;
const QUICK_CUSTOMERS = 2_300;

const usage = `Usage: npm run bench:launch -- [options]
  --quick             the default demo size (${QUICK_CUSTOMERS.toLocaleString('en')} customers): a fast check that everything runs and adds up
  --customers N       customers of the demo tenant (default ${FULL_CUSTOMERS.toLocaleString('en')})
  --database-url URL  run on a scratch database of this PostgreSQL (default: $DATABASE_URL, else an embedded one)`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { quick: { type: 'boolean', default: false }, customers: { type: 'string' }, 'database-url': { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
    strict: true,
  });
  if (values.help) {
    say(usage);
    return 0;
  }
  const quick = values.quick;
  const customers = Number(values.customers ?? (quick ? QUICK_CUSTOMERS : FULL_CUSTOMERS));
  if (!Number.isInteger(customers) || customers <= 0) throw new Error(`--customers must be a positive whole number, not "${values.customers}"\n${usage}`);
  const databaseUrl = values['database-url'] ?? (process.env.DATABASE_URL?.trim() || undefined);
  const startedAt = new Date();
  const wallStart = performance.now();
  say(`bench:launch${quick ? ' --quick' : ''}: ${customers.toLocaleString('en')} customers, on ${databaseUrl ? `a scratch database of ${new URL(databaseUrl).host}` : 'a fresh embedded PostgreSQL'}`);

  const teardown = new Teardown();
  teardown.onInterrupt(say);
  try {
    const bench = await prepareLaunchBench({ databaseUrl, customers, tag: randomBytes(3).toString('hex'), teardown });
    const audience = await createEveryoneAudience(bench);
    say(`audience               a dynamic segment of ${audience.size.toLocaleString('en')} customers (every live one)`);
    const launch = await measureLaunch(bench, audience);
    const resumed = await resumeLaunch(bench, audience);
    await teardown.run(say);
    const passed = await reportLaunch({ bench, launch, resumed, quick, startedAt, durationSeconds: (performance.now() - wallStart) / 1000 });
    return passed ? 0 : 1;
  } finally {
    await teardown.run(say);
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  say(`\nFAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
}
// Sockets a failed run left open must not keep it alive.
process.exit(process.exitCode);
