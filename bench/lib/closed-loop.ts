import { phase } from './progress.ts';
import { summarize, type LatencySummary } from './stats.ts';

/**
 * One request of a workload: `sequence` counts the side's requests from 0 (warm-up included), so
 * every side walks the same inputs in the same order. Throws when the answer is wrong.
 */
export type Operation = (sequence: number) => Promise<void>;

export interface RoundsOptions {
  /** Requests in flight per side: each worker sends its next request when the previous answered. */
  concurrency: number;
  rounds: number;
  /** Length of one side's turn in a round. */
  roundMs: number;
  /** Unmeasured time per side before the rounds, in turns of at most `roundMs`. */
  warmUpMs: number;
  /** Progress label. */
  label: string;
  /**
   * Cumulative CPU counters in ms (e.g. `{ server, database, benchmark }`), read around each turn:
   * the figures then say how much CPU each process spent per request on each side.
   */
  cpuCounters?: () => Record<string, number>;
}

export interface SideFigures {
  requests: number;
  /** Measured time: the sum of the side's turns, each from its start until its last answer. */
  elapsedMs: number;
  /** Requests per second. */
  throughput: number;
  latency: LatencySummary;
  /** Requests per second of each measured turn, in order: how steady the side was. */
  turns: number[];
  /** CPU ms per request by process, over the measured turns (when `cpuCounters` was given). */
  cpuMsPerRequest?: Record<string, number>;
}

/**
 * Runs the sides closed-loop at a fixed concurrency, in turns: warm-up rounds, then `rounds`
 * rounds in which every side has one turn, the order rotating from round to round, so that
 * whatever else the machine does (other processes, the database's background work, a garbage
 * collection) falls on every side alike. The first failure stops the run and is thrown.
 */
export async function runRounds<Side extends string>(sides: Record<Side, Operation>, options: RoundsOptions): Promise<Record<Side, SideFigures>> {
  const names = Object.keys(sides) as Side[];
  const sequences = new Map<Side, number>(names.map((name) => [name, 0]));
  const samples = new Map<Side, number[]>(names.map((name) => [name, []]));
  const elapsed = new Map<Side, number>(names.map((name) => [name, 0]));
  const cpu = new Map<Side, Record<string, number>>(names.map((name) => [name, {}]));
  const turnRates = new Map<Side, number[]>(names.map((name) => [name, []]));
  const progress = phase(options.label, names.length * (options.rounds + Math.ceil(options.warmUpMs / options.roundMs)));
  let turns = 0;

  const turn = async (name: Side, measured: boolean, durationMs: number) => {
    const operation = sides[name];
    const latencies = samples.get(name)!;
    const cpuBefore = options.cpuCounters?.();
    const started = performance.now();
    const deadline = started + durationMs;
    let failure: unknown = null;
    let completed = 0;
    const worker = async () => {
      while (failure === null && performance.now() < deadline) {
        const sequence = sequences.get(name)!;
        sequences.set(name, sequence + 1);
        const sentAt = performance.now();
        try {
          await operation(sequence);
        } catch (error) {
          failure ??= error;
          return;
        }
        completed++;
        if (measured) latencies.push(performance.now() - sentAt);
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    if (failure !== null) {
      progress.finish(`failed on ${name}`);
      throw failure instanceof Error ? failure : new Error(String(failure));
    }
    if (measured) {
      const turnMs = performance.now() - started;
      elapsed.set(name, elapsed.get(name)! + turnMs);
      turnRates.get(name)!.push((completed * 1000) / turnMs);
      if (cpuBefore) {
        const totals = cpu.get(name)!;
        for (const [process, ms] of Object.entries(options.cpuCounters!())) totals[process] = (totals[process] ?? 0) + ms - cpuBefore[process]!;
      }
    }
    progress.update(++turns, measured ? note() : 'warming up');
  };
  const note = () =>
    names
      .filter((name) => samples.get(name)!.length > 0)
      .map((name) => `${name} ${((samples.get(name)!.length * 1000) / elapsed.get(name)!).toFixed(0)}/s`)
      .join(', ');

  // The warm-up is interleaved too: no side idles longer than a round, so neither pool closes its
  // idle connections (pg's default is after 10 s) and starts its measured turns cold.
  const warmUpRounds = Math.ceil(options.warmUpMs / options.roundMs);
  for (let round = 0; round < warmUpRounds; round++) {
    for (let index = 0; index < names.length; index++) await turn(names[(index + round) % names.length]!, false, options.warmUpMs / warmUpRounds);
  }
  for (let round = 0; round < options.rounds; round++) {
    for (let index = 0; index < names.length; index++) await turn(names[(index + round) % names.length]!, true, options.roundMs);
  }

  const figures = Object.fromEntries(
    names.map((name) => {
      const latencies = samples.get(name)!;
      const elapsedMs = elapsed.get(name)!;
      const cpuMsPerRequest = options.cpuCounters ? Object.fromEntries(Object.entries(cpu.get(name)!).map(([process, ms]) => [process, ms / latencies.length])) : undefined;
      return [
        name,
        { requests: latencies.length, elapsedMs, throughput: (latencies.length * 1000) / elapsedMs, latency: summarize(latencies), turns: turnRates.get(name)!, ...(cpuMsPerRequest && { cpuMsPerRequest }) },
      ];
    }),
  ) as Record<Side, SideFigures>;
  progress.finish(names.map((name) => `${name} ${figures[name].throughput.toFixed(0)}/s p95 ${figures[name].latency.p95.toFixed(1)} ms`).join(' · '));
  return figures;
}
