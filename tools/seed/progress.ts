/** Where the loader reports how far it got; the CLI draws a bar, tests pass `silentProgress`. */
export interface ProgressReporter {
  start(label: string, total: number): ProgressTask;
  log(line: string): void;
}

export interface ProgressTask {
  add(count: number): void;
  done(): void;
}

export const silentProgress: ProgressReporter = {
  start: () => ({ add: () => undefined, done: () => undefined }),
  log: () => undefined,
};

const BAR_WIDTH = 20;
const TTY_REDRAW_MS = 100;
const LINE_EVERY_MS = 5_000;

/** 950 → "950", 41_234 → "41.2k", 1_250_000 → "1.25M". */
export function formatCount(value: number): string {
  if (value < 1_000) return `${Math.round(value)}`;
  if (value < 1_000_000) return `${(value / 1_000).toFixed(value < 10_000 ? 2 : 1).replace(/\.?0+$/, '')}k`;
  return `${(value / 1_000_000).toFixed(2).replace(/\.?0+$/, '')}M`;
}

/** `users        [##########----------]  52% 52000/100000 41.2k rows/s` */
export function progressLine(label: string, done: number, total: number, seconds: number): string {
  const share = total === 0 ? 1 : Math.min(1, done / total);
  const filled = Math.round(share * BAR_WIDTH);
  const rate = seconds > 0 ? done / seconds : 0;
  const percent = `${Math.floor(share * 100)}%`.padStart(4);
  return `${label.padEnd(12)} [${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${percent} ${done}/${total} ${formatCount(rate)} rows/s`;
}

/**
 * A one-line bar per task on stderr: redrawn in place on a terminal, printed every few seconds
 * (and once at the end) when stderr is a file or a CI log.
 */
export class StreamProgress implements ProgressReporter {
  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  log(line: string): void {
    this.stream.write(`${line}\n`);
  }

  start(label: string, total: number): ProgressTask {
    const tty = this.stream.isTTY === true;
    const started = performance.now();
    let done = 0;
    let drawnAt = 0;
    let drawnDone = -1;
    const draw = (final: boolean): void => {
      const now = performance.now();
      if (!final && now - drawnAt < (tty ? TTY_REDRAW_MS : LINE_EVERY_MS)) return;
      // A log already ends with the 100 % line when the last batch happened to print it.
      if (final && !tty && drawnDone === done) return;
      drawnAt = now;
      drawnDone = done;
      const line = progressLine(label, done, total, (now - started) / 1000);
      this.stream.write(tty ? `\r${line}\x1b[K${final ? '\n' : ''}` : `${line}\n`);
    };
    if (!tty) drawnAt = started;
    else draw(false);
    return {
      add: (count) => {
        done += count;
        draw(false);
      },
      done: () => draw(true),
    };
  }
}
