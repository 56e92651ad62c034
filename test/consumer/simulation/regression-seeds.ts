import type { Breakage } from './breakages';
import type { RevertedFix } from './reverted-fixes';

/** A seed kept because it once broke an invariant, or because it proves a check can fail. */
export interface RegressionCase {
  readonly seed: number;
  /** What it found. */
  readonly name: string;
  /** With this fix reverted, the seed breaks `invariant` (the fix's negative control). */
  readonly fix?: RevertedFix;
  /** With this bug put in on purpose, the seed breaks `invariant` (the check's negative control). */
  readonly breakage?: Breakage;
  readonly invariant?: string;
  /**
   * The prefetch the seed is replayed with, instead of the one it draws: 0 for the cases found
   * before the consumer had a prefetch, which replay the runs they were found in.
   */
  readonly prefetch?: number;
  /** The share of handler calls that change visibility, instead of the drawn one (see above). */
  readonly changeVisibility?: number;
}

/**
 * Every seed that ever failed, and one seed per fix and per deliberate bug that proves the
 * simulation finds it. A seed's run is what the simulation draws for it (scenario.ts and the
 * order of calls to the random source): when the draws change, find each control's seed again
 * with `npm run sim -- --revert FIX` or `--break NAME` and update the cases below.
 */
const BEFORE_PREFETCH: readonly RegressionCase[] = [
  // ---- the fixes, each with the seed that finds its defect when the fix is undone --------------
  {
    seed: 3,
    name: 'handlers past their timeout push the consumer over its concurrency',
    fix: 'timeout-frees-slot',
    // Since the worker gate counts a call until it ends, the slot freed early no longer lets
    // more handlers run; what it receives with that slot waits for a worker that is not free.
    invariant: 'no stall',
  },
  {
    seed: 14,
    name: 'an abort answered after a restart leaves a running consumer that never polls',
    fix: 'late-abort-stalls',
    invariant: 'no stall',
  },
  {
    seed: 6,
    name: 'SQS redelivers a message whose handler still runs, and it runs twice at once',
    fix: 'redelivery-runs-twice',
    invariant: 'one run of a message at a time',
  },
  {
    seed: 51,
    name: 'a FIFO batch handler runs a returning group beside the batch that holds it',
    fix: 'fifo-batches-overlap',
    invariant: 'one handler per FIFO group',
  },
  {
    seed: 65,
    name: 'followers put back at a timeout free slots that nobody polls with',
    fix: 'timeout-followers-idle',
    invariant: 'no stall',
  },
  {
    seed: 1319,
    name: 'a receive landing while the stop drains leaves its message unreleased',
    fix: 'single-drain',
    invariant: 'a stop releases what has not started',
  },
  {
    seed: 1616,
    name: 'stop() on a stopped consumer resolves before late handlers are acknowledged',
    fix: 'stopped-stop-resolves-early',
    invariant: 'a stop releases what has not started',
  },
  {
    seed: 20,
    name: 'a restart leaves the message of a handler a stop gave up on without heartbeat',
    fix: 'heartbeat-ends-at-stop',
    invariant: 'a held message stays invisible',
  },
  {
    seed: 1241,
    name: "a FIFO batch handler's timeout keeps the messages waiting behind it",
    fix: 'batch-followers-kept',
    invariant: 'followers of a timed-out handler go back',
  },
  {
    seed: 53,
    name: 'a receive the network never answers holds its slots for good',
    fix: 'no-receive-watchdog',
    invariant: 'no stall',
  },
  // ---- bugs put in on purpose: each check can fail ----------------------------------------------
  {
    seed: 1,
    name: 'a success put back instead of deleted',
    breakage: 'success-not-deleted',
    invariant: 'a success is deleted',
  },
  {
    seed: 1,
    name: 'a failure deleted',
    breakage: 'failure-deleted',
    invariant: 'delete only after success',
  },
  {
    seed: 3,
    name: 'a heartbeat that skips timed-out messages',
    breakage: 'heartbeat-skips-overdue',
    invariant: 'no livelock',
  },
  {
    seed: 54,
    name: 'followers kept behind a timed-out message',
    breakage: 'followers-kept-at-timeout',
    invariant: 'followers of a timed-out handler go back',
  },
  {
    seed: 6,
    name: 'a timed-out message retried at once, not after its announced delay',
    breakage: 'announced-delay-ignored',
    invariant: 'a failure is retried as announced',
  },
  {
    seed: 6,
    name: 'an adopted redelivery that keeps its slot',
    breakage: 'adoption-leaks-slot',
    invariant: 'slots account for what is held',
  },
  {
    seed: 3,
    name: "a timed-out handler's settlement that gives a slot back twice",
    breakage: 'overdue-releases-twice',
    invariant: 'slots account for what is held',
  },
  {
    seed: 110,
    name: 'a stop that keeps the FIFO messages waiting in groups',
    breakage: 'stop-keeps-waiting',
    invariant: 'a stop releases what has not started',
  },
  // ---- found under earlier draws of the simulation; kept because they once failed ---------------
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
  { seed: 43, name: 'a heartbeat retried after the settlement it should give way to' },
  { seed: 48, name: "an earlier delivery's put-back retried after the message came back" },
  { seed: 79, name: 'an empty batch of refused entries sent to SQS' },
  { seed: 479, name: "a settlement superseded by a newer delivery's put-back" },
  // Controls until heartbeats moved the deadline only when they land (their runs changed then).
  { seed: 8, name: 'a handler past its timeout ran its message again beside the first run' },
  { seed: 37, name: 'a stale heartbeat reached SQS after the retry visibility' },
];

