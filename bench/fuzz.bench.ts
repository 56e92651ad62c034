/**
 * The HTTP fuzz run of `test/reliability/http-fuzz.spec.ts`, longer: prints its figures and exits
 * non-zero on any violation (a 5xx, a hang, an error outside SQS's format, a touched prototype,
 * a heap that grew more than 64 MiB).
 *
 *   node -r ts-node/register/transpile-only bench/fuzz.bench.ts [--requests 50000] [--seed 424242]
 */
import { parseArgs } from 'node:util';
import { prototypeSnapshot, runFuzz } from '../test/support/reliability/fuzz-run';

const { values: flags } = parseArgs({
  options: { requests: { type: 'string' }, seed: { type: 'string' } },
});

async function main(): Promise<number> {
  const before = prototypeSnapshot();
  const run = await runFuzz({
    requests: Number(flags.requests ?? 50_000),
    seed: Number(flags.seed ?? 424242),
  });
  await run.close();
  const { figures } = run;
  const prototypesUntouched = prototypeSnapshot() === before;
  const heapGrowthMiB = figures.heapAfterMiB - figures.heapBeforeMiB;
  process.stdout.write(
    `${JSON.stringify({ ...figures, violations: figures.violations.slice(0, 20), violationCount: figures.violations.length, prototypesUntouched, heapGrowthMiB }, null, 2)}\n`,
  );
  return figures.violations.length === 0 && prototypesUntouched && heapGrowthMiB < 64 ? 0 : 1;
}

void main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
