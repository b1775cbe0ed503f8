// The campaign launch benchmark (issue 20): a campaign launched to every customer of a freshly
// seeded demo tenant through the GraphQL API of a server run as `npm start` runs it. Reports the
// launch mutation (the audience snapshot), then the background runner's batches from its log —
// statements and milliseconds per batch, the last ten against the first ten — and checks that the
// decisions add up. Then a second campaign's run is cut short by SIGKILL and resumed by a new
// server on the same database: everyone decided once per channel, every contact written once.
// Usage: npm run bench:launch -- [--quick] [--customers 50000] [--database-url URL]
// Without a database URL (or $DATABASE_URL) it runs an embedded PostgreSQL of its own.
import { open } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { DEFAULT_BATCH_SIZE } from '../plugins/campaigns/launch/run-batch.ts';
import { settleDisk, vacuumAnalyze } from './lib/database-settle.ts';
import { postGraphQL } from './lib/graphql-http.ts';
import { phase, say } from './lib/progress.ts';
import { formatTable, machineInfo, writeResult } from './lib/report.ts';
import { median, RequestLog } from './lib/request-log.ts';
import { launchNexo, type NexoProcess } from './lib/server.ts';
import { percentile, round } from './lib/stats.ts';
import { Teardown } from './lib/teardown.ts';

const FULL_CUSTOMERS = 50_000;
const QUICK_CUSTOMERS = 2_300;
const TENANT = 'demo';
/** Batches compared at each end of a run: a launch must not slow down as its recipients grow. */
const ENDS = 10;
const RUN_TIMEOUT_MS = 30 * 60_000;

const usage = `Usage: npm run bench:launch -- [options]
  --quick             the default demo size (${QUICK_CUSTOMERS.toLocaleString('en')} customers): a fast check that everything runs and adds up
  --customers N       customers of the demo tenant (default ${FULL_CUSTOMERS.toLocaleString('en')})
  --database-url URL  run on a scratch database of this PostgreSQL (default: $DATABASE_URL, else an embedded one)`;

const CREATE_SEGMENT = /* GraphQL */ `
  mutation BenchLaunchAudience($input: CreateSegmentInput!) {
    createSegment(input: $input) { __typename ... on SegmentPayload { segment { id size } } ... on Error { message } }
  }`;
const CREATE_CAMPAIGN = /* GraphQL */ `
  mutation BenchLaunchCreate($input: CreateCampaignInput!) {
    createCampaign(input: $input) { __typename ... on CampaignPayload { campaign { id } } ... on Error { message } }
  }`;
const SCHEDULE = /* GraphQL */ `
  mutation BenchLaunchSchedule($id: ID!) {
    scheduleCampaign(id: $id) { __typename ... on CampaignPayload { campaign { status } } ... on Error { message } }
  }`;
const SETTINGS = /* GraphQL */ `
  mutation BenchLaunchCap($input: UpdateCampaignSettingsInput!) {
    updateCampaignSettings(input: $input) { __typename ... on CampaignSettingsPayload { settings { maxContacts perDays } } ... on Error { message } }
  }`;
const LAUNCH = /* GraphQL */ `
  mutation BenchLaunchCampaign($id: ID!) {
    launchCampaign(id: $id) { __typename ... on LaunchCampaignPayload { run { id audience } } ... on Error { message } }
  }`;
const RUN = /* GraphQL */ `
  query BenchLaunchRun($id: ID!) {
    node(id: $id) { ... on CampaignRun { status audience contacted control excluded } }
  }`;

interface RunState {
  status: string;
  audience: number;
  contacted: number;
  control: number;
  excluded: number;
}

/** The `campaign launch batch handled` line of the launch runner (plugins/campaigns/launch/launch-runner.ts). */
interface BatchLine {
  runId: string;
  statements: number;
  durationMs: number;
  /** When the line was logged (after COMMIT), ms since the epoch. */
  at: number;
}

/**
 * Follows a server's JSON log (NexoProcess.logFile) for the launch runner's batches and the event
 * reactions' batches (which share the machine with a launch: its contacts are interactions).
 */
class LaunchLog {
  private offset = 0;
  private partial = '';
  readonly batches: BatchLine[] = [];
  readonly reactionBatches: { at: number; consumer: string; events: number }[] = [];

