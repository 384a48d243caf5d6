/** One thing to undo at the end of a benchmark run. */
interface CleanupStep {
  what: string;
  undo: () => Promise<void>;
}

/**
 * Everything a benchmark run created (databases, processes, temporary directories), undone in
 * reverse order exactly once: at the end of the run, on failure, or on SIGINT/SIGTERM.
 */
export class Cleanup {
  private readonly steps: CleanupStep[] = [];
  private running: Promise<void> | undefined;

  constructor(private readonly warn: (message: string) => void) {}

  /** Registers `undo` to run at cleanup time, before every step registered earlier. */
  add(what: string, undo: () => Promise<void>): void {
    this.steps.push({ what, undo });
  }

  /** Runs every step once, newest first; a failing step is reported and does not stop the others. */
  run(): Promise<void> {
    this.running ??= this.runSteps();
    return this.running;
  }

  /**
   * Makes SIGINT and SIGTERM run the cleanup before exiting with the conventional 128 + signal
   * number, so an interrupted run leaves no database or process behind.
   */
  onSignals(): void {
    const exitCodes = { SIGINT: 130, SIGTERM: 143 } as const;
    for (const [signal, code] of Object.entries(exitCodes)) {
      process.once(signal, () => {
        this.warn(`${signal} received: cleaning up`);
        void this.run().finally(() => process.exit(code));
      });
    }
  }

  private async runSteps(): Promise<void> {
    for (const step of this.steps.reverse()) {
      try {
        await step.undo();
      } catch (error) {
        this.warn(
          `cleanup: could not ${step.what}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  }
}
