import cliProgress from 'cli-progress';

/** One phase of a benchmark: a bar on a terminal, a few plain lines otherwise (CI logs). */
export interface PhaseProgress {
  /** Sets the count done so far; `note` is shown beside it (e.g. "12 ms p99 so far"). */
  update(done: number, note?: string): void;
  /** Ends the phase with a line saying what it did. */
  finish(summary: string): void;
}

const LABEL_WIDTH = 24;

/** Writes to stderr, so that stdout stays free for what a caller may pipe (the summary). */
export function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

/**
 * A bar when stderr is a terminal; otherwise the label once, a line at each quarter, and the
 * summary, so a CI log shows that the run advances without thousands of lines.
 */
export function phase(label: string, total: number, options: { bars?: boolean } = {}): PhaseProgress {
  const bars = options.bars ?? Boolean(process.stderr.isTTY);
  const padded = label.padEnd(LABEL_WIDTH);
  if (bars) {
    const bar = new cliProgress.SingleBar(
      { stream: process.stderr, format: `${padded} [{bar}] {value}/{total} {note}`, barsize: 30, hideCursor: true, clearOnComplete: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { note: '' });
    return {
      update: (done, note = '') => bar.update(done, { note }),
      finish(summary) {
        bar.stop();
        say(`${padded} ${summary}`);
      },
    };
  }
  say(`${padded} 0/${total}`);
  let nextQuarter = 1;
  return {
    update(done, note) {
      if (total <= 0 || done < (nextQuarter * total) / 4 || nextQuarter >= 4) return;
      while (nextQuarter < 4 && done >= (nextQuarter * total) / 4) nextQuarter++;
      say(`${padded} ${done}/${total}${note ? ` ${note}` : ''}`);
    },
    finish: (summary) => say(`${padded} ${summary}`),
  };
}
