import { setImmediate as realSetImmediate } from 'node:timers';
import { SqsConsumer } from '../../../src/consumer/sqs-consumer';
import { SqsEvents } from '../../../src/consumer/sqs-events';
import { SqsEmulator } from '../../../src/emulator/sqs-emulator';
import type { SqsLogger } from '../../../src/interfaces/sqs-logger.interface';
import { SqsConsumers } from '../../../src/module/sqs-consumers.service';
import { JsonCodec } from '../../../src/producer/json.codec';
import { SqsTestClock } from '../../../src/testing/sqs-test-clock';
import {
  type ConsumerProbe,
  type HeldDeadline,
  Invariants,
  SimulationViolation,
} from './invariants';
import { Ledger } from './ledger';
import { describeScenario, drawScenario, type PlannedMessage, type Scenario } from './scenario';
import { SeededRandom } from './seeded-random';
import { SimulatedHandler } from './simulated-handler';
import { SimulatedNetwork } from './simulated-network';

/** Seeds every `npm test` runs (1..DEFAULT_SEEDS), and `npm run sim` by default. */
export const DEFAULT_SEEDS = 2_000;

export interface RunOptions {
  /** On a violation, report every line of the run (default: the message's history and the end). */
  readonly fullTrace?: boolean;
  /** Replaces the prefetch the seed draws (regression cases found before prefetch existed use 0). */
  readonly prefetch?: number;
  /**
   * Replaces the share of handler calls that change visibility (cases found before handlers did
   * use 0, and replay the runs they were found in).
   */
  readonly changeVisibility?: number;
}

/** What one seed's run found. */
export interface SeedResult {
  readonly seed: number;
  readonly scenario: Scenario;
  /** Steps of virtual time (one per timer fired). */
  readonly steps: number;
  /** Virtual time the run covered (ms). */
  readonly virtualMs: number;
  /** The first invariant that did not hold, if any. */
  readonly violation?: SimulationViolation;
  /** The run's last trace lines (on a violation). */
  readonly trace?: readonly string[];
}

const START = Date.UTC(2026, 0, 1);
/** How long the healthy phase may take before remaining messages count as stuck. */
const HEAL_BUDGET_MS = 48 * 3_600_000;
const MAX_STEPS = 500_000;
/** Timers fired without time moving, past which the run is a livelock (nothing can progress). */
const MAX_STEPS_AT_ONE_INSTANT = 20_000;
/** How long the final stop may take (virtual ms) before it counts as hanging. */
const FINAL_STOP_BUDGET_MS = 10 * 60_000;

/** Lines the consumer logs that report what a stop gave up on, or a bug of its own. */
const GAVE_UP_RUNS = /handler\(s\) still running after/;
const GAVE_UP_RECEIVES = /ReceiveMessage request\(s\) still unanswered/;
const REDELIVERED_WHILE_HELD = /^Message (\S+) of queue .* was delivered again/;
const INTERNAL_ERROR = /^Internal error in the consumer/;

/** One turn of the real event loop: every promise callback that is ready runs. */
const turn = () => new Promise<void>((resolve) => realSetImmediate(resolve));

/** The consumer's insides the checks read (private fields: the simulation's view only). */
interface ConsumerInsides {
  held: {
    slots: { inUse: number };
    get(id: string): unknown;
    map: ReadonlyMap<string, HeldDeadline>;
  };
  receiver: { open: Map<AbortController, { reserved: number }> };
  dispatcher: { hasWaiting: boolean };
}

/**
 * Runs one seed: the real consumer, driven through the module's `SqsConsumers`, against the
 * in-process emulator over a simulated network, on one virtual clock, with everything drawn
 * from the seed. Time moves one timer at a time; after every step the invariants are checked.
 * Then the network calms down, the consumer runs until every message succeeded or was
 * dead-lettered, stops, and nothing may be lost.
 */
