import { setTimeout as sleep } from 'node:timers/promises';
import { attributeSelfTime, summarizeProfile, type ProfileSummary } from '../lib/cpu-profile.ts';
import { sampleCpu, type CpuWindow } from '../lib/cpu-sampler.ts';
import { DeliveryLog, type CommittedEvent } from '../lib/delivery-log.ts';
import { postGraphQL } from '../lib/graphql-http.ts';
import { InspectorSession, type CpuProfile, type ProcessMemory } from '../lib/inspector.ts';
import { residentKiB } from '../lib/process-stats.ts';
import { phase, say } from '../lib/progress.ts';
import type { NexoProcess } from '../lib/server.ts';
import { summarize, type LatencySummary } from '../lib/stats.ts';
import { openActivitySubscribers, type SubscriberFailure, type SubscriberPool } from '../lib/subscribers.ts';
import { fanoutStage } from './profile-stages.ts';

export interface FanoutOptions {
  /** WebSocket subscribers to `activity`, all of tenant demo with the viewer role. */
  subscribers: number;
  /** Events committed, one at a time. */
  events: number;
  /** Target events per second; a commit slower than the interval delays the next one. */
  rate: number;
  /** Connections opened at once. */
  connectConcurrency: number;
  /** Pause after a forced garbage collection before memory is read, ms. */
  settleMs: number;
  /** CPU-profile the server over the measured window. */
  profile: boolean;
}

export interface FanoutResult {
  options: FanoutOptions;
  /** Events committed before ours that the relay published after the server said it was ready. */
  backlogEvents: number;
  connectMs: number;
  /** From the first request sent to the last acknowledgement. */
  commitMs: number;
  /** Events per second actually sent: below the target when commits took longer than the interval. */
  achievedRate: number;
  expected: number;
  delivered: number;
  misses: number;
  duplicates: number;
  outOfOrder: number;
  unexpected: number;
  unexpectedByTopic: Record<string, number>;
  deliveredBeforeAck: number;
  subscriberFailures: readonly SubscriberFailure[];
  latency: {
    /** The figure the benchmark is about: commit acknowledged (HTTP answer read) → subscriber has the event. */
    commitToDelivery: LatencySummary;
    sendToDelivery: LatencySummary;
    commitToFirstSubscriber: LatencySummary;
    /** Per event, first to last subscriber: the time the fan-out itself takes. */
    fanOutSpread: LatencySummary;
    mutationRoundTrip: LatencySummary;
  };
  memory: {
    before: { rssKiB: number; v8: ProcessMemory };
    after: { rssKiB: number; v8: ProcessMemory };
    perConnectionKiB: number;
    heapPerConnectionKiB: number;
  };
  cpu: CpuWindow;
  profile: { raw: CpuProfile; summary: ProfileSummary; stages: { label: string; ms: number; share: number }[] } | null;
}

const CREATE_PERSON = /* GraphQL */ `
  mutation FanoutEvent($input: CreatePersonInput!) {
    createPerson(input: $input) { __typename ... on PersonPayload { person { id } } ... on Error { code message } }
  }
`;

/**
 * The fan-out workload on a running server: memory before and with `subscribers` idle
 * connections, then `events` commits at a steady pace, each timed on every subscriber.
 */