/** Found since handlers change visibility in some runs (everything drawn, as `npm test` runs it). */
const DRAWN: readonly RegressionCase[] = [
  {
    seed: 2,
    name: "a handler's change shortened SQS's deadline before the consumer counted it",
    fix: 'shortening-counts-on-answer',
    invariant: "the consumer's deadline is SQS's or earlier",
  },
  {
    seed: 864,
    name: "control: a change overlapping the handler's sets the deadline",
    breakage: 'overlap-trusts-latest',
    invariant: "the consumer's deadline is SQS's or earlier",
  },
];

/** Found with prefetch (drawn per seed), before handlers changed visibility. */
const WITH_PREFETCH: readonly RegressionCase[] = [
  {
    seed: 17,
    name: 'control: an extension answered after the deadline it knew is trusted',
    breakage: 'late-extension-trusted',
    invariant: "the consumer's deadline is SQS's or earlier",
  },
  {
    seed: 8,
    name: 'a handler past its timeout runs its message again beside the first run',
    fix: 'timeout-frees-slot',
    invariant: 'one run of a message at a time',
  },
  {
    seed: 37,
    name: 'a stale heartbeat reaches SQS after the retry visibility it should give way to',
    fix: 'acks-out-of-order',
    invariant: 'a failure is retried as announced',
  },
  {
    seed: 1,
    name: "a heartbeat's deadline counted from when it was asked for, not from when SQS had it",
    fix: 'deadline-moves-on-landing',
    invariant: "the consumer's deadline is SQS's or earlier",
  },
  {
    seed: 57,
    name: 'control: batch calls larger than the workers',
    breakage: 'batch-calls-oversized',
    invariant: 'at most `concurrency` messages in handlers',
  },
  {
    seed: 6,
    name: 'control: a batch too large for the free workers waits behind a long call (review)',
    breakage: 'batch-never-split',
    invariant: 'no stall',
  },
  {
    seed: 2,
    name: 'control: received-ahead messages start past the workers',
    breakage: 'gate-unbounded',
    invariant: 'at most `concurrency` messages in handlers',
  },
  {
    seed: 2,
    name: 'control: a stop keeps received-ahead messages',
    breakage: 'stop-keeps-prefetched',
    invariant: 'a stop releases what has not started',
  },
  {
    seed: 2,
    name: 'control: receives beyond the prefetch bound',
    breakage: 'prefetch-unbounded',
    invariant: 'at most `concurrency + prefetch` messages held',
  },
];

/**
 * Every seed that ever failed, and one seed per fix and per deliberate bug that proves the
 * simulation finds it (see above for finding a control's seed again).
 */
export const REGRESSION_CASES: readonly RegressionCase[] = [
  ...BEFORE_PREFETCH.map((c) => ({ ...c, prefetch: 0, changeVisibility: 0 })),
  ...WITH_PREFETCH.map((c) => ({ ...c, changeVisibility: 0 })),
  ...DRAWN,
];
