type Stopper = () => Promise<void> | void;

/**
 * Everything the benchmark started, stopped in reverse order exactly once: at the end of the run,
 * when it fails, and on Ctrl-C or SIGTERM. Each stopper ends its own process by PID.
 */
export class Cleanup {
  private readonly stoppers: { name: string; stop: Stopper }[] = [];
  private running: Promise<void> | undefined;

  add(name: string, stop: Stopper): void {
    this.stoppers.push({ name, stop });
  }

  /** Stops all, newest first; one stopper failing does not keep the others from running. */
  run(): Promise<void> {
    this.running ??= (async () => {
      for (const { name, stop } of this.stoppers.reverse()) {
        try {
          await stop();
        } catch (error) {
          console.error(`[bench] could not stop ${name}: ${String(error)}`);
        }
      }
    })();
    return this.running;
  }

  /** On SIGINT/SIGTERM: stop everything, then exit with the conventional 128 + signal number. */
  onSignals(): void {
    for (const [signal, code] of [
      ['SIGINT', 130],
      ['SIGTERM', 143],
    ] as const) {
      process.once(signal, () => {
        console.error(`[bench] ${signal}: stopping what the benchmark started`);
        void this.run().finally(() => process.exit(code));
      });
    }
  }
}