export async function runFanout(server: NexoProcess, options: FanoutOptions): Promise<FanoutResult> {
  if (!server.inspectorUrl) throw new Error('the fan-out benchmark needs the server started with its inspector (launchNexo({ inspect: true }))');
  const writerToken = await server.token({ tenant: 'demo', roles: ['sales'], subject: 'fanout-writer' });
  const backlogEvents = await warmUp(server, writerToken);
  say(`warm-up                relay caught up (it published ${backlogEvents.toLocaleString('en')} earlier events before ours)`);
  const before = await settledMemory(server, options.settleMs);

  const log = new DeliveryLog(options.subscribers);
  const opening = phase('opening subscribers', options.subscribers);
  const openStart = performance.now();
  let pool: SubscriberPool | undefined;
  try {
    pool = await openActivitySubscribers({
      url: server.url,
      size: options.subscribers,
      concurrency: options.connectConcurrency,
      token: (index) => server.token({ tenant: 'demo', roles: ['viewer'], subject: `fanout-subscriber-${index}` }),
      onEvent: (subscriber, event, receivedAt) => log.record(subscriber, event.customerId ?? event.subjectId, event.topic, receivedAt, event.position),
      onOpened: (opened) => opening.update(opened),
    });
    const connectMs = performance.now() - openStart;
    opening.finish(`${options.subscribers.toLocaleString('en')} connected in ${(connectMs / 1000).toFixed(1)} s`);

    // A subscription goes live a moment after its connection is acknowledged: commit barrier
    // events until every subscriber has received one.
    const ignored = new Set<string>();
    const deadline = performance.now() + 30_000;
    while (log.subscribersHeard < options.subscribers) {
      if (performance.now() > deadline) throw new Error(`only ${log.subscribersHeard} of ${options.subscribers} subscriptions went live within 30 s`);
      ignored.add((await commitEvent(server, writerToken, `Barrier ${ignored.size + 1}`)).key);
      const waitUntil = performance.now() + 2_000;
      while (log.subscribersHeard < options.subscribers && performance.now() < waitUntil) await sleep(20);
    }
    await drain(log, [...ignored], ignored.size * options.subscribers, 2_000, () => {});
    say(`subscriptions live     all ${options.subscribers.toLocaleString('en')} received a barrier event (${ignored.size} sent)`);
    const after = await settledMemory(server, options.settleMs);
    const perConnectionKiB = (after.rssKiB - before.rssKiB) / options.subscribers;
    const heapPerConnectionKiB = (after.v8.heapUsed - before.v8.heapUsed) / 1024 / options.subscribers;
    say(
      `memory                 server RSS ${(before.rssKiB / 1024).toFixed(1)} → ${(after.rssKiB / 1024).toFixed(1)} MiB: ` +
        `${perConnectionKiB.toFixed(1)} KiB per connection (V8 heap ${heapPerConnectionKiB.toFixed(1)} KiB)`,
    );

    const profiler = options.profile ? await InspectorSession.connect(server.inspectorUrl) : null;
    await profiler?.startCpuProfile();
    const cpu = sampleCpu(server.pid, { databaseCpuMs: server.databaseCpuMs });
    const committing = phase('committing events', options.events);
    const events = await commitPaced(server, writerToken, options.events, options.rate, (done) => committing.update(done));
    const commitMs = events.at(-1)!.ackedAt - events[0]!.sentAt;
    const achievedRate = events.length > 1 ? ((events.length - 1) * 1000) / (events.at(-1)!.sentAt - events[0]!.sentAt) : options.rate;
    committing.finish(`${options.events} committed in ${(commitMs / 1000).toFixed(1)} s (${achievedRate.toFixed(1)}/s)`);
    const expected = options.events * options.subscribers;
    const delivering = phase('awaiting deliveries', expected);
    await drain(log, events.map((event) => event.key), expected, 5_000, (delivered) => delivering.update(delivered));
    const window = cpu.stop();
    let profile: FanoutResult['profile'] = null;
    if (profiler) {
      const raw = await profiler.stopCpuProfile();
      await profiler.close();
      profile = { raw, summary: summarizeProfile(raw, 12), stages: attributeSelfTime(raw, fanoutStage, 'other (Node internals, timers)') };
    }
    const report = log.report(events, ignored);
    delivering.finish(`${report.delivered.toLocaleString('en')}/${expected.toLocaleString('en')} delivered`);

    return {
      options,
      backlogEvents,
      connectMs,
      commitMs,
      achievedRate,
      expected,
      delivered: report.delivered,
      misses: report.misses,
      duplicates: report.duplicates,
      outOfOrder: report.outOfOrder,
      unexpected: report.unexpected,
      unexpectedByTopic: report.unexpectedByTopic,
      deliveredBeforeAck: report.fromAck.filter((value) => value < 0).length,
      subscriberFailures: [...pool.failures],
      latency: {
        commitToDelivery: summarize(report.fromAck),
        sendToDelivery: summarize(report.fromSend),
        commitToFirstSubscriber: summarize(report.firstFromAck),
        fanOutSpread: summarize(report.spread),
        mutationRoundTrip: summarize(events.map((event) => event.ackedAt - event.sentAt)),
      },
      memory: { before, after, perConnectionKiB, heapPerConnectionKiB },
      cpu: window,
      profile,
    };
  } finally {
    await pool?.close();
  }
}

