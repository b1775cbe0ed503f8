import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { manualClock } from '../../../src/plugin-api.ts';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';

// The service reports on the seeded year of tickets, against figures computed here another way:
// GROUP BY per month and per measure instead of one statement over generated buckets, and the
// percentiles once more in JavaScript from the raw durations.

// The seeded year ends when the template was seeded; the server's clock stands there.
const DEMO_END = inject('demoSeededAt');
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ plugins: ['profile', 'interactions', 'tickets'], clock: manualClock(new Date(DEMO_END)) });
});
afterAll(() => server?.stop());

const ZONE = 'Europe/Madrid';

/** The UTC instant of local midnight on the first of a month in Madrid (23:00Z in winter, 22:00Z in summer). */
function madridMonthStart(year: number, month: number): string {
  const label = `${year}-${String(month).padStart(2, '0')}-01 00:00`;
  for (const hoursBefore of [1, 2]) {
    const candidate = new Date(Date.UTC(year, month - 1, 1) - hoursBefore * 3_600_000);
    if (madridLocal(candidate) === label) return candidate.toISOString();
  }
  throw new Error(`no Madrid midnight found for ${label}`);
}

function madridLocal(instant: Date): string {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(instant).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

// The ten whole Madrid months before the one the demo ends in: local midnights, 23:00Z in winter.
const [endYear, endMonth] = madridLocal(new Date(DEMO_END)).split('-').map(Number) as [number, number];
const TO = madridMonthStart(endYear, endMonth);
const FROM = madridMonthStart(endMonth > 10 ? endYear : endYear - 1, ((endMonth - 11 + 12) % 12) + 1);

const DURATIONS = 'count medianMinutes p90Minutes businessMedianMinutes businessP90Minutes';
const FIGURES = `periodStart periodEnd created resolved firstResponse { ${DURATIONS} } resolution { ${DURATIONS} }
  firstResponseCompliancePercent resolutionCompliancePercent slaCompliancePercent csatAverage csatResponses reopenRatePercent`;
const REPORT = `query ($from: DateTime!, $to: DateTime!, $interval: ReportInterval, $timeZone: String, $kinds: [TicketKind!]) {
  serviceReport(from: $from, to: $to, interval: $interval, timeZone: $timeZone, kinds: $kinds) { timeZone totals { ${FIGURES} } periods { ${FIGURES} } }
}`;

interface Expected {
  created: number;
  resolved: number;
  firstResponse: { count: number; medianMinutes: number | null; p90Minutes: number | null; businessMedianMinutes: number | null; businessP90Minutes: number | null };
  resolution: { count: number; medianMinutes: number | null; p90Minutes: number | null; businessMedianMinutes: number | null; businessP90Minutes: number | null };
  firstResponseCompliancePercent: number | null;
  resolutionCompliancePercent: number | null;
  slaCompliancePercent: number | null;
  csatAverage: number | null;
  csatResponses: number;
  reopenRatePercent: number | null;
}

/** Per local month of Madrid (or one bucket, "all"), each measure by its own GROUP BY. */
async function independentFigures(kinds: string[] | null, perMonth: boolean): Promise<Map<string, Expected>> {
  const bucket = (column: string) => (perMonth ? `to_char(timezone('${ZONE}', timezone('UTC', t."${column}")), 'YYYY-MM')` : `'all'`);
  const where = (column: string) => `t."tenantId" = 'demo' AND t."${column}" >= '${FROM}'::timestamptz AT TIME ZONE 'UTC' AND t."${column}" < '${TO}'::timestamptz AT TIME ZONE 'UTC'
    ${kinds ? `AND t.kind::text IN (${kinds.map((kind) => `'${kind}'`).join(', ')})` : ''}`;
  const query = async (sql: string) => (await server.owner.query(sql)).rows;
  const created = await query(`SELECT ${bucket('createdAt')} AS b, count(*)::int AS n FROM "Ticket" t WHERE ${where('createdAt')} GROUP BY 1`);
  const responses = await query(`
    SELECT ${bucket('firstRespondedAt')} AS b, count(*)::int AS n,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t."firstRespondedAt" - t."createdAt") / 60) AS med,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM t."firstRespondedAt" - t."createdAt") / 60) AS p90,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY t."firstResponseSeconds" / 60.0) AS bmed,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY t."firstResponseSeconds" / 60.0) AS bp90,
           avg(CASE WHEN t."firstResponseBreachedAt" IS NULL THEN 100.0 ELSE 0 END) FILTER (WHERE t."slaPolicyId" IS NOT NULL) AS compliance
    FROM "Ticket" t WHERE ${where('firstRespondedAt')} GROUP BY 1`);
  const resolutions = await query(`
    SELECT ${bucket('resolvedAt')} AS b, count(*)::int AS n,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t."resolvedAt" - t."createdAt") / 60) AS med,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM t."resolvedAt" - t."createdAt") / 60) AS p90,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY t."resolutionSeconds" / 60.0) AS bmed,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY t."resolutionSeconds" / 60.0) AS bp90,
           avg(CASE WHEN t."resolutionBreachedAt" IS NULL THEN 100.0 ELSE 0 END) FILTER (WHERE t."slaPolicyId" IS NOT NULL) AS compliance,
           avg(CASE WHEN t."resolutionBreachedAt" IS NULL AND t."firstResponseBreachedAt" IS NULL THEN 100.0 ELSE 0 END) FILTER (WHERE t."slaPolicyId" IS NOT NULL) AS sla,
           avg(CASE WHEN t."reopenCount" > 0 THEN 100.0 ELSE 0 END) AS reopened
    FROM "Ticket" t WHERE ${where('resolvedAt')} AND t."resolutionSeconds" IS NOT NULL GROUP BY 1`);
  const ratings = await query(`SELECT ${bucket('csatAt')} AS b, count(*)::int AS n, avg(t."csatScore") AS avg FROM "Ticket" t WHERE ${where('csatAt')} GROUP BY 1`);

  const figures = new Map<string, Expected>();
  const at = (key: string): Expected => {
    let entry = figures.get(key);
    if (!entry) {
      const none = { count: 0, medianMinutes: null, p90Minutes: null, businessMedianMinutes: null, businessP90Minutes: null };
      entry = { created: 0, resolved: 0, firstResponse: { ...none }, resolution: { ...none }, firstResponseCompliancePercent: null, resolutionCompliancePercent: null, slaCompliancePercent: null, csatAverage: null, csatResponses: 0, reopenRatePercent: null };
      figures.set(key, entry);
    }
    return entry;
  };
  const round = (value: unknown) => (value === null ? null : Math.round(Number(value) * 100) / 100);
  for (const row of created) at(row.b).created = row.n;
  for (const row of responses) {
    Object.assign(at(row.b).firstResponse, { count: row.n, medianMinutes: round(row.med), p90Minutes: round(row.p90), businessMedianMinutes: round(row.bmed), businessP90Minutes: round(row.bp90) });
    at(row.b).firstResponseCompliancePercent = round(row.compliance);
  }
  for (const row of resolutions) {
    const entry = at(row.b);
    entry.resolved = row.n;
    Object.assign(entry.resolution, { count: row.n, medianMinutes: round(row.med), p90Minutes: round(row.p90), businessMedianMinutes: round(row.bmed), businessP90Minutes: round(row.bp90) });
    Object.assign(entry, { resolutionCompliancePercent: round(row.compliance), slaCompliancePercent: round(row.sla), reopenRatePercent: round(row.reopened) });
  }
  for (const row of ratings) Object.assign(at(row.b), { csatResponses: row.n, csatAverage: round(row.avg) });
  return figures;
}

/** percentile_cont: linear interpolation between the two closest ranks. */
function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = fraction * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

/** Equal, numbers to the cent: both sides round to two decimals, from doubles that may sit on a half cent. */
function expectClose(actual: Record<string, any>, expected: Expected, label: string): void {
  const { periodStart: _start, periodEnd: _end, ...figures } = actual;
  const differences: string[] = [];
  const compare = (left: unknown, right: unknown, path: string) => {
    if (typeof left === 'number' && typeof right === 'number') {
      if (Math.abs(left - right) > 0.0100001) differences.push(`${path}: ${left} ≠ ${right}`);
    } else if (left && right && typeof left === 'object' && typeof right === 'object') {
      for (const key of new Set([...Object.keys(left), ...Object.keys(right)])) compare((left as any)[key], (right as any)[key], `${path}.${key}`);
    } else if (left !== right) differences.push(`${path}: ${JSON.stringify(left)} ≠ ${JSON.stringify(right)}`);
  };
  compare(figures, expected, label);
  expect(differences).toEqual([]);
}

describe('serviceReport', () => {
  it('equals the independent computation month by month in Madrid time, and over the whole period', async () => {
    const response = await server.graphql(REPORT, { from: FROM, to: TO, interval: 'MONTH', timeZone: ZONE });
    expect(response.errors).toBeUndefined();
    const report = response.data!.serviceReport;
    expect(report.periods).toHaveLength(10);
    // Every period starts at a Madrid midnight on the first; ten months always span winter and summer time.
    for (const period of report.periods) expect(madridLocal(new Date(period.periodStart))).toMatch(/^\d{4}-\d{2}-01 00:00$/);
    expect(new Set(report.periods.map((period: { periodStart: string }) => new Date(period.periodStart).getUTCHours()))).toEqual(new Set([22, 23]));
    expect(report.periods.at(-1).periodEnd).toBe(new Date(TO).toISOString());

    const expected = await independentFigures(null, true);
    for (const period of report.periods) {
      const month = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit' }).format(new Date(Date.parse(period.periodStart) + 3_600_000)).slice(0, 7);
      expectClose(period, expected.get(month) ?? emptyExpected(), month);
    }
    const total = (await independentFigures(null, false)).get('all')!;
    expectClose(report.totals, total, 'totals');
    expect(report.totals.created).toBeGreaterThan(400);
    expect(report.totals.firstResponseCompliancePercent).toBeGreaterThan(50);
    expect(report.totals.firstResponseCompliancePercent).toBeLessThan(100);
  });

  it('interpolates percentiles as percentile_cont does, checked against the raw durations', async () => {
    const { rows } = await server.owner.query(
      `SELECT extract(epoch FROM "resolvedAt" - "createdAt") / 60 AS minutes, "resolutionSeconds" / 60.0 AS business FROM "Ticket"
       WHERE "tenantId" = 'demo' AND "resolvedAt" >= $1 AND "resolvedAt" < $2 AND "resolutionSeconds" IS NOT NULL`,
      [FROM.replace('Z', ''), TO.replace('Z', '')],
    );
    const response = await server.graphql(REPORT, { from: FROM, to: TO });
    const resolution = response.data!.serviceReport.totals.resolution;
    expect(resolution.count).toBe(rows.length);
    expect(resolution.medianMinutes).toBeCloseTo(percentile(rows.map((row) => Number(row.minutes)), 0.5), 2);
    expect(resolution.p90Minutes).toBeCloseTo(percentile(rows.map((row) => Number(row.minutes)), 0.9), 2);
    expect(resolution.businessP90Minutes).toBeCloseTo(percentile(rows.map((row) => Number(row.business)), 0.9), 2);
    expect(response.data!.serviceReport.periods).toEqual([]);
  });

  it('narrows to complaints and still equals the independent computation', async () => {
    const response = await server.graphql(REPORT, { from: FROM, to: TO, kinds: ['COMPLAINT'] });
    expectClose(response.data!.serviceReport.totals, (await independentFigures(['COMPLAINT'], false)).get('all')!, 'complaints');
  });

  it('refuses a period that ends before it starts, or too many buckets, as VALIDATION errors', async () => {
    const backwards = await server.graphql(REPORT, { from: TO, to: FROM });
    expect(backwards.errors![0]).toMatchObject({ extensions: { code: 'VALIDATION' }, message: expect.stringContaining('to: must be after from') });
    const tooMany = await server.graphql(REPORT, { from: '2020-01-01T00:00:00Z', to: TO, interval: 'DAY' });
    expect(tooMany.errors![0]).toMatchObject({ extensions: { code: 'VALIDATION' }, message: expect.stringContaining('more than 1,000 buckets') });
    const zone = await server.graphql(REPORT, { from: FROM, to: TO, timeZone: 'Mars/Olympus' });
    expect(zone.errors![0]).toMatchObject({ extensions: { code: 'VALIDATION' }, message: expect.stringContaining('IANA') });
  });
});

describe('ticketBacklog and SLA states', () => {
  it('counts open tickets by queue and category as an independent query does', async () => {
    const response = await server.graphql(`{ ticketBacklog {
      totals { open breached atRisk pendingCustomer }
      queues { queue { id name } figures { open new pendingCustomer escalated unassigned breached atRisk } categories { category { name } figures { open } } }
    } }`);
    expect(response.errors).toBeUndefined();
    const backlog = response.data!.ticketBacklog;
    const { rows } = await server.owner.query(
      `SELECT q.name, count(*)::int AS open,
              sum(CASE WHEN t.status = 'NEW' THEN 1 ELSE 0 END)::int AS new,
              sum(CASE WHEN t.status = 'PENDING_CUSTOMER' THEN 1 ELSE 0 END)::int AS "pendingCustomer",
              sum(CASE WHEN t.status = 'ESCALATED' THEN 1 ELSE 0 END)::int AS escalated,
              sum(CASE WHEN t."assigneeId" IS NULL THEN 1 ELSE 0 END)::int AS unassigned,
              sum(CASE WHEN coalesce(t."firstResponseBreachedAt", t."resolutionBreachedAt") IS NOT NULL
                        OR (t."slaRunning" AND least(coalesce(t."firstResponseDueAt", 'infinity'), coalesce(t."resolutionDueAt", 'infinity')) < $1) THEN 1 ELSE 0 END)::int AS breached,
              sum(CASE WHEN coalesce(t."firstResponseBreachedAt", t."resolutionBreachedAt") IS NULL
                        AND NOT (t."slaRunning" AND least(coalesce(t."firstResponseDueAt", 'infinity'), coalesce(t."resolutionDueAt", 'infinity')) < $1)
                        AND t."slaRunning" AND least(coalesce(t."firstResponseWarnAt", 'infinity'), coalesce(t."resolutionWarnAt", 'infinity')) <= $1 THEN 1 ELSE 0 END)::int AS "atRisk"
       FROM "Ticket" t JOIN "TicketQueue" q ON q.id = t."queueId"
       WHERE t."tenantId" = 'demo' AND t.status NOT IN ('RESOLVED', 'CLOSED') GROUP BY q.name`,
      [DEMO_END.replace('Z', '')],
    );
    const byName = Object.fromEntries(backlog.queues.map((entry: any) => [entry.queue.name, entry.figures]));
    expect(byName).toEqual(Object.fromEntries(rows.map(({ name, ...figures }) => [name, figures])));
    expect(backlog.totals.open).toBe(rows.reduce((sum, row) => sum + row.open, 0));
    for (const entry of backlog.queues) expect(entry.categories.reduce((sum: number, row: any) => sum + row.figures.open, 0)).toBe(entry.figures.open);
    expect(backlog.totals.open).toBeGreaterThan(5);
  });

  it('filters by SLA state exactly as each ticket reports its own state', async () => {
    const states: Record<string, number> = {};
    let after: string | null = null;
    do {
      const page: any = await server.graphql(`query ($after: String) { tickets(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { sla { state } } } } }`, { after });
      for (const edge of page.data!.tickets.edges) states[edge.node.sla?.state ?? 'NONE'] = (states[edge.node.sla?.state ?? 'NONE'] ?? 0) + 1;
      after = page.data!.tickets.pageInfo.hasNextPage ? page.data!.tickets.pageInfo.endCursor : null;
    } while (after);
    for (const state of ['ON_TRACK', 'AT_RISK', 'BREACHED', 'PAUSED', 'MET']) {
      const filtered = await server.graphql(`query ($states: [SlaState!]) { tickets(first: 1, filter: { slaStates: $states }) { totalCount } }`, { states: [state] });
      expect(filtered.data!.tickets.totalCount, state).toBe(states[state] ?? 0);
    }
    expect(states.BREACHED).toBeGreaterThan(10);
    expect(states.MET).toBeGreaterThan(100);
  });
});

function emptyExpected(): Expected {
  const none = { count: 0, medianMinutes: null, p90Minutes: null, businessMedianMinutes: null, businessP90Minutes: null };
  return { created: 0, resolved: 0, firstResponse: { ...none }, resolution: { ...none }, firstResponseCompliancePercent: null, resolutionCompliancePercent: null, slaCompliancePercent: null, csatAverage: null, csatResponses: 0, reopenRatePercent: null };
}
