import { setImmediate as realSetImmediate } from 'node:timers';
import { SqsConsumer } from '../../../src/consumer/sqs-consumer';
import { SqsEvents } from '../../../src/consumer/sqs-events';
import { SqsEmulator } from '../../../src/emulator/sqs-emulator';
import type { SqsLogger } from '../../../src/interfaces/sqs-logger.interface';
import { SqsConsumers } from '../../../src/module/sqs-consumers.service';
import { JsonCodec } from '../../../src/producer/json.codec';
import { SqsTestClock } from '../../../src/testing/sqs-test-clock';
import { Ledger, SimulationViolation } from './ledger';
import { describeScenario, drawScenario, type PlannedMessage, type Scenario } from './scenario';
import { SeededRandom } from './seeded-random';
import { SimulatedHandler } from './simulated-handler';
import { SimulatedNetwork } from './simulated-network';

/** Seeds every `npm test` runs (1..DEFAULT_SEEDS), and `npm run sim` by default. */
export const DEFAULT_SEEDS = 2_000;

export interface RunOptions {
  /** On a violation, report every line of the run (default: the message's history and the end). */
  readonly fullTrace?: boolean;
}

/** What one seed's run found. */
export interface SeedResult {
  readonly seed: number;
  readonly scenario: Scenario;
  /** Steps of virtual time (one per instant at which timers fell due). */
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

/** Lines the consumer logs that report what a stop gave up on. */
const GAVE_UP_RUNS = /handler\(s\) still running after/;
const GAVE_UP_RECEIVES = /ReceiveMessage request\(s\) still unanswered/;
const REDELIVERED_WHILE_HELD = /^Message (\S+) of queue .* was delivered again/;

/** One turn of the real event loop: every promise callback that is ready runs. */
const turn = () => new Promise<void>((resolve) => realSetImmediate(resolve));

/**
 * Runs one seed: the real consumer against the in-process emulator over a simulated network, on
 * one virtual clock, with everything drawn from the seed. Time moves from one due timer to the
 * next; after every step the invariants are checked. Then the network calms down, the consumer
 * runs until every message succeeded or was dead-lettered, stops, and nothing may be lost.
 */
export async function runSeed(seed: number, options: RunOptions = {}): Promise<SeedResult> {
  const random = new SeededRandom(seed);
  const scenario = drawScenario(seed, random);
  const clock = new SqsTestClock(START);
  const emulator = new SqsEmulator({ clock });
  const queue = await createQueues(emulator, scenario);
  const ledger = new Ledger(scenario, clock, emulator, queue.name, START);
  const network = new SimulatedNetwork(emulator, clock, random, scenario.faults, ledger);
  const handler = new SimulatedHandler(scenario, clock, random, ledger);
  const logger: SqsLogger = {
    log: (line) => ledger.trace(`log: ${line}`),
    warn: (line) => {
      ledger.trace(`warn: ${line}`);
      if (GAVE_UP_RUNS.test(line)) ledger.stopGaveUpOnRuns();
      if (GAVE_UP_RECEIVES.test(line)) ledger.stopGaveUpOnReceives(network.openReceives);
      const redelivered = REDELIVERED_WHILE_HELD.exec(line)?.[1];
      if (redelivered !== undefined) ledger.redeliveredWhileHeld(redelivered);
    },
    error: (line) => ledger.trace(`error: ${line}`),
  };
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
    events: new SqsEvents(),
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
    batchSize: scenario.batchSize,
    waitTimeSeconds: scenario.waitTimeSeconds,
    visibilityTimeout: scenario.consumerVisibilitySeconds,
    heartbeatFraction: scenario.heartbeatFraction,
    pollIntervalMs: scenario.pollIntervalMs,
    unhandledMessages: 'fail',
    shutdownTimeoutMs: scenario.shutdownTimeoutMs,
    receiveAbortGraceMs: scenario.receiveAbortGraceMs,
    random: () => random.next(),
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
      ledger.checkStopped(consumer.status(), network.openReceives);
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
  const check = (): void => {
    ledger.checkStep(consumer.status(), network.openReceives, network.lastReceiveActivityAt);
  };
  try {
    await start();
    for (;;) {
      await turn();
      violation ??= ledger.violation;
      if (violation) break;
      check();
      if (healing && ledger.unfinished() === 0 && isIdle(consumer, emulator, queue.name)) break;
      if (clock.now() - START > scenario.healAt + HEAL_BUDGET_MS || steps > MAX_STEPS) {
        throw new SimulationViolation(
          'nothing lost',
          `${ledger.unfinished()} message(s) neither succeeded nor dead-lettered after ` +
            `${steps} steps and ${Math.round((clock.now() - START) / 1000)} s`,
        );
      }
      const next = clock.nextDueAt();
      if (next === undefined) {
        throw new SimulationViolation(
          'no stall',
          `nothing is left to happen (no timer, no receive open) while ${ledger.unfinished()} ` +
            `message(s) are unfinished; the consumer is ${consumer.status().state}`,
        );
      }
      clock.advanceTo(next);
      steps++;
    }
    if (!violation) {
      let stopped = false;
      stop().then(() => (stopped = true), fail);
      while (!stopped && !violation) {
        await turn();
        const next = clock.nextDueAt();
        if (!stopped && next !== undefined) clock.advanceTo(next);
        else if (!stopped) await turn();
        steps++;
      }
      if (!violation) ledger.checkNothingLost();
    }
  } catch (error) {
    fail(error);
  }
  violation = ledger.violation ?? violation;
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

/** The command that replays a seed (with a fix reverted, for a negative control). */
export function replayCommand(seed: number, reverted?: string): string {
  return `npm run sim -- --seed ${seed} --trace${reverted ? ` --revert ${reverted}` : ''}`;
}

/** A failure report: what broke, in which scenario, the last events, and how to replay it. */
export function describeFailure(result: SeedResult, reverted?: string): string {
  return [
    `Seed ${result.seed} broke "${result.violation?.invariant}" after ${result.steps} steps ` +
      `(${(result.virtualMs / 1000).toFixed(3)} s of virtual time).`,
    `  ${result.violation?.message}`,
    `  scenario: ${describeScenario(result.scenario)}`,
    ...(result.trace ?? []).map((line) => `    ${line}`),
    `  replay: ${replayCommand(result.seed, reverted)}`,
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

function isIdle(consumer: SqsConsumer, emulator: SqsEmulator, queue: string): boolean {
  return (
    consumer.status().inFlight === 0 && emulator.peekMessages(queue, { limit: 1 }).length === 0
  );
}