  private readonly file: string;

  constructor(file: string) {
    this.file = file;
  }

  async read(): Promise<void> {
    const handle = await open(this.file, 'r');
    try {
      const { size } = await handle.stat();
      if (size <= this.offset) return;
      const buffer = Buffer.alloc(size - this.offset);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.offset);
      this.offset += bytesRead;
      const lines = (this.partial + buffer.subarray(0, bytesRead).toString('utf8')).split('\n');
      this.partial = lines.pop() ?? '';
      for (const text of lines) {
        if (!text.startsWith('{') || !text.includes('batch handled')) continue;
        let entry: Record<string, unknown>;
        try {
          entry = JSON.parse(text) as Record<string, unknown>;
        } catch {
          continue;
        }
        const at = Date.parse(String(entry.time));
        if (entry.msg === 'campaign launch batch handled') {
          this.batches.push({ runId: String(entry.runId), statements: Number(entry.statements), durationMs: Number(entry.durationMs), at });
        } else if (entry.msg === 'event reaction batch handled') {
          this.reactionBatches.push({ at, consumer: String(entry.consumer), events: Number(entry.events) });
        }
      }
    } finally {
      await handle.close();
    }
  }

  of(runId: string): BatchLine[] {
    return this.batches.filter((line) => line.runId === runId);
  }
}

type Answer = { __typename: string; message?: string } & Record<string, unknown>;

/** A mutation that must answer `expected`; its payload. */
async function mutate<Payload>(server: NexoProcess, token: string, query: string, variables: Record<string, unknown>, field: string, expected: string): Promise<Payload> {
  const { result } = await postGraphQL<Record<string, Answer>>(server.url, token, query, variables);
  const answer = result.data?.[field];
  if (answer?.__typename !== expected) throw new Error(`${field} answered ${JSON.stringify(answer ?? result.errors)}`);
  return answer as unknown as Payload;
}

async function runState(server: NexoProcess, token: string, runId: string): Promise<RunState> {
  const { result } = await postGraphQL<{ node: RunState | null }>(server.url, token, RUN, { id: runId });
  if (!result.data?.node) throw new Error(`the run ${runId} could not be read: ${JSON.stringify(result.errors ?? result.data)}`);
  return result.data.node;
}

/** Customers decided so far: a control member has one row, anyone else one per channel. */
const decidedOf = (state: RunState, channels: number) => state.control + (state.contacted + state.excluded) / channels;

/** Polls the run through the API until it is COMPLETED, with progress. */
async function followRun(label: string, server: NexoProcess, token: string, runId: string, channels: number): Promise<RunState> {
  let state = await runState(server, token, runId);
  const progress = phase(label, state.audience);
  const deadline = performance.now() + RUN_TIMEOUT_MS;
  for (;;) {
    progress.update(Math.round(decidedOf(state, channels)), `customers decided (${state.contacted.toLocaleString('en')} contacts)`);
    if (state.status === 'COMPLETED') break;
    if (performance.now() > deadline) throw new Error(`the run ${runId} is still ${state.status} after ${RUN_TIMEOUT_MS / 60_000} minutes: ${JSON.stringify(state)}`);
    await sleep(250);
    state = await runState(server, token, runId);
  }
  progress.finish(`${state.status.toLowerCase()}: ${Math.round(decidedOf(state, channels)).toLocaleString('en')} of ${state.audience.toLocaleString('en')} customers decided`);
  return state;
}

/** Rows of the demo tenant through the owner's connection (Row-Level Security is forced on the owner too). */
async function tenantRows<Row extends pg.QueryResultRow>(owner: pg.Client, query: string, values: unknown[] = []): Promise<Row[]> {
  await owner.query('BEGIN');
  try {
    await owner.query(`SELECT set_config('app.tenant_id', $1, true)`, [TENANT]);
    return (await owner.query<Row>(query, values)).rows;
  } finally {
    await owner.query('COMMIT');
  }
}

