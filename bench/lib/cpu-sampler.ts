import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { cpuMs, machineBusyMs } from './process-stats.ts';

export interface CpuWindow {
  wallMs: number;
  /** CPU of the server process, every thread (main, GC helpers, libuv pool). */
  serverCpuMs: number;
  /** CPU of the server's PostgreSQL when it runs on this machine (embedded); null otherwise. */
  databaseCpuMs: number | null;
  /** CPU of this process: the load generator and the subscribers. */
  benchCpuMs: number;
  /** Share of the window this process's event loop was busy (0–1): near 1, the client is the bottleneck. */
  benchLoopUtilization: number;
  /** How late this process's timers fired, p99 ms: an upper bound on how late it timestamps a message. */
  benchLoopDelayP99Ms: number;
  /**
   * CPU every other process of the machine used meanwhile (the machine's busy time minus the
   * server, its database and this process): well above zero, the figures are disturbed.
   */
  othersCpuMs: number;
}

/**
 * Starts measuring CPU over a window; `stop()` returns the totals since the start. `databaseCpuMs`
 * reads the CPU its PostgreSQL has used so far (NexoProcess.databaseCpuMs), null when it runs elsewhere.
 */
export function sampleCpu(serverPid: number, options: { databaseCpuMs: (() => number) | null }): { stop(): CpuWindow } {
  const started = performance.now();
  const server = cpuMs(serverPid);
  const readDatabase = options.databaseCpuMs;
  const database = readDatabase ? readDatabase() : null;
  const bench = process.cpuUsage();
  const machine = machineBusyMs();
  const loop = performance.eventLoopUtilization();
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  return {
    stop() {
      delay.disable();
      const used = process.cpuUsage(bench);
      const serverCpuMs = cpuMs(serverPid) - server;
      const databaseCpuMs = database === null || !readDatabase ? null : readDatabase() - database;
      const benchCpuMs = (used.user + used.system) / 1000;
      return {
        wallMs: performance.now() - started,
        serverCpuMs,
        databaseCpuMs,
        benchCpuMs,
        othersCpuMs: Math.max(0, machineBusyMs() - machine - serverCpuMs - (databaseCpuMs ?? 0) - benchCpuMs),
        benchLoopUtilization: performance.eventLoopUtilization(loop).utilization,
        benchLoopDelayP99Ms: delay.percentile(99) / 1e6,
      };
    },
  };
}
