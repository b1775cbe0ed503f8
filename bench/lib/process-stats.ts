import { readdirSync, readFileSync } from 'node:fs';

// USER_HZ: the unit of utime/stime in /proc/<pid>/stat; 100 on every Linux architecture Node runs on.
const CLOCK_TICKS_PER_SECOND = 100;

/** Resident set size of a process in KiB (VmRSS in /proc/<pid>/status); Linux only. */
export function residentKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!match) throw new Error(`/proc/${pid}/status has no VmRSS line (has the process exited?)`);
  return Number(match[1]);
}

interface StatFields {
  pid: number;
  parent: number;
  cpuMs: number;
}

function readStat(pid: number): StatFields | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null; // exited between the listing and the read
  }
  // The command name (field 2) may hold spaces and parentheses: the fields after it start at the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
  return { pid, parent: Number(fields[1]), cpuMs: (ticks * 1000) / CLOCK_TICKS_PER_SECOND };
}

/**
 * CPU time of a process and of every child it has reaped (cutime, cstime), ms: for PostgreSQL's
 * postmaster, with descendantsCpuMs, this keeps counting the backends of closed connections.
 */
export function cpuWithReapedChildrenMs(pid: number): number {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]); // utime, stime, cutime, cstime
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** CPU time (user + system) a process has used so far, in ms, at a 10 ms resolution. */
export function cpuMs(pid: number): number {
  const stat = readStat(pid);
  if (!stat) throw new Error(`/proc/${pid}/stat cannot be read (has the process exited?)`);
  return stat.cpuMs;
}

/** CPU time of every live descendant of `pid` (not the process itself): e.g. an embedded PostgreSQL. */
export function descendantsCpuMs(pid: number): number {
  const stats = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map((name) => readStat(Number(name))).filter((stat) => stat !== null);
  const childrenOf = new Map<number, StatFields[]>();
  for (const stat of stats) childrenOf.set(stat.parent, [...(childrenOf.get(stat.parent) ?? []), stat]);
  let total = 0;
  const pending = [...(childrenOf.get(pid) ?? [])];
  for (let stat = pending.pop(); stat; stat = pending.pop()) {
    total += stat.cpuMs;
    pending.push(...(childrenOf.get(stat.pid) ?? []));
  }
  return total;
}

/** CPU time every core of the machine spent busy so far, in ms (/proc/stat; iowait counts as idle). */
export function machineBusyMs(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  const busy = user! + nice! + system! + irq! + softirq! + (steal ?? 0);
  return (busy * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** Time every core of the machine spent idle or waiting for I/O so far, in ms (/proc/stat). */
export function machineIdleMs(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
  const [, , , idle, iowait] = line.trim().split(/\s+/).slice(1).map(Number);
  return ((idle! + iowait!) * 1000) / CLOCK_TICKS_PER_SECOND;
}
