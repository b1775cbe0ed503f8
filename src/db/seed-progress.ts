import cliProgress from 'cli-progress';
import type { SeedProgress } from './seed-context.ts';

/** Shows each seed step as it runs and remembers how many rows every step wrote, across tenants. */
export interface SeedReporter {
  /** The progress handle handed to the plugins seeding `tenantId`. */
  forTenant(tenantId: string): SeedProgress;
  /** Closes the last step; call once every tenant is done (or has failed). */
  finish(): void;
  /** Rows written per step label, summed over tenants, in the order the steps first ran. */
  totals(): ReadonlyMap<string, number>;
}

export interface SeedReporterOptions {
  /** Live bars on stderr; otherwise one line per finished step through `log`. */
  bars: boolean;
  log: (line: string) => void;
}

// Pads step labels so the bars of one tenant line up.
const LABEL_WIDTH = 16;

interface Step {
  tenantId: string;
  label: string;
  total: number;
  done: number;
  bar: cliProgress.SingleBar | undefined;
}

export function createSeedReporter(options: SeedReporterOptions): SeedReporter {
  const totals = new Map<string, number>();
  const multibar = options.bars
    ? new cliProgress.MultiBar(
        {
          stream: process.stderr,
          format: 'seeding {tenant}: {label} [{bar}] {value}/{total}',
          barsize: 30,
          hideCursor: true,
          clearOnComplete: false,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  let current: Step | undefined;

  function close(step: Step): void {
    totals.set(step.label, (totals.get(step.label) ?? 0) + step.done);
    if (step.bar) {
      // A step may write fewer rows than it announced; show the bar full at what it did write.
      step.bar.setTotal(step.done);
      step.bar.update(step.done);
    } else {
      options.log(`seeding ${step.tenantId}: ${step.label} ${step.done}/${step.total}`);
    }
  }

  return {
    forTenant(tenantId) {
      return {
        step(label, total) {
          if (current) close(current);
          const bar = multibar?.create(total, 0, { tenant: tenantId, label: label.padEnd(LABEL_WIDTH) });
          current = { tenantId, label, total, done: 0, bar };
        },
        advance(count = 1) {
          if (!current) throw new Error('SeedProgress.advance() called before step()');
          current.done += count;
          current.bar?.update(current.done);
        },
      };
    },
    finish() {
      if (current) close(current);
      current = undefined;
      multibar?.stop();
    },
    totals: () => totals,
  };
}