export async function runSeed(seed: number, options: RunOptions = {}): Promise<SeedResult> {
  const random = new SeededRandom(seed);
  const drawn = drawScenario(seed, random);
  const { prefetch = drawn.prefetch, changeVisibility = drawn.handlers.changeVisibility } = options;
  const scenario: Scenario = {
    ...drawn,
    prefetch,
    handlers: { ...drawn.handlers, changeVisibility },
  };
  const clock = new SqsTestClock(START);
  const emulator = new SqsEmulator({ clock });
  const queue = await createQueues(emulator, scenario);
  const ledger = new Ledger(scenario, clock, emulator, queue.name, START);
  const staleReceiveMs = scenario.receiveTimeoutMs + scenario.faults.lateAbortMaxMs + 1_000;
  const checks = new Invariants(ledger, staleReceiveMs);
  // The checks and the network see each other: the network reports to the checks, which read it.
  const network = new SimulatedNetwork(emulator, clock, random, scenario.faults, checks);
  checks.network = network;
  const handler = new SimulatedHandler(scenario, clock, random, checks);
  const logger: SqsLogger = {
    log: (line) => ledger.trace(`log: ${line}`),
    warn: (line) => {
      ledger.trace(`warn: ${line}`);
      if (GAVE_UP_RUNS.test(line)) checks.stopGaveUpOnRuns();
      if (GAVE_UP_RECEIVES.test(line)) checks.stopGaveUpOnReceives();
      const redelivered = REDELIVERED_WHILE_HELD.exec(line)?.[1];
      if (redelivered !== undefined) ledger.redeliveredWhileHeld(redelivered);
    },
    error: (line) => {
      ledger.trace(`error: ${line}`);
      if (INTERNAL_ERROR.test(line)) checks.internalError(line);
    },
  };
  const events = new SqsEvents();
  const consumer = new SqsConsumer({
    queue: {
      name: queue.name,
      url: queue.url,
      fifo: scenario.fifo,
      codec: new JsonCodec(),
      messageTypeAttribute: 'type',
      visibilityTimeout: scenario.queueVisibilitySeconds,
      maxReceiveCount: scenario.maxReceiveCount,
      deadLetterTargetArn: queue.deadLetterArn,
    },
    port: network,
    clock,
    networkClock: clock,
    logger,
    events,
    routes: [
      {
        handler: 'Simulated.handle',
        messageTypes: undefined,
        batch: scenario.batch,
        timeoutMs: scenario.timeoutMs,
        backoff: () => random.int(0, scenario.maxBackoffSeconds),
        context: {
          queue: queue.name,
          queueUrl: queue.url,
          handler: 'Simulated.handle',
          batch: scenario.batch,
        },
        invoke: (payload) => handler.invoke(payload),
      },
    ],
    concurrency: scenario.concurrency,
    prefetch: scenario.prefetch,
    batchSize: scenario.batchSize,
    waitTimeSeconds: scenario.waitTimeSeconds,
    visibilityTimeout: scenario.consumerVisibilitySeconds,
    heartbeatFraction: scenario.heartbeatFraction,
    pollIntervalMs: scenario.pollIntervalMs,
    unhandledMessages: 'fail',
    shutdownTimeoutMs: scenario.shutdownTimeoutMs,
    receiveAbortGraceMs: scenario.receiveAbortGraceMs,
    receiveTimeoutMs: scenario.receiveTimeoutMs,
    random: () => random.next(),
  });
  const insides = consumer as unknown as ConsumerInsides;
  const probe: ConsumerProbe = {
    status: () => consumer.status(),
    slotsInUse: () => insides.held.slots.inUse,
    slotsReserved: () => {
      let reserved = 0;
      for (const r of insides.receiver.open.values()) reserved += r.reserved;
      return reserved;
    },
    holds: (messageId) => insides.held.get(messageId) !== undefined,
    waitingForWorkers: () => insides.dispatcher.hasWaiting,
    heldDeadlines: () => insides.held.map.values(),
  };
  checks.probe = probe;
  // What the consumer announces, checked against what it then does.
  events.on('messageFailed', ({ message, retryDelaySeconds }) =>
    checks.failureAnnounced(message.id, retryDelaySeconds),
  );
  // Checked the moment a stop completes, before anything can start the consumer again.
  events.on('consumerStopped', () => {
    ledger.trace('the consumer has stopped');
    checks.checkStopped(probe);
  });
  // The module's run-time control, as an application drives it.
  const consumers = new SqsConsumers();
  consumers.register([consumer]);

  let violation: SimulationViolation | undefined;
  const fail = (error: unknown): void => {
    violation ??=
      error instanceof SimulationViolation
        ? error
        : new SimulationViolation('no internal error', String((error as Error)?.stack ?? error));
  };
  const stop = (): Promise<void> => {
    ledger.trace('stop()');
    return consumers.stop().then(() => {
      ledger.trace('stop() resolved');
      // A stop of a stopped consumer completes nothing (no event): check where it resolves.
      if (consumer.status().state === 'stopped') checks.checkStopped(probe);
    });
  };
  const start = (): Promise<void> => {
    ledger.trace('start()');
    return consumers.start();
  };

  for (const m of scenario.messages) {
    clock.setTimer(
      () => send(emulator, queue.url, m).then((id) => ledger.sent(m, id), fail),
      m.sendAt,
    );
  }
  for (const s of scenario.stops) {
    clock.setTimer(() => stop().catch(fail), s.at);
    if (s.restartAfterMs !== undefined) {
      clock.setTimer(() => start().catch(fail), s.at + s.restartAfterMs);
    }
  }
  let healing = false;
  clock.setTimer(() => {
    healing = true;
    ledger.trace('the network calms down; the consumer runs until the queue is empty');
    network.becomeCalm();
    start().catch(fail);
  }, scenario.healAt);

  let steps = 0;
  let instant = clock.now();
  let stepsAtInstant = 0;
  const step = (): boolean => {
    if (!clock.fireNext()) return false;
    steps++;
    stepsAtInstant = clock.now() === instant ? stepsAtInstant + 1 : 0;
    instant = clock.now();
    if (stepsAtInstant > MAX_STEPS_AT_ONE_INSTANT) {
      throw new SimulationViolation(
        'no livelock',
        `${stepsAtInstant} timers fired at ${ledger.t(instant)} without time moving on`,
      );
    }
    return true;
  };
  const settle = async (): Promise<void> => {
    await turn();
    violation ??= checks.violation;
  };
  try {
    await start();
    for (;;) {
      await settle();
      if (violation) break;
      checks.checkStep(probe);
      if (healing && unfinished(ledger) === 0 && isIdle(consumer, emulator, queue.name)) break;
      if (clock.now() - START > scenario.healAt + HEAL_BUDGET_MS || steps > MAX_STEPS) {
        throw new SimulationViolation(
          'nothing lost',
          `${unfinished(ledger)} message(s) neither succeeded nor dead-lettered after ` +
            `${steps} steps and ${Math.round((clock.now() - START) / 1000)} s`,
        );
      }
      if (!step()) {
        throw new SimulationViolation(
          'no stall',
          `nothing is left to happen (no timer, no receive open) while ${unfinished(ledger)} ` +
            `message(s) are unfinished; the consumer is ${consumer.status().state}`,
        );
      }
    }
    if (!violation) {
      let stopped = false;
      const deadline = clock.now() + FINAL_STOP_BUDGET_MS;
      stop().then(() => (stopped = true), fail);
      while (!stopped && !violation) {
        await settle();
        if (stopped || violation) break;
        if (clock.now() > deadline || !step()) {
          throw new SimulationViolation(
            'a stop ends what it holds',
            `the final stop() has not resolved after ${FINAL_STOP_BUDGET_MS} ms`,
          );
        }
      }
      if (!violation) checks.checkEnd();
    }
  } catch (error) {
    fail(error);
  }
  violation = checks.violation ?? violation;
  return {
    seed,
    scenario,
    steps,
    virtualMs: clock.now() - START,
    ...(violation
      ? { violation, trace: options.fullTrace ? ledger.allLines() : ledger.report(violation.k) }
      : {}),
  };
}

