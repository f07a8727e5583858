// A load generator in a process of its own (see apart.ts): receives one job, sends back its result, exits.
import { runLoad } from './load.js';
import { runSteadyRate } from './steady-rate.js';
import type { LoadJob } from './apart.js';

process.once('message', (job: LoadJob) => {
  const running = job.kind === 'closed' ? runLoad(job.options) : runSteadyRate(job.options);
  running.then(
    (result) => process.send!(result, () => process.exit(0)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
