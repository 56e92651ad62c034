import { SeededRandom } from './seeded-random';

/** How the simulated network misbehaves (every share is per call). */
export interface FaultProfile {
  /** Share of calls that fail: throttled, a server error or a reset connection. */
  readonly failure: number;
  /** Of those, the share that fail after SQS carried the call out (the response is lost). */
  readonly afterServer: number;
  /** Share of calls slowed down, and the most a slow call takes each way (ms). */
  readonly slow: number;
  readonly slowMaxMs: number;
  /** Share of aborts that reach the server late, and how late at most (ms). */
  readonly lateAbort: number;
  readonly lateAbortMaxMs: number;
  /** When an abort meets a response in transit: share where the abort wins (messages stranded). */
  readonly abortWinsInTransit: number;
  /** Share of batch acknowledgements where some entries fail (`Failed`, not carried out). */
  readonly partialBatch: number;
  /** Share of receives that hang (a half-open connection): only an abort ends them. */
  readonly hang: number;
}

/** How handlers behave (per attempt unless said otherwise). */
export interface HandlerProfile {
  /** Share of attempts that throw (rejected promise). */
  readonly fail: number;
  /** Share of attempts that throw synchronously, before returning a promise. */
  readonly syncThrow: number;
  /** Share of messages that fail on every attempt (per message). */
  readonly poison: number;
  /** Share of messages whose body is not JSON (per message): they never reach a handler. */
  readonly undecodable: number;
  /** Share of attempts that stop when their signal aborts (the rest ignore it). */
  readonly honoursSignal: number;
  /** Share of attempts that run long, and how long at most (ms). */
  readonly long: number;
  readonly longMaxMs: number;
  /** Batch handlers: share of entries reported failed in a partial result. */
  readonly batchEntryFail: number;
  /**
   * Share of attempts that set their message's visibility while they work
   * (`message.changeVisibility`), which meets the heartbeat's changes of the same message.
   */
  readonly changeVisibility: number;
}

/** A stop of the consumer at `at` (ms into the run), started again after `restartAfterMs`. */
export interface StopPlan {
  readonly at: number;
  /** Undefined: stays stopped until the end of the random phase. */
  readonly restartAfterMs: number | undefined;
}

/** One message the run sends. */
export interface PlannedMessage {
  /** Its number in the run (0-based, in send order). */
  readonly k: number;
  /** FIFO group, or undefined on a standard queue. */
  readonly group: string | undefined;
  /** Its place in its group's send order. */
  readonly position: number;
  readonly sendAt: number;
  readonly poison: boolean;
  readonly undecodable: boolean;
}

/** Everything a seed decides before the run starts. */
export interface Scenario {
  readonly seed: number;
  readonly fifo: boolean;
  readonly batch: boolean;
  readonly concurrency: number;
  /** Messages received ahead of free workers (`SqsConsumerConfig.prefetch`). */
  readonly prefetch: number;
  readonly batchSize: number;
  readonly waitTimeSeconds: number;
  readonly pollIntervalMs: number;
  readonly queueVisibilitySeconds: number;
  /** Requested on receive; undefined uses the queue's. */
  readonly consumerVisibilitySeconds: number | undefined;
  readonly heartbeatFraction: number | undefined;
  readonly timeoutMs: number | undefined;
  readonly shutdownTimeoutMs: number;
  readonly receiveAbortGraceMs: number;
  /** The consumer's watchdog on unanswered receives (ms). */
  readonly receiveTimeoutMs: number;
  readonly maxReceiveCount: number;
  /** Largest retry delay the handlers' backoff returns (s). */
  readonly maxBackoffSeconds: number;
  readonly messages: readonly PlannedMessage[];
  readonly stops: readonly StopPlan[];
  /** When the random phase ends: faults stop, the consumer runs until the queue is empty. */
  readonly healAt: number;
  readonly faults: FaultProfile;
  readonly handlers: HandlerProfile;
}

const NO_FAULTS: FaultProfile = {
  failure: 0,
  afterServer: 0,
  slow: 0,
  slowMaxMs: 0,
  lateAbort: 0,
  lateAbortMaxMs: 0,
  abortWinsInTransit: 0,
  partialBatch: 0,
  hang: 0,
};