/** The command that replays a seed (`control`: a negative control's flag, e.g. `--revert X`). */
export function replayCommand(seed: number, control?: string): string {
  return `npm run sim -- --seed ${seed} --trace${control ? ` ${control}` : ''}`;
}

/** A failure report: what broke, in which scenario, the last events, and how to replay it. */
export function describeFailure(result: SeedResult, control?: string): string {
  return [
    `Seed ${result.seed} broke "${result.violation?.invariant}" after ${result.steps} steps ` +
      `(${(result.virtualMs / 1000).toFixed(3)} s of virtual time).`,
    `  ${result.violation?.message}`,
    `  scenario: ${describeScenario(result.scenario)}`,
    ...(result.trace ?? []).map((line) => `    ${line}`),
    `  replay: ${replayCommand(result.seed, control)}`,
  ].join('\n');
}

async function createQueues(
  emulator: SqsEmulator,
  s: Scenario,
): Promise<{ name: string; url: string; deadLetterArn: string }> {
  const suffix = s.fifo ? '.fifo' : '';
  const fifo = s.fifo ? { FifoQueue: 'true' } : undefined;
  const dlq = await emulator.createQueue({ QueueName: `sim-dlq${suffix}`, Attributes: fifo });
  const { Attributes } = await emulator.getQueueAttributes({
    QueueUrl: dlq.QueueUrl,
    AttributeNames: ['QueueArn'],
  });
  const deadLetterArn = Attributes?.QueueArn as string;
  const name = `sim${suffix}`;
  const { QueueUrl } = await emulator.createQueue({
    QueueName: name,
    Attributes: {
      ...fifo,
      VisibilityTimeout: String(s.queueVisibilitySeconds),
      RedrivePolicy: JSON.stringify({
        deadLetterTargetArn: deadLetterArn,
        maxReceiveCount: s.maxReceiveCount,
      }),
    },
  });
  return { name, url: QueueUrl as string, deadLetterArn };
}

async function send(emulator: SqsEmulator, url: string, m: PlannedMessage): Promise<string> {
  const body = m.undecodable ? `not json #${m.k}` : JSON.stringify({ k: m.k });
  const out = await emulator.sendMessage({
    QueueUrl: url,
    MessageBody: body,
    ...(m.group !== undefined
      ? { MessageGroupId: m.group, MessageDeduplicationId: `m${m.k}` }
      : {}),
  });
  return out.MessageId as string;
}

/** Messages neither succeeded nor dead-lettered yet (the healthy phase runs until none). */
function unfinished(ledger: Ledger): number {
  let n = 0;
  for (const m of ledger.scenario.messages) {
    if (!ledger.succeeded.has(m.k) && !ledger.deadLettered.has(m.k)) n++;
  }
  return n;
}

function isIdle(consumer: SqsConsumer, emulator: SqsEmulator, queue: string): boolean {
  return (
    consumer.status().inFlight === 0 && emulator.peekMessages(queue, { limit: 1 }).length === 0
  );
}
