import { percentile } from '../bench-db/measure.js';
import type { Recorder } from './recorder.js';
import type { LoadWindow, Tick } from './vus.js';

/** Non-terminal output (CI, a test) gets a line every this many seconds instead of one redrawn line. */
const PLAIN_EVERY_S = 10;

/** The line shown while the load runs: phase and time left, VUs, connections, req/s, p95 and errors of the last second. */
export function progressLine(label: string, recorder: Recorder): (tick: Tick, window: LoadWindow) => void {
  let seen = 0;
  let errors = 0;
  let printed = 0;
  const tty = process.stdout.isTTY === true;
  return (tick, window) => {
    const fresh = recorder.samples.slice(seen).filter((s) => s.flow !== 'setup');
    seen = recorder.samples.length;
    errors += fresh.filter((s) => !s.ok).length;
    const p95 = percentile(
      fresh.map((s) => s.ms).sort((a, b) => a - b),
      95,
    );
    const left = Math.max(0, (tick.phase === 'ramp' ? window.steadyFrom : window.steadyTo) - tick.at) / 1000;
    const line =
      `[bench] ${label} ${tick.phase} ${left.toFixed(0)} s left · ${tick.activeVus} VUs · ${tick.connections} conns · ` +
      `${fresh.length} req/s · p95 ${Number.isNaN(p95) ? '–' : p95.toFixed(0)} ms · ${errors} errors`;
    if (tty) process.stdout.write(`\r\x1b[2K${line}`);
    else if (tick.at - printed >= PLAIN_EVERY_S * 1000) {
      printed = tick.at;
      console.log(line);
    }
  };
}

export function endProgress(): void {
  if (process.stdout.isTTY === true) process.stdout.write('\n');
}
