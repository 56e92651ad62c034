import { breakConsumer } from './breakages';
import { REGRESSION_CASES } from './regression-seeds';
import { revert } from './reverted-fixes';
import { DEFAULT_SEEDS, describeFailure, runSeed } from './run-seed';

const CHUNK = 250;

async function failuresIn(from: number, count: number): Promise<string[]> {
  const failures: string[] = [];
  for (let seed = from; seed < from + count; seed++) {
    const result = await runSeed(seed);
    if (result.violation) failures.push(describeFailure(result));
  }
  return failures;
}

/** The first seed in 1..DEFAULT_SEEDS that breaks an invariant, if any. */
async function firstFailingSeed(): Promise<number | undefined> {
  for (let seed = 1; seed <= DEFAULT_SEEDS; seed++) {
    if ((await runSeed(seed)).violation) return seed;
  }
  return undefined;
}

describe('consumer simulation', () => {
  for (let from = 1; from <= DEFAULT_SEEDS; from += CHUNK) {
    it(`holds every invariant on seeds ${from}–${from + CHUNK - 1}`, async () => {
      // Printed whole on failure: each report ends with the command that replays it.
      expect((await failuresIn(from, CHUNK)).join('\n\n')).toBe('');
    }, 120_000);
  }

  describe('regression seeds', () => {
    it.each(REGRESSION_CASES)('seed $seed: $name', async ({ seed, prefetch, changeVisibility }) => {
      const result = await runSeed(seed, { prefetch, changeVisibility });
      expect(result.violation ? describeFailure(result) : '').toBe('');
    });
  });

  describe('negative controls: with a fix reverted or a bug put in, its seed breaks its check', () => {
    const controls = REGRESSION_CASES.filter((c) => c.fix ?? c.breakage).map((c) => ({
      ...c,
      control: c.fix ? `fix '${c.fix}' reverted` : `bug '${c.breakage}' put in`,
    }));
    it.each(controls)(
      '$control: seed $seed breaks "$invariant"',
      async ({ seed, fix, breakage, invariant, prefetch, changeVisibility }) => {
        const restore = fix ? revert(fix) : breakConsumer(breakage as NonNullable<typeof breakage>);
        try {
          const result = await runSeed(seed, { prefetch, changeVisibility });
          expect(result.violation?.invariant).toBe(invariant);
        } finally {
          restore();
        }
      },
    );

    // The two defects this simulation was built to find must be found by the default seeds.
    it.each(['timeout-frees-slot', 'late-abort-stalls'] as const)(
      '%s is found within the default seeds',
      async (fix) => {
        const restore = revert(fix);
        try {
          expect(await firstFailingSeed()).toBeDefined();
        } finally {
          restore();
        }
      },
      120_000,
    );
  });
});
