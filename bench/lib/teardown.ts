/**
 * What a run has to undo — clients, servers, the database, a worktree — in the reverse order it was
 * set up, exactly once, whether the run ends, fails or is interrupted. A step that fails is reported
 * and the others still run.
 */
export class Teardown {
  private readonly steps: { label: string; undo: () => Promise<unknown> | void }[] = [];
  private running: Promise<void> | null = null;

  add(label: string, undo: () => Promise<unknown> | void): void {
    this.steps.push({ label, undo });
  }

  /** Runs the teardown on Ctrl-C or SIGTERM, then exits 130: an interrupted run leaves nothing behind. */
  onInterrupt(log: (line: string) => void): void {
    const interrupt = () => {
      log('\ninterrupted: stopping the servers, removing what the run made …');
      void this.run(log).finally(() => process.exit(130));
    };
    process.once('SIGINT', interrupt);
    process.once('SIGTERM', interrupt);
  }

  run(log: (line: string) => void): Promise<void> {
    this.running ??= (async () => {
      for (const step of this.steps.reverse()) {
        try {
          await step.undo();
        } catch (error) {
          log(`could not ${step.label}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    })();
    return this.running;
  }
}