/** What the database holds of a run, counted independently of the run's own counters. */
interface RunCounts {
  audience: number;
  snapshotMembers: number;
  decidedCustomers: number;
  undecidedMembers: number;
  decidedOutsideSnapshot: number;
  contactedCustomers: number;
  controlCustomers: number;
  excludedCustomers: number;
  /** Customers whose number of rows is not one (control) or one per channel. */
  customersWithWrongRows: number;
  rows: number;
  duplicateRows: number;
  contactedRows: number;
  controlRows: number;
  excludedRows: number;
  runContacted: number;
  runControl: number;
  runExcluded: number;
  contactInteractions: number;
  duplicateContactInteractions: number;
  /** CONTACTED rows pointing at the interaction with their own external id. */
  linkedContacts: number;
  contactEvents: number;
  exclusions: Record<string, number>;
}

async function countRun(owner: pg.Client, runId: string, campaignNodeId: string, channels: number): Promise<RunCounts> {
  const [row] = await tenantRows<Omit<RunCounts, 'exclusions'> & { exclusions: Record<string, number> | null }>(
    owner,
    `WITH run AS (SELECT * FROM "CampaignRun" WHERE id = $1::uuid),
     members AS (SELECT m."customerId" FROM "SegmentMembership" m, run WHERE m."segmentId" = run."snapshotSegmentId" AND m."exitedAt" IS NULL),
     recipient AS (SELECT r.* FROM "CampaignRecipient" r WHERE r."runId" = $1::uuid),
     per_customer AS (
       SELECT "customerId", count(*) AS rows, bool_or(outcome = 'CONTROL') AS control, bool_or(outcome = 'CONTACTED') AS contacted, bool_and(outcome = 'EXCLUDED') AS excluded
       FROM recipient GROUP BY "customerId"
     ),
     contact AS (SELECT i.id, i."externalId" FROM "Interaction" i, run WHERE i.source = 'campaign' AND i."externalId" LIKE run."campaignId"::text || ':' || run.step || ':%')
     SELECT (SELECT audience FROM run) AS audience,
            (SELECT count(*) FROM members)::int AS "snapshotMembers",
            (SELECT count(*) FROM per_customer)::int AS "decidedCustomers",
            (SELECT count(*) FROM members m WHERE NOT EXISTS (SELECT FROM per_customer p WHERE p."customerId" = m."customerId"))::int AS "undecidedMembers",
            (SELECT count(*) FROM per_customer p WHERE NOT EXISTS (SELECT FROM members m WHERE m."customerId" = p."customerId"))::int AS "decidedOutsideSnapshot",
            (SELECT count(*) FILTER (WHERE contacted) FROM per_customer)::int AS "contactedCustomers",
            (SELECT count(*) FILTER (WHERE control) FROM per_customer)::int AS "controlCustomers",
            (SELECT count(*) FILTER (WHERE excluded) FROM per_customer)::int AS "excludedCustomers",
            (SELECT count(*) FILTER (WHERE rows <> CASE WHEN control THEN 1 ELSE $3::int END) FROM per_customer)::int AS "customersWithWrongRows",
            (SELECT count(*) FROM recipient)::int AS rows,
            (SELECT count(*) - count(DISTINCT ("customerId", channel)) FROM recipient)::int AS "duplicateRows",
            (SELECT count(*) FILTER (WHERE outcome = 'CONTACTED') FROM recipient)::int AS "contactedRows",
            (SELECT count(*) FILTER (WHERE outcome = 'CONTROL') FROM recipient)::int AS "controlRows",
            (SELECT count(*) FILTER (WHERE outcome = 'EXCLUDED') FROM recipient)::int AS "excludedRows",
            (SELECT contacted FROM run) AS "runContacted", (SELECT control FROM run) AS "runControl", (SELECT excluded FROM run) AS "runExcluded",
            (SELECT count(*) FROM contact)::int AS "contactInteractions",
            (SELECT count(*) - count(DISTINCT "externalId") FROM contact)::int AS "duplicateContactInteractions",
            (SELECT count(*) FROM recipient r JOIN contact c ON c.id = r."interactionId"
             WHERE r.outcome = 'CONTACTED' AND c."externalId" = r."campaignId"::text || ':' || r.step || ':' || r."customerId"::text || ':' || r.channel::text)::int AS "linkedContacts",
            (SELECT count(*) FROM "OutboxEvent" e WHERE e.topic = 'campaign.contactSent' AND e."subjectId" = $2
               AND e.payload ->> 'step' = (SELECT step FROM run))::int AS "contactEvents",
            (SELECT json_object_agg(reason, count) FROM (
               SELECT channel::text || ' ' || "exclusionReason"::text AS reason, count(*)::int AS count FROM recipient WHERE outcome = 'EXCLUDED' GROUP BY 1) reasons) AS exclusions`,
    [runId, campaignNodeId, channels],
  );
  return { ...row!, exclusions: row!.exclusions ?? {} };
}