/** Draws a scenario. The draws happen in a fixed order: keep it, or old seeds mean new runs. */
export function drawScenario(seed: number, random: SeededRandom): Scenario {
  const fifo = random.chance(0.4);
  const batch = random.chance(0.3);
  const concurrency = random.pick([1, 1, 2, 3, 5, 10, 12]);
  const batchSize = random.pick([1, 2, 5, 10, 10]);
  const waitTimeSeconds = random.pick([0, 1, 5, 20, 20]);
  const pollIntervalMs = random.pick([100, 1_000]);
  const queueVisibilitySeconds = random.pick([2, 5, 30]);
  const consumerVisibilitySeconds = random.chance(0.3) ? random.pick([1, 3, 10]) : undefined;
  const heartbeatFraction = random.chance(0.7) ? 0.5 : undefined;
  const timeoutMs = random.chance(0.55) ? random.pick([100, 500, 1_000, 5_000]) : undefined;
  const shutdownTimeoutMs = random.pick([0, 300, 2_000, 30_000]);
  const receiveAbortGraceMs = random.pick([0, 500]);
  const receiveTimeoutMs = waitTimeSeconds * 1000 + random.pick([1_000, 5_000]);
  const maxReceiveCount = random.int(1, 5);
  const maxBackoffSeconds = random.pick([0, 1, 5]);
  const groups = fifo ? random.int(1, 4) : 0;
  const count = random.int(3, 40);
  const sendWindowMs = random.pick([0, 2_000, 20_000]);
  const handlers: HandlerProfile = {
    fail: random.pick([0, 0.1, 0.3]),
    syncThrow: random.pick([0, 0.02]),
    poison: random.pick([0, 0.05, 0.2]),
    undecodable: random.pick([0, 0, 0.05]),
    honoursSignal: random.pick([0, 0.5, 1]),
    long: random.pick([0.05, 0.3]),
    longMaxMs: random.pick([3_000, 20_000, 90_000]),
    batchEntryFail: random.pick([0, 0.2]),
    changeVisibility: 0, // drawn below, from a stream of its own
  };
  const faulty = random.chance(0.75);
  const faults: FaultProfile = faulty
    ? {
        failure: random.pick([0, 0.05, 0.2]),
        afterServer: 0.5,
        slow: random.pick([0, 0.1, 0.4]),
        slowMaxMs: random.pick([200, 3_000]),
        lateAbort: random.pick([0, 0.5, 1]),
        lateAbortMaxMs: random.pick([500, 3_000, 3_000]),
        abortWinsInTransit: random.pick([0, 0.5]),
        partialBatch: random.pick([0, 0.1]),
        hang: random.pick([0, 0, 0.05]),
      }
    : NO_FAULTS;
  const messages: PlannedMessage[] = [];
  const positions = new Map<string, number>();
  const times = Array.from({ length: count }, () => random.int(0, sendWindowMs)).sort(
    (a, b) => a - b,
  );
  for (let k = 0; k < count; k++) {
    const group = fifo ? `g${random.int(1, groups)}` : undefined;
    const position = positions.get(group ?? '') ?? 0;
    positions.set(group ?? '', position + 1);
    messages.push({
      k,
      group,
      position,
      sendAt: times[k],
      poison: random.chance(handlers.poison),
      undecodable: random.chance(handlers.undecodable),
    });
  }
  const stops: StopPlan[] = [];
  // One run in five is a restart storm: many stops, each followed by a quick start.
  const storm = random.chance(0.2);
  const stopCount = storm ? 12 : random.pick([0, 1, 2, 4]);
  const horizon = sendWindowMs + 10_000;
  for (let i = 0; i < stopCount; i++) {
    stops.push({
      at: random.int(0, horizon),
      restartAfterMs:
        storm || random.chance(0.85) ? random.pick([0, 1, 50, 300, 2_000]) : undefined,
    });
  }
  stops.sort((a, b) => a.at - b.at);
  // From a stream of its own: the run draws from `random` after this, and a draw here would change
  // every seed's run (and the seeds the regression cases name).
  const own = new SeededRandom(seed ^ 0x9e3779b9);
  const prefetch = own.pick([
    0,
    Math.min(batchSize, concurrency),
    Math.min(batchSize, concurrency),
    1,
    10,
  ]);
  // Half the seeds have handlers that never change visibility: their runs stay as they were.
  const changeVisibility = own.pick([0, 0, 0.2, 0.5]);
  return {
    seed,
    fifo,
    batch,
    concurrency,
    prefetch,
    batchSize,
    waitTimeSeconds,
    pollIntervalMs,
    queueVisibilitySeconds,
    consumerVisibilitySeconds,
    heartbeatFraction,
    timeoutMs,
    shutdownTimeoutMs,
    receiveAbortGraceMs,
    receiveTimeoutMs,
    maxReceiveCount,
    maxBackoffSeconds,
    messages,
    stops,
    healAt: horizon + 5_000,
    faults,
    handlers: { ...handlers, changeVisibility },
  };
}

/** One line that says what a scenario is, for failure reports. */
export function describeScenario(s: Scenario): string {
  const parts = [
    s.fifo ? 'FIFO' : 'standard',
    s.batch ? 'batch handler' : 'single handler',
    `concurrency ${s.concurrency}`,
    `prefetch ${s.prefetch}`,
    `batchSize ${s.batchSize}`,
    `wait ${s.waitTimeSeconds}s`,
    `visibility ${s.queueVisibilitySeconds}s${s.consumerVisibilitySeconds !== undefined ? ` (receive ${s.consumerVisibilitySeconds}s)` : ''}`,
    s.heartbeatFraction === undefined ? 'no heartbeat' : 'heartbeat',
    s.handlers.changeVisibility > 0
      ? `handlers change visibility (${s.handlers.changeVisibility * 100}% of calls)`
      : 'handlers leave visibility alone',
    s.timeoutMs === undefined ? 'no timeout' : `timeout ${s.timeoutMs}ms`,
    `shutdown ${s.shutdownTimeoutMs}ms`,
    `abort grace ${s.receiveAbortGraceMs}ms`,
    `maxReceiveCount ${s.maxReceiveCount}`,
    `${s.messages.length} messages`,
    `${s.stops.length} stops`,
    s.faults.failure + s.faults.slow + s.faults.lateAbort > 0 ? 'faulty network' : 'calm network',
  ];
  return parts.join(', ');
}
