import { runLauncher } from './launcher/demo-launcher';

/**
 * `npm start`: the demo as three processes (the emulator, the notifier, the orders service),
 * configured from the environment; see the README for the variables.
 */
runLauncher().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `The demo launcher failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
