// The open-loop generator in a process of its own (see runSteadyRateApart): receives its options,
// sends back its result, exits.
import { runSteadyRate, type SteadyRateOptions } from './steady-rate.js';

process.once('message', (options: SteadyRateOptions) => {
  runSteadyRate(options).then(
    (result) => process.send!(result, () => process.exit(0)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
