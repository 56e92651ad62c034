import type { RevertedFix } from './reverted-fixes';

/** A seed that once broke an invariant, kept so that it never does again. */
export interface RegressionCase {
  readonly seed: number;
  /** What it found. */
  readonly name: string;
  /**
   * The fix it proves: with that fix reverted, this seed breaks `invariant` (checked by the
   * negative controls). Seeds found before the simulation's draws last changed have none: they
   * now replay a different run, kept because it once failed.
   */
  readonly fix?: RevertedFix;
  readonly invariant?: string;
}

/**
 * Every seed that ever failed. The draws of a seed are the simulation's (scenario.ts and the
 * order of calls to the random source): when they change, find each fix's seed again with
 * `npm run sim -- --revert FIX` and update the cases below.
 */
export const REGRESSION_CASES: readonly RegressionCase[] = [
  {
    seed: 3,
    name: 'a handler past its timeout runs its message again beside the first run',
    fix: 'timeout-frees-slot',
    invariant: 'one run of a message at a time',
  },
  {
    seed: 22,
    name: 'handlers past their timeout push the consumer over its concurrency',
    fix: 'timeout-frees-slot',
    invariant: 'at most `concurrency` messages in handlers',
  },
  {
    seed: 15,
    name: 'a FIFO handler past its timeout lets the next message of its group start',
    fix: 'timeout-frees-slot',
    invariant: 'one handler per FIFO group',
  },
  {
    seed: 325,
    name: 'an abort answered after a restart leaves a running consumer that never polls',
    fix: 'late-abort-stalls',
    invariant: 'no stall',
  },
  {
    seed: 31,
    name: 'SQS redelivers a message whose handler still runs, and it runs twice at once',
    fix: 'redelivery-runs-twice',
    invariant: 'one run of a message at a time',
  },
  {
    seed: 94,
    name: 'a FIFO batch handler runs a returning group beside the batch that holds it',
    fix: 'fifo-batches-overlap',
    invariant: 'one handler per FIFO group',
  },
  {
    seed: 87,
    name: 'followers put back at a timeout free slots that nobody polls with',
    fix: 'timeout-followers-idle',
    invariant: 'no stall',
  },
  {
    seed: 4157,
    name: 'a receive landing while the stop drains leaves its message unreleased',
    fix: 'single-drain',
    invariant: 'a stop releases what has not started',
  },
  {
    seed: 2960,
    name: 'stop() on a stopped consumer resolves before late handlers are acknowledged',
    fix: 'stopped-stop-resolves-early',
    invariant: 'a stop releases what has not started',
  },
  // Found under the simulation's first draws (before the restart storms were added).
  { seed: 551, name: 'first find of the stall after a late abort' },
  { seed: 109, name: 'first find of concurrency overrun by timed-out handlers' },
  { seed: 10, name: 'first find of a redelivery running beside its first run' },
  { seed: 86, name: 'FIFO messages waiting behind a slow one are redelivered while held' },
  { seed: 214, name: 'FIFO followers put back at a failure reach the DLQ untried' },
  { seed: 251, name: 'followers released behind a failure, maxReceiveCount 1' },
  { seed: 266, name: 'a second stop while a given-up handler still runs' },
  { seed: 1, name: 'a stop gives up on a receive without saying so' },
  { seed: 1866, name: 'timed-out FIFO handler: followers freed, no poll' },
  { seed: 2414, name: 'a receive landing during the drain' },
  { seed: 2809, name: 'a receive landing during the drain, no heartbeat' },
  { seed: 8791, name: 'stop() twice with acknowledgements owed' },
];