/** Every check a run must pass, by name: what the issue asks (everyone decided once, every contact written once) and what the counters say. */
function checksOf(counts: RunCounts): { name: string; passed: boolean; detail: string }[] {
  const n = (value: number) => value.toLocaleString('en');
  return [
    { name: 'audience = snapshot members', passed: counts.audience === counts.snapshotMembers, detail: `${n(counts.audience)} = ${n(counts.snapshotMembers)}` },
    {
      name: 'every member decided, no one else',
      passed: counts.undecidedMembers === 0 && counts.decidedOutsideSnapshot === 0 && counts.decidedCustomers === counts.audience,
      detail: `${n(counts.decidedCustomers)} decided, ${n(counts.undecidedMembers)} undecided, ${n(counts.decidedOutsideSnapshot)} outside`,
    },
    {
      name: 'contacted + control + excluded customers = audience',
      passed: counts.contactedCustomers + counts.controlCustomers + counts.excludedCustomers === counts.audience,
      detail: `${n(counts.contactedCustomers)} + ${n(counts.controlCustomers)} + ${n(counts.excludedCustomers)} = ${n(counts.contactedCustomers + counts.controlCustomers + counts.excludedCustomers)}`,
    },
    {
      name: 'once per channel (control: once)',
      passed: counts.duplicateRows === 0 && counts.customersWithWrongRows === 0,
      detail: `${n(counts.duplicateRows)} duplicate rows, ${n(counts.customersWithWrongRows)} customers with a wrong number of rows`,
    },
    {
      name: 'run counters = rows',
      passed: counts.runContacted === counts.contactedRows && counts.runControl === counts.controlRows && counts.runExcluded === counts.excludedRows,
      detail: `${n(counts.runContacted)}/${n(counts.runControl)}/${n(counts.runExcluded)} counted, ${n(counts.contactedRows)}/${n(counts.controlRows)}/${n(counts.excludedRows)} rows`,
    },
    {
      name: 'contact interactions = CONTACTED rows',
      passed: counts.contactInteractions === counts.contactedRows && counts.duplicateContactInteractions === 0 && counts.linkedContacts === counts.contactedRows,
      detail: `${n(counts.contactInteractions)} interactions (${n(counts.duplicateContactInteractions)} twice), ${n(counts.contactedRows)} rows, ${n(counts.linkedContacts)} linked`,
    },
    { name: 'campaign.contactSent events = contacts', passed: counts.contactEvents === counts.contactedRows, detail: `${n(counts.contactEvents)} events` },
  ];
}

/**
 * Statements and milliseconds per full batch of a run's log lines; the last batch (the audience's
 * remainder, and the run's completion) is reported apart.
 */
function batchFigures(lines: readonly BatchLine[]) {
  const full = lines.slice(0, -1);
  const last = lines.at(-1);
  const durations = full.map((line) => line.durationMs);
  const sorted = Float64Array.from(durations).sort();
  const firstEnds = median(durations.slice(0, ENDS));
  const lastEnds = median(durations.slice(-ENDS));
  const statements = full.map((line) => line.statements);
  return {
    batches: lines.length,
    statements: {
      fullBatches: { min: Math.min(...statements), median: median(statements), max: Math.max(...statements) },
      constant: statements.length > 0 && Math.min(...statements) === Math.max(...statements),
    },
    ms: {
      p50: round(percentile(sorted, 50), 1),
      p95: round(percentile(sorted, 95), 1),
      max: round(sorted.at(-1) ?? Number.NaN, 1),
      firstTenMedian: round(firstEnds, 1),
      lastTenMedian: round(lastEnds, 1),
      lastTenOverFirstTen: round(lastEnds / firstEnds, 2),
    },
    lastBatch: last ? { statements: last.statements, ms: last.durationMs } : null,
  };
}

/** Batches of a run: a full one says MORE, so the last holds the remainder (none, at an exact multiple). */
const batchesOf = (audience: number) => Math.floor(audience / DEFAULT_BATCH_SIZE) + 1;

