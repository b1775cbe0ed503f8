import { say } from '../lib/progress.ts';
import { formatTable, machineInfo } from '../lib/report.ts';
import { round, type LatencySummary } from '../lib/stats.ts';
import type { FanoutResult } from './run.ts';

const fixed = (value: number | null | undefined, digits = 1) => (value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits));
const percent = (share: number) => `${(share * 100).toFixed(0)} %`;
const latencyRow = (label: string, summary: LatencySummary) => [label, fixed(summary.p50), fixed(summary.p95), fixed(summary.p99), fixed(summary.max)];
const latencyJson = (summary: LatencySummary) => ({ p50: round(summary.p50), p95: round(summary.p95), p99: round(summary.p99), max: round(summary.max), mean: round(summary.mean) });

/** True when every subscriber got every event exactly once, in order, and nothing else. */
export function fanoutPassed(result: FanoutResult): boolean {
  return result.misses === 0 && result.duplicates === 0 && result.outOfOrder === 0 && result.unexpected === 0 && result.subscriberFailures.length === 0;
}

/** The summary tables, on stderr. */
export function printFanoutReport(result: FanoutResult, wallMs: number, profileFile: string | null): void {
  const { options, latency, memory, cpu } = result;
  const deliveries = Math.max(1, result.delivered);
  const benchShare = cpu.benchCpuMs / cpu.wallMs;
  const serverShare = cpu.serverCpuMs / cpu.wallMs;
  say('');
  say(`Fan-out to ${options.subscribers.toLocaleString('en')} subscribers, ${options.events} events at ${options.rate}/s (ms)`);
  say(
    formatTable(
      ['latency', 'p50', 'p95', 'p99', 'max'],
      [
        latencyRow('commit acknowledged → delivered', latency.commitToDelivery),
        latencyRow('request sent → delivered', latency.sendToDelivery),
        latencyRow('acknowledged → first subscriber', latency.commitToFirstSubscriber),
        latencyRow('first → last subscriber (fan-out)', latency.fanOutSpread),
        latencyRow('mutation round trip', latency.mutationRoundTrip),
      ],
    ),
  );
  say('');
  say(
    formatTable(
      ['figure', 'value'],
      [
        ['delivered / expected', `${result.delivered.toLocaleString('en')} / ${result.expected.toLocaleString('en')}`],
        ['misses, duplicates, out of order', `${result.misses}, ${result.duplicates}, ${result.outOfOrder}`],
        ['unexpected events, subscriber failures', `${result.unexpected}${result.unexpected ? ` ${JSON.stringify(result.unexpectedByTopic)}` : ''}, ${result.subscriberFailures.length}`],
        ['delivered before the HTTP answer', `${result.deliveredBeforeAck.toLocaleString('en')} (${((100 * result.deliveredBeforeAck) / deliveries).toFixed(1)} %)`],
        ['server memory per connection (RSS)', `${fixed(memory.perConnectionKiB)} KiB`],
        ['server memory per connection (V8 heap)', `${fixed(memory.heapPerConnectionKiB)} KiB`],
        ['server RSS idle → with subscribers', `${fixed(memory.before.rssKiB / 1024)} → ${fixed(memory.after.rssKiB / 1024)} MiB`],
        ['connections opened in', `${fixed(result.connectMs / 1000)} s`],
        ['events committed in (achieved rate)', `${fixed(result.commitMs / 1000)} s (${fixed(result.achievedRate)}/s)`],
        ['server CPU while fanning out', `${percent(serverShare)} of a core, ${fixed((cpu.serverCpuMs * 1000) / deliveries)} µs per delivery`],
        ['embedded PostgreSQL CPU', cpu.databaseCpuMs === null ? 'not measured (external server)' : `${percent(cpu.databaseCpuMs / cpu.wallMs)} of a core`],
        ['subscribers\' side CPU', `${percent(benchShare)} of a core, ${fixed((cpu.benchCpuMs * 1000) / deliveries)} µs per delivery`],
        ['subscribers\' event loop busy, delay p99', `${percent(cpu.benchLoopUtilization)}, ${fixed(cpu.benchLoopDelayP99Ms)} ms`],
        ['other processes on the machine', `${percent(cpu.othersCpuMs / cpu.wallMs)} of a core`],
        ['wall time', `${fixed(wallMs / 1000)} s`],
      ],
    ),
  );
  say(
    `note: the subscribers and the server share ${machineInfo().cpus} cores. The subscribers' side spent ${fixed((cpu.benchCpuMs * 1000) / deliveries)} µs ` +
      `per delivery against the server's ${fixed((cpu.serverCpuMs * 1000) / deliveries)} µs, and its event loop was busy ${percent(cpu.benchLoopUtilization)} ` +
      `of the time: ${cpu.benchLoopUtilization < 0.7 && cpu.benchCpuMs < cpu.serverCpuMs ? 'it kept up, the server is what is measured' : 'it may be a bottleneck, read the latencies with care'}.`,
  );
  if (cpu.othersCpuMs / cpu.wallMs > 0.1) {
    say(`warning: other processes used ${percent(cpu.othersCpuMs / cpu.wallMs)} of a core during the measurement; the latencies are disturbed by them.`);
  }
  if (result.profile) {
    const { summary, stages } = result.profile;
    say('');
    say(`Server CPU profile of the measured window: ${fixed(summary.busyMs, 0)} ms busy of ${fixed(summary.wallMs, 0)} ms (${profileFile ?? 'not saved'})`);
    say(formatTable(['self time by stage', 'ms', 'µs/delivery', 'share'], stages.map((stage) => [stage.label, fixed(stage.ms, 0), fixed((stage.ms * 1000) / deliveries), `${fixed(stage.share * 100)} %`])));
    say('');
    say(formatTable(['self time by function', 'ms', 'share'], summary.topFunctions.map((entry) => [entry.name, fixed(entry.ms, 0), `${fixed(entry.share * 100)} %`])));
  }
}