async function commitEvent(server: NexoProcess, token: string, label: string): Promise<CommittedEvent> {
  const { result, sentAt, receivedAt, status } = await postGraphQL<{ createPerson: { __typename: string; person?: { id: string }; message?: string } }>(
    server.url,
    token,
    CREATE_PERSON,
    { input: { firstName: 'Fanout', lastName: label } },
  );
  const payload = result.data?.createPerson;
  if (!payload?.person) throw new Error(`createPerson failed (HTTP ${status}): ${JSON.stringify(result.errors ?? payload)}`);
  return { key: payload.person.id, sentAt, ackedAt: receivedAt };
}

/**
 * Warms the write and delivery paths with one subscriber, so the memory baseline is not taken from
 * a cold process, and waits until the relay has published every event committed before ours: on
 * a fresh database that is the seeded history (tens of thousands of `interaction.recorded`), which
 * would otherwise reach the measured subscribers as live events. Returns how many it saw.
 */
async function warmUp(server: NexoProcess, writerToken: string): Promise<number> {
  const probe = new DeliveryLog(1);
  const pool = await openActivitySubscribers({
    url: server.url,
    size: 1,
    token: () => server.token({ tenant: 'demo', roles: ['viewer'], subject: 'fanout-probe' }),
    onEvent: (_subscriber, event, receivedAt) => probe.record(0, event.customerId ?? event.subjectId, event.topic, receivedAt, event.position),
  });
  try {
    const warmUps: string[] = [];
    for (let index = 0; index < 10; index++) warmUps.push((await commitEvent(server, writerToken, `Warm-up ${index + 1}`)).key);
    const catchingUp = phase('relay catching up', warmUps.length);
    const deadline = performance.now() + 60_000;
    for (let seen = 0; seen < warmUps.length; seen = probe.deliveredOf(warmUps)) {
      if (pool.failures.length) throw new Error(`the warm-up subscription failed: ${pool.failures[0]!.reason}`);
      if (performance.now() > deadline) throw new Error(`the relay had not published our warm-up events 60 s after they were committed (${probe.total} events seen)`);
      catchingUp.update(seen, `(${probe.total.toLocaleString('en')} events published)`);
      await sleep(50);
    }
    catchingUp.finish(`${warmUps.length} warm-up events delivered`);
    return probe.total - warmUps.length;
  } finally {
    await pool.close();
  }
}

/** Server memory once garbage is collected and allocation has settled. */
async function settledMemory(server: NexoProcess, settleMs: number): Promise<{ rssKiB: number; v8: ProcessMemory }> {
  const inspector = await InspectorSession.connect(server.inspectorUrl!);
  try {
    await inspector.collectGarbage();
    await sleep(settleMs);
    await inspector.collectGarbage();
    return { rssKiB: residentKiB(server.pid), v8: await inspector.memoryUsage() };
  } finally {
    await inspector.close();
  }
}

/** Commits events one at a time at a steady pace; a slow commit delays the next, never overlaps it. */
async function commitPaced(server: NexoProcess, token: string, count: number, rate: number, onCommitted: (done: number) => void): Promise<CommittedEvent[]> {
  const interval = 1000 / rate;
  const events: CommittedEvent[] = [];
  const start = performance.now();
  for (let index = 0; index < count; index++) {
    const due = start + index * interval - performance.now();
    if (due > 0) await sleep(due);
    events.push(await commitEvent(server, token, `Event ${index + 1}`));
    onCommitted(index + 1);
  }
  return events;
}

/** Waits until every (event, subscriber) pair arrived, or nothing new arrived for `quietMs`. */
async function drain(log: DeliveryLog, keys: readonly string[], expected: number, quietMs: number, onProgress: (delivered: number) => void): Promise<void> {
  let lastTotal = -1;
  let lastChange = performance.now();
  for (;;) {
    const delivered = log.deliveredOf(keys);
    onProgress(delivered);
    if (delivered >= expected) return;
    if (log.total !== lastTotal) {
      lastTotal = log.total;
      lastChange = performance.now();
    } else if (performance.now() - lastChange > quietMs) return;
    await sleep(50);
  }
}
