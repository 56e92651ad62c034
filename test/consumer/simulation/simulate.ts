/**
 * `npm run sim -- [--seeds N] [--from S] [--seed S] [--trace] [--revert FIX] [--break NAME]`: runs the consumer
 * simulation on seeds S..S+N-1 (default 1..DEFAULT_SEEDS), or replays one seed, and prints every
 * invariant that broke with the command that replays it. `--trace` prints a failing run's every
 * line; `--revert FIX` runs with one fix undone, `--break NAME` with a bug put in on purpose
 * (negative controls: which seeds find it).
 * Exits 1 if any seed failed.
 */
import { BREAKAGES, type Breakage, breakConsumer } from './breakages';
import { REVERTIBLE_FIXES, revert, type RevertedFix } from './reverted-fixes';
import { DEFAULT_SEEDS, describeFailure, runSeed } from './run-seed';
import { describeScenario } from './scenario';

interface Args {
  seeds: number;
  from: number;
  trace: boolean;
  revert: RevertedFix | undefined;
  breakage: Breakage | undefined;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = {
    seeds: DEFAULT_SEEDS,
    from: 1,
    trace: false,
    revert: undefined,
    breakage: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): number => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} needs a whole number`);
      return n;
    };
    if (flag === '--seeds') args.seeds = value();
    else if (flag === '--from') args.from = value();
    else if (flag === '--seed') {
      args.from = value();
      args.seeds = 1;
    } else if (flag === '--trace') args.trace = true;
    else if (flag === '--revert') {
      const fix = argv[++i];
      if (!(fix in REVERTIBLE_FIXES)) {
        throw new Error(`--revert takes one of: ${Object.keys(REVERTIBLE_FIXES).join(', ')}`);
      }
      args.revert = fix as RevertedFix;
    } else if (flag === '--break') {
      const name = argv[++i];
      if (!(name in BREAKAGES)) {
        throw new Error(`--break takes one of: ${Object.keys(BREAKAGES).join(', ')}`);
      }
      args.breakage = name as Breakage;
    } else {
      throw new Error(
        `Unknown option ${flag}. Use --seeds N, --from S, --seed S, --trace, --revert FIX, --break NAME.`,
      );
    }
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const restore = args.revert
    ? revert(args.revert)
    : args.breakage
      ? breakConsumer(args.breakage)
      : undefined;
  if (args.revert) console.log(`With the fix '${args.revert}' reverted.`);
  if (args.breakage) console.log(`With the breakage '${args.breakage}' put in.`);
  const started = performance.now();
  let failed = 0;
  let steps = 0;
  let maxSteps = 0;
  for (let seed = args.from; seed < args.from + args.seeds; seed++) {
    const result = await runSeed(seed, { fullTrace: args.trace });
    steps += result.steps;
    maxSteps = Math.max(maxSteps, result.steps);
    if (result.violation) {
      failed++;
      console.log(
        describeFailure(
          result,
          args.revert
            ? `--revert ${args.revert}`
            : args.breakage
              ? `--break ${args.breakage}`
              : undefined,
        ),
      );
    } else if (args.trace) {
      console.log(
        `Seed ${seed} held every invariant: ${describeScenario(result.scenario)}; ` +
          `${result.steps} steps, ${(result.virtualMs / 1000).toFixed(3)} s of virtual time.`,
      );
    }
  }
  restore?.();
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${args.seeds} seed(s) from ${args.from}: ${args.seeds - failed} held every invariant, ` +
      `${failed} failed; ${steps} steps (at most ${maxSteps} in one seed) in ${seconds.toFixed(1)} s.`,
  );
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 2;
});