/** The JSON written to bench/results: the fields issue 5's report reads first, then the detail. */
export function fanoutJson(result: FanoutResult, startedAt: Date, wallMs: number, database: string, profileFile: string | null) {
  const { options, latency, memory, cpu } = result;
  const deliveries = Math.max(1, result.delivered);
  return {
    name: 'fanout',
    subscribers: options.subscribers,
    events: options.events,
    p50: round(latency.commitToDelivery.p50),
    p95: round(latency.commitToDelivery.p95),
    p99: round(latency.commitToDelivery.p99),
    max: round(latency.commitToDelivery.max),
    memoryPerConnectionKiB: round(memory.perConnectionKiB, 1),
    misses: result.misses,
    duplicates: result.duplicates,
    startedAt: startedAt.toISOString(),
    machine: machineInfo(),
    rate: options.rate,
    achievedRate: round(result.achievedRate),
    delivered: result.delivered,
    expected: result.expected,
    outOfOrder: result.outOfOrder,
    unexpected: result.unexpected,
    unexpectedByTopic: result.unexpectedByTopic,
    subscriberFailures: result.subscriberFailures.slice(0, 20),
    deliveredBeforeAck: result.deliveredBeforeAck,
    latencyMs: {
      commitToDelivery: latencyJson(latency.commitToDelivery),
      sendToDelivery: latencyJson(latency.sendToDelivery),
      commitToFirstSubscriber: latencyJson(latency.commitToFirstSubscriber),
      fanOutSpread: latencyJson(latency.fanOutSpread),
      mutationRoundTrip: latencyJson(latency.mutationRoundTrip),
    },
    memory: {
      rssBeforeKiB: memory.before.rssKiB,
      rssAfterKiB: memory.after.rssKiB,
      heapUsedBeforeKiB: round(memory.before.v8.heapUsed / 1024, 0),
      heapUsedAfterKiB: round(memory.after.v8.heapUsed / 1024, 0),
      heapPerConnectionKiB: round(memory.heapPerConnectionKiB, 1),
    },
    cpu: {
      serverShareOfCore: round(cpu.serverCpuMs / cpu.wallMs, 3),
      serverUsPerDelivery: round((cpu.serverCpuMs * 1000) / deliveries),
      databaseShareOfCore: cpu.databaseCpuMs === null ? null : round(cpu.databaseCpuMs / cpu.wallMs, 3),
      benchShareOfCore: round(cpu.benchCpuMs / cpu.wallMs, 3),
      benchUsPerDelivery: round((cpu.benchCpuMs * 1000) / deliveries),
      benchEventLoopUtilization: round(cpu.benchLoopUtilization, 3),
      benchEventLoopDelayP99Ms: round(cpu.benchLoopDelayP99Ms),
      otherProcessesShareOfCore: round(cpu.othersCpuMs / cpu.wallMs, 3),
    },
    profile: result.profile
      ? {
          file: profileFile,
          busyMs: round(result.profile.summary.busyMs, 0),
          stages: result.profile.stages.map((stage) => ({ label: stage.label, ms: round(stage.ms, 0), usPerDelivery: round((stage.ms * 1000) / deliveries), share: round(stage.share, 3) })),
          topFunctions: result.profile.summary.topFunctions.map((entry) => ({ name: entry.name, ms: round(entry.ms, 0), share: round(entry.share, 3) })),
        }
      : null,
    database,
    backlogEvents: result.backlogEvents,
    connectSeconds: round(result.connectMs / 1000),
    wallSeconds: round(wallMs / 1000),
  };
}