/** From the start of the first batch (its line's time less its duration) to the line of the last. */
const spanSeconds = (lines: readonly BatchLine[]) => (lines.at(-1)!.at - (lines[0]!.at - lines[0]!.durationMs)) / 1000;

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
  const tag = randomBytes(3).toString('hex');
  say(`bench:launch${quick ? ' --quick' : ''}: ${customers.toLocaleString('en')} customers, on ${databaseUrl ? `a scratch database of ${new URL(databaseUrl).host}` : 'a fresh embedded PostgreSQL'}`);

  const teardown = new Teardown();
  const interrupt = () => {
    say('\ninterrupted: stopping the servers, removing what the run made …');
    void teardown.run(say).finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    say('preparing the database (migrations, demo data) and starting Nexo …');
    const server = await launchNexo({ databaseUrl, demoCustomers: customers, log: say, startTimeoutMs: 300_000 });
    teardown.add('stop the server', () => server.stop());
    const ownerUrl = server.databaseUrls!.owner;
    const local = server.database === 'embedded';
    const size = await vacuumAnalyze(ownerUrl, TENANT);
    await settleDisk(ownerUrl, { local, label: 'writing out the load', timeoutMs: 180_000 });
    say(`Nexo is up at ${server.url} (pid ${server.pid}); tenant demo holds ${size.customers.toLocaleString('en')} customers, ${size.interactions.toLocaleString('en')} interactions`);
    const owner = new pg.Client({ connectionString: ownerUrl });
    await owner.connect();
    owner.on('error', (error) => say(`owner connection lost: ${error.message}`));
    teardown.add('close the owner connection', () => owner.end());
    const marketing = await server.token({ tenant: TENANT, roles: ['marketing'], subject: 'bench-marketer' });
    const log = new LaunchLog(server.logFile);
    const requests = new RequestLog(server.logFile);

    // An audience of every live customer: a rule every person and organization passes.
    const { segment } = await mutate<{ segment: { id: string; size: number } }>(server, marketing, CREATE_SEGMENT, {
      input: { name: `Bench launch: everyone ${tag}`, kind: 'DYNAMIC', rule: { fact: { fact: 'profile.kind', operator: 'IN', values: ['PERSON', 'ORGANIZATION'] } } },
    }, 'createSegment', 'SegmentPayload');
    say(`audience               a dynamic segment of ${segment.size.toLocaleString('en')} customers (every live one)`);
    // Its start a day ahead: the runner launches a scheduled campaign once its start has come, and
    // here the launch must be the mutation measured.
    const campaign = async (name: string, kind: string, channels: string[]) => {
      const startsAt = new Date(Date.now() + 86_400_000).toISOString();
      const created = await mutate<{ campaign: { id: string } }>(server, marketing, CREATE_CAMPAIGN, {
        input: { name: `${name} ${tag}`, kind, channels, controlShare: 0.1, audienceSegmentIds: [segment.id], startsAt },
      }, 'createCampaign', 'CampaignPayload');
      await mutate(server, marketing, SCHEDULE, { id: created.campaign.id }, 'scheduleCampaign', 'CampaignPayload');
      return created.campaign.id;
    };

    // 1. A launch on e-mail and SMS, measured from its log.
    const firstChannels = ['EMAIL', 'SMS'];
    const firstCampaign = await campaign('Bench launch on e-mail and SMS', 'PROMOTION', firstChannels);
    await settleDisk(ownerUrl, { local, label: 'writing out', timeoutMs: 60_000 });
    await log.read();
    const launchedAt = Date.now();
    const launched = await postGraphQL<{ launchCampaign: Answer & { run?: { id: string; audience: number } } }>(server.url, marketing, LAUNCH, { id: firstCampaign });
    const firstRun = launched.result.data?.launchCampaign.run;
    if (!firstRun) throw new Error(`launchCampaign answered ${JSON.stringify(launched.result)}`);
    const [launchLine] = await requests.waitFor('BenchLaunchCampaign', 1);
    const mutationMs = launched.receivedAt - launched.sentAt;
    say(`launch                 the snapshot of ${firstRun.audience.toLocaleString('en')} customers in ${mutationMs.toFixed(0)} ms (${launchLine!.statements} statements, ${launchLine!.durationMs} ms in the server)`);
    const firstRowId = rowIdOf(firstRun.id);
    const answeredAt = Date.now();
    const firstState = await followRun('launch run', server, marketing, firstRun.id, firstChannels.length);
    const completedAt = Date.now();
    await sleep(500); // the runner's line reaches the file up to a quarter second after its commit
    await log.read();
    const firstLines = log.of(firstRowId);
    const firstFigures = batchFigures(firstLines);
    const runSeconds = spanSeconds(firstLines);
    const runStart = firstLines[0]!.at - firstLines[0]!.durationMs;
    const reactionsDuring = log.reactionBatches.filter((line) => line.at >= runStart && line.at <= firstLines.at(-1)!.at);
    const firstCounts = await countRun(owner, firstRowId, firstCampaign, firstChannels.length);
    const firstChecks = checksOf(firstCounts);
    if (firstState.audience !== firstCounts.audience) firstChecks.push({ name: 'API audience = database', passed: false, detail: `${firstState.audience} ≠ ${firstCounts.audience}` });
    firstChecks.push({
      name: 'statements constant per full batch',
      passed: firstFigures.statements.constant,
      detail: `${firstFigures.statements.fullBatches.min}–${firstFigures.statements.fullBatches.max} over ${firstLines.length - 1} full batches`,
    });

    // 2. A second launch, on the web, killed after a few batches and resumed by a new server.
    // Run 1 used up the default cap (2 contacts in 7 days) of everyone it reached on both channels: raised, so run 2 contacts almost everyone.
    await mutate(server, marketing, SETTINGS, { input: { maxContacts: 3, perDays: 7 } }, 'updateCampaignSettings', 'CampaignSettingsPayload');
    const secondChannels = ['WEB'];
    const secondCampaign = await campaign('Bench launch on the web, resumed', 'DIGITAL_BANNER', secondChannels);
    await settleDisk(ownerUrl, { local, label: 'writing out', timeoutMs: 60_000 });
    const killAfter = Math.max(1, Math.min(5, Math.floor(batchesOf(segment.size) / 4)));
    const second = await mutate<{ run: { id: string } }>(server, marketing, LAUNCH, { id: secondCampaign }, 'launchCampaign', 'LaunchCampaignPayload');
    const secondRowId = rowIdOf(second.run.id);
    // Killed as soon as the database shows `killAfter` batches committed (the log lags behind the
    // commits), so that the next batch is most likely in flight, its transaction open.
    const killDeadline = performance.now() + RUN_TIMEOUT_MS;
    say(`resumability          waiting for ${killAfter} committed batch${killAfter > 1 ? 'es' : ''} of the run, then SIGKILL …`);
    for (;;) {
      const [progress] = await tenantRows<{ decided: number; status: string }>(
        owner,
        `SELECT control + (contacted + excluded) / $2::int AS decided, status::text AS status FROM "CampaignRun" WHERE id = $1::uuid`,
        [secondRowId, secondChannels.length],
      );
      if (progress!.decided >= killAfter * DEFAULT_BATCH_SIZE || progress!.status !== 'RUNNING') break;
      if (performance.now() > killDeadline) throw new Error(`the run ${secondRowId} committed no ${killAfter} batches in ${RUN_TIMEOUT_MS / 60_000} minutes`);
      await sleep(5);
    }
    process.kill(server.pid, 'SIGKILL');
    const killedAt = performance.now();
    while (alive(server.pid)) await sleep(20);
    await log.read();
    const loggedBeforeKill = log.of(secondRowId);
    const [halfway] = await tenantRows<{ decided: number; status: string; checkpoint: string | null }>(
      owner,
      `SELECT (SELECT count(DISTINCT "customerId")::int FROM "CampaignRecipient" WHERE "runId" = $1::uuid) AS decided, status::text AS status, checkpoint::text AS checkpoint
       FROM "CampaignRun" WHERE id = $1::uuid`,
      [secondRowId],
    );
    const committedBeforeKill = Math.ceil(halfway!.decided / DEFAULT_BATCH_SIZE);
    say(
      `killed                 the server (SIGKILL) with the run ${halfway!.status}: ${halfway!.decided.toLocaleString('en')} customers decided in ${committedBeforeKill} committed batches ` +
        `(${loggedBeforeKill.length} logged before it died)`,
    );
    say('starting a new server on the same database …');
    const restarted = await launchNexo({ besides: server, log: say, startTimeoutMs: 300_000 });
    teardown.add('stop the restarted server', () => restarted.stop());
    const restartSeconds = (performance.now() - killedAt) / 1000;
    const resumedLog = new LaunchLog(restarted.logFile);
    const secondState = await followRun('resumed run', restarted, marketing, second.run.id, secondChannels.length);
    await sleep(500);
    await resumedLog.read();
    const resumedLines = resumedLog.of(secondRowId);
    const secondCounts = await countRun(owner, secondRowId, secondCampaign, secondChannels.length);
    const secondChecks = checksOf(secondCounts);
    secondChecks.push(
      {
        name: 'the kill left whole batches only',
        passed: halfway!.status === 'RUNNING' && halfway!.decided % DEFAULT_BATCH_SIZE === 0,
        detail: `${halfway!.decided.toLocaleString('en')} decided at the kill, the run ${halfway!.status}`,
      },
      {
        name: 'batches before + after = one run',
        passed: committedBeforeKill + resumedLines.length === batchesOf(secondCounts.audience),
        detail: `${committedBeforeKill} + ${resumedLines.length} = ${committedBeforeKill + resumedLines.length} of ${batchesOf(secondCounts.audience)}`,
      },
    );
    if (secondState.audience !== secondCounts.audience) secondChecks.push({ name: 'API audience = database', passed: false, detail: `${secondState.audience} ≠ ${secondCounts.audience}` });
    const secondFigures = batchFigures([...loggedBeforeKill, ...resumedLines]);

    await teardown.run(say);
    const durationSeconds = (performance.now() - wallStart) / 1000;
    const perSecond = firstCounts.audience / runSeconds;
    const n = (value: number) => value.toLocaleString('en');
    say('');
    say(`Launch of "${firstChannels.join(' + ')}" to ${n(firstCounts.audience)} customers (${n(size.customers)} in the tenant), batches of ${n(DEFAULT_BATCH_SIZE)}`);
    say(
      formatTable(
        ['figure', 'value'],
        [
          ['launch mutation (snapshot)', `${mutationMs.toFixed(0)} ms, ${launchLine!.statements} statements`],
          ['batches', String(firstFigures.batches)],
          ['statements per full batch (min / median / max)', `${firstFigures.statements.fullBatches.min} / ${firstFigures.statements.fullBatches.median} / ${firstFigures.statements.fullBatches.max}`],
          ['ms per full batch (p50 / p95 / max)', `${firstFigures.ms.p50} / ${firstFigures.ms.p95} / ${firstFigures.ms.max}`],
          [`ms, median of the last ${ENDS} / first ${ENDS} full batches`, `${firstFigures.ms.lastTenMedian} / ${firstFigures.ms.firstTenMedian} = ${firstFigures.ms.lastTenOverFirstTen}×`],
          ['last batch (the remainder, and the completion)', `${firstFigures.lastBatch!.statements} statements, ${firstFigures.lastBatch!.ms} ms`],
          ['run, first batch to last', `${runSeconds.toFixed(1)} s (${((runStart - answeredAt) / 1000).toFixed(1)} s waiting for the runner's pass)`],
          ['customers decided per second', n(Math.round(perSecond))],
          ['contacts written', n(firstCounts.contactedRows)],
          ['customers contacted / control / excluded', `${n(firstCounts.contactedCustomers)} / ${n(firstCounts.controlCustomers)} / ${n(firstCounts.excludedCustomers)}`],
          ['reaction batches meanwhile', `${reactionsDuring.length} (${n(reactionsDuring.reduce((sum, line) => sum + line.events, 0))} events)`],
        ],
      ),
    );
    say(`exclusions: ${Object.entries(firstCounts.exclusions).map(([reason, count]) => `${reason} ${n(count)}`).join(', ') || 'none'}`);
    say('');
    say(`Resumed launch of "${secondChannels.join(' + ')}": SIGKILL once ${killAfter} batch${killAfter > 1 ? 'es were' : ' was'} committed, a new server on the same database`);
    say(
      formatTable(
        ['figure', 'value'],
        [
          ['batches committed before the kill', `${committedBeforeKill} (${loggedBeforeKill.length} logged)`],
          ['batches after the restart', String(resumedLines.length)],
          ['kill to the new server ready', `${restartSeconds.toFixed(1)} s`],
          ['statements per full batch (min / median / max)', `${secondFigures.statements.fullBatches.min} / ${secondFigures.statements.fullBatches.median} / ${secondFigures.statements.fullBatches.max}`],
          ['ms per full batch (p50 / p95)', `${secondFigures.ms.p50} / ${secondFigures.ms.p95}`],
          ['contacts written', n(secondCounts.contactedRows)],
          ['customers contacted / control / excluded', `${n(secondCounts.contactedCustomers)} / ${n(secondCounts.controlCustomers)} / ${n(secondCounts.excludedCustomers)}`],
        ],
      ),
    );
    say('');
    const checks = [...firstChecks.map((check) => ({ run: 'launch', ...check })), ...secondChecks.map((check) => ({ run: 'resumed', ...check }))];
    say(formatTable(['check', 'run', 'passed', 'detail'], checks.map((check) => [check.name, check.run, check.passed ? 'yes' : 'NO', check.detail])));

    const file = await writeResult(quick ? 'campaign-launch-quick' : 'campaign-launch', startedAt, {
      startedAt: startedAt.toISOString(),
      mode: quick ? 'quick' : 'full',
      durationSeconds: round(durationSeconds, 1),
      machine: machineInfo(),
      database: { ...size, kind: server.database, tenant: TENANT },
      settings: { batchSize: DEFAULT_BATCH_SIZE, controlShare: 0.1, nexoEnvironment: 'NODE_ENV=production, LOG_LEVEL=info, background jobs on (npm start)' },
      launch: {
        channels: firstChannels,
        audience: firstCounts.audience,
        mutation: { ms: round(mutationMs, 1), serverMs: launchLine!.durationMs, statements: launchLine!.statements },
        ...firstFigures,
        runSeconds: round(runSeconds, 2),
        waitForRunnerSeconds: round((runStart - answeredAt) / 1000, 2),
        launchToCompletedSeconds: round((completedAt - launchedAt) / 1000, 2),
        customersPerSecond: round(perSecond, 0),
        contacts: firstCounts.contactedRows,
        reactionBatchesMeanwhile: reactionsDuring.length,
        counts: firstCounts,
        batchLines: firstLines.map(({ statements, durationMs }) => ({ statements, durationMs })),
      },
      resumed: {
        channels: secondChannels,
        cap: { maxContacts: 3, perDays: 7 },
        killAfterCommittedBatches: killAfter,
        atKill: { ...halfway!, batchesCommitted: committedBeforeKill, batchesLogged: loggedBeforeKill.length },
        batchesAfterRestart: resumedLines.length,
        restartSeconds: round(restartSeconds, 1),
        ...secondFigures,
        counts: secondCounts,
      },
      checks,
    });
    const failed = checks.filter((check) => !check.passed);
    say('');
    say(
      `${failed.length ? 'FAILED' : 'ok'}: launched to ${n(firstCounts.audience)} customers in ${runSeconds.toFixed(1)} s (${n(Math.round(perSecond))}/s, ${firstFigures.batches} batches of ` +
        `${firstFigures.statements.fullBatches.min === firstFigures.statements.fullBatches.max ? firstFigures.statements.fullBatches.min : `${firstFigures.statements.fullBatches.min}–${firstFigures.statements.fullBatches.max}`} statements, ` +
        `last ten ${firstFigures.ms.lastTenOverFirstTen}× the first ten); resumed after SIGKILL (${committedBeforeKill} + ${resumedLines.length} batches); ` +
        `checks ${checks.length - failed.length}/${checks.length} → ${file}`,
    );
    return failed.length ? 1 : 0;
  } finally {
    await teardown.run(say);
  }
}

/** The row id inside a CampaignRun's global id (base64 of "CampaignRun:<uuid>"): the runner logs row ids. */
function rowIdOf(globalId: string): string {
  const [typename, id] = Buffer.from(globalId, 'base64').toString('utf8').split(':');
  if (typename !== 'CampaignRun' || !id) throw new Error(`not the global id of a CampaignRun: ${globalId}`);
  return id;
}

/** Whether the process still exists (Node reaps its exited children, so a killed server disappears). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
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
