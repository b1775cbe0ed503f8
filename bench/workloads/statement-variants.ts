import { median } from '../lib/stats.ts';
import type { NexoBuild, WorkloadContext } from './context.ts';

/**
 * SQL statements per request of one request under inputs that must not change them — a larger
 * page, a busier customer: a count that grows with the data is an N+1.
 */
export interface StatementVariants {
  /** What varies, e.g. "page size". */
  varies: string;
  /** Per variant, the median statements per request of this build and of the build of --against (null against SQL). */
  variants: { label: string; nexo: number; other: number | null }[];
}

export interface StatementProbe {
  label: string;
  /** The operation name the request log is read by: one per variant. */
  operation: string;
  /** Sends the variant's request to a build under that operation name. */
  request: (build: NexoBuild, operation: string) => Promise<unknown>;
}

const REQUESTS_PER_PROBE = 3;

/**
 * Sends each variant's request three times, one after the other, to every Nexo build (the median
 * leaves out a first request that fills a cache) and reads the statements from each build's log.
 */
export async function probeStatements(context: WorkloadContext, varies: string, probes: readonly StatementProbe[]): Promise<StatementVariants> {
  const onBuild = async (build: NexoBuild, probe: StatementProbe) => {
    for (let index = 0; index < REQUESTS_PER_PROBE; index++) await probe.request(build, probe.operation);
    return median((await build.requestLog.waitFor(probe.operation, REQUESTS_PER_PROBE)).map((line) => line.statements));
  };
  const variants: StatementVariants['variants'] = [];
  for (const probe of probes) {
    variants.push({
      label: probe.label,
      nexo: await onBuild(context.nexo, probe),
      other: context.opponent.kind === 'build' ? await onBuild(context.opponent.build, probe) : null,
    });
  }
  return { varies, variants };
}

/** Whether a build's statements are the same in every variant (null: that build was not probed). */
export function constantAcross(variants: StatementVariants, side: 'nexo' | 'other'): boolean | null {
  const counts = variants.variants.map((variant) => variant[side]);
  if (counts.some((count) => count === null)) return null;
  return counts.every((count) => count === counts[0]);
}

/** For the progress display: "2 (10 per page); 2 (50 per page)"; against a build, "10 per page: 2 (main 2); …". */
export function variantsLine(context: WorkloadContext, variants: StatementVariants): string {
  const { opponent } = context;
  return variants.variants
    .map((variant) => (opponent.kind === 'build' ? `${variant.label}: ${variant.nexo} (${opponent.label} ${variant.other})` : `${variant.nexo} (${variant.label})`))
    .join('; ');
}

/** "4 · 4 · 4" for a build, in the order of the variants. */
export function countsOf(variants: StatementVariants, side: 'nexo' | 'other'): string {
  return variants.variants.map((variant) => (variant[side] === null || !Number.isFinite(variant[side]) ? '–' : String(variant[side]))).join(' · ');
}
