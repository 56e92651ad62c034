import { createDemoApp } from './demo-app';
import { formatBanner } from './demo-banner';

/**
 * `npm start`: the demo on the memory backend (or `SQS_BACKEND=aws`), configured from the
 * environment; see the README for the variables.
 */
async function main(): Promise<void> {
  const demo = await createDemoApp({ shutdownHooks: true });
  process.stdout.write(formatBanner(demo));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `The demo could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
