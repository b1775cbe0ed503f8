import { fanoutPassed } from '../fanout/report.ts';
import { runFanout } from '../fanout/run.ts';
import { round } from '../lib/stats.ts';
import { statementsOf, type WorkloadContext, type WorkloadResult } from './context.ts';

/**
 * The fan-out benchmark (bench/fanout) as one workload: Nexo's figures are commit-to-delivery
 * latencies over every (event, subscriber) pair, on this build only. There is no SQL baseline for
 * it, and a build of --against cannot run it beside this one: one relay per database publishes
 * the events, this build's (it started first), to the subscribers of its own process.
 */
export async function runFanoutWorkload(context: WorkloadContext, options: { subscribers: number; events: number; rate: number }): Promise<WorkloadResult> {
  const result = await runFanout(context.nexo.server, { ...options, connectConcurrency: 50, settleMs: 1_000, profile: false });
  if (!fanoutPassed(result)) {
    throw new Error(
      `fanout: deliveries were wrong: ${result.misses} missed, ${result.duplicates} duplicated, ${result.outOfOrder} out of order, ` +
        `${result.unexpected} unexpected, ${result.subscriberFailures.length} subscriber failures`,
    );
  }
  const latency = result.latency.commitToDelivery;
  return {
    name: 'fanout',
    nexo: { requests: result.delivered, elapsedMs: result.commitMs, throughput: (result.delivered * 1000) / result.commitMs, latency, turns: [] },
    other: null,
    statementsPerRequest: { nexo: (await statementsOf(context, 'FanoutEvent')).nexo, other: null },
    statementVariants: null,
    details: {
      subscribers: options.subscribers,
      events: options.events,
      eventsPerSecond: round(result.achievedRate, 1),
      throughputIs: 'deliveries per second while the events were committed',
      memoryPerConnectionKiB: round(result.memory.perConnectionKiB, 1),
      heapPerConnectionKiB: round(result.memory.heapPerConnectionKiB, 1),
      delivered: result.delivered,
      misses: result.misses,
      duplicates: result.duplicates,
      mutationRoundTripP50: round(result.latency.mutationRoundTrip.p50),
      serverCpuShareOfCore: round(result.cpu.serverCpuMs / result.cpu.wallMs, 3),
    },
  };
}
