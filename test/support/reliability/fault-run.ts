import { Inject, Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  FaultInjectingSqsBackend,
  type FaultInjectionStats,
  seededRandom,
} from '../../../src/backend/fault-injecting-sqs.backend';
import { exponentialBackoff } from '../../../src/consumer/backoff';
import { SqsEvents } from '../../../src/consumer/sqs-events';
import { InjectSqsProducer } from '../../../src/decorators/inject-sqs-producer.decorator';
import { SqsHandler } from '../../../src/decorators/sqs-handler.decorator';
import { ManualClock } from '../../../src/clock/manual-clock';
import { SqsEmulator } from '../../../src/emulator/sqs-emulator';
import { SqsBatchSendError } from '../../../src/errors/sqs-batch-send.error';
import type { SqsLogger } from '../../../src/interfaces/sqs-logger.interface';
import type { SqsBatchResult, SqsMessage } from '../../../src/interfaces/sqs-message.interface';
import { SqsConsumers } from '../../../src/module/sqs-consumers.service';
import { SqsModule } from '../../../src/module/sqs.module';
import type { SqsProducer } from '../../../src/producer/sqs-producer';
import { DeliveryLedger, type DeliveryReport } from './delivery-ledger';
import { recordEmulator } from './record-emulator';

/** A job as the fault run sends it: its application id, and its group on FIFO runs. */
export interface Job {
  readonly id: string;
  readonly group?: string;
}

/** What a fault run does. */
export interface FaultRunOptions {
  readonly messages: number;
  readonly seed: number;
  /** Share of handler attempts that throw. */
  readonly handlerFailureRate: number;
  /** Share of backend calls (send, receive, delete, change visibility) that fail. */
  readonly backendFaultRate: number;
  /** Share of handler attempts that run longer than the visibility timeout (heartbeat). */
  readonly slowHandlerRate: number;
  readonly concurrency: number;
  /** FIFO queue with this many message groups; standard queue when undefined. */
  readonly fifoGroups?: number;
  /** A batch handler (`{ batch: true }`) that reports failed messages, instead of one per message. */
  readonly batchHandler?: boolean;
  /**
   * Test-only sabotage, to prove the checks can fail: the handler reports success to the
   * consumer without booking it.
   */
  readonly sabotage?: 'unbooked-success';
  /** Share of successful handler runs the sabotage applies to (default 1: all of them). */
  readonly sabotageRate?: number;
}

/** The figures of a fault run. */
export interface FaultRunResult {
  readonly delivery: DeliveryReport;
  readonly faults: FaultInjectionStats;
  /** Backend errors the consumer reported (and retried). */
  readonly backendErrorsReported: number;
  /** Internal errors, unhandled rejections, uncaught exceptions: crashes in waiting. */
  readonly crashes: number;
  /** The consumer still running at the end, before shutdown. */
  readonly consumerRunning: boolean;
  readonly virtualSeconds: number;
  readonly wallMs: number;
  /** Successful handler runs the sabotage left unbooked (0 without sabotage). */
  readonly sabotaged: number;
}

const SCENARIO = Symbol('fault-run scenario');
const QUEUE_VISIBILITY_SECONDS = 30;
const STEP_MS = 500;
const MAX_VIRTUAL_MS = 6 * 3600_000;

interface Scenario {
  readonly options: FaultRunOptions;
  readonly ledger: DeliveryLedger;
  readonly clock: ManualClock;
  readonly random: () => number;
  /** Successful handler runs left unbooked by the sabotage. */
  sabotaged: number;
}

@Injectable()
class FaultRunProducer {
  constructor(@InjectSqsProducer('work') readonly producer: SqsProducer<Job>) {}
}

@Injectable()
class FaultRunWorker {
  constructor(@Inject(SCENARIO) private readonly s: Scenario) {}

  @SqsHandler('work')
  async onJob(message: SqsMessage<Job>): Promise<void> {
    const { ledger, random, options, clock } = this.s;
    ledger.attempt();
    if (random() < options.slowHandlerRate) {
      // Longer than the visibility timeout: only the heartbeat keeps the message ours.
      const ms = (QUEUE_VISIBILITY_SECONDS + 10 + Math.floor(random() * 60)) * 1000;
      await new Promise<void>((resolve) => clock.setTimer(resolve, ms));
    }
    if (random() < options.handlerFailureRate) {
      ledger.handlerFailed();
      throw new Error('injected handler failure');
    }
    if (sabotaged(this.s)) return;
    const { groupId, sequenceNumber } = message;
    ledger.handlerSucceeded(
      message.id,
      message.body.id,
      groupId !== undefined && sequenceNumber !== undefined
        ? { group: groupId, seq: sequenceNumber }
        : undefined,
    );
  }
}

@Injectable()
class FaultRunBatchWorker {
  constructor(@Inject(SCENARIO) private readonly s: Scenario) {}

  @SqsHandler('work', { batch: true })
  async onJobs(messages: SqsMessage<Job>[]): Promise<SqsBatchResult> {
    const { ledger, random, options, clock } = this.s;
    if (random() < options.slowHandlerRate) {
      const ms = (QUEUE_VISIBILITY_SECONDS + 10 + Math.floor(random() * 60)) * 1000;
      await new Promise<void>((resolve) => clock.setTimer(resolve, ms));
    }
    const failed: SqsMessage<Job>[] = [];
    // FIFO: after a failure, the rest of that group is not processed (it comes back in order).
    const brokenGroups = new Set<string>();
    for (const message of messages) {
      if (message.groupId !== undefined && brokenGroups.has(message.groupId)) {
        failed.push(message);
        continue;
      }
      ledger.attempt();
      if (random() < options.handlerFailureRate) {
        ledger.handlerFailed();
        failed.push(message);
        if (message.groupId !== undefined) brokenGroups.add(message.groupId);
        continue;
      }
      if (sabotaged(this.s)) continue;
      const { groupId, sequenceNumber } = message;
      ledger.handlerSucceeded(
        message.id,
        message.body.id,
        groupId !== undefined && sequenceNumber !== undefined
          ? { group: groupId, seq: sequenceNumber }
          : undefined,
      );
    }
    return { failed };
  }
}

/** Whether the sabotage takes this successful handler run (and books it as sabotaged). */
function sabotaged(s: Scenario): boolean {
  if (s.options.sabotage !== 'unbooked-success') return false;
  if (s.random() >= (s.options.sabotageRate ?? 1)) return false;
  s.sabotaged++;
  return true;
}

/** A logger that only counts, so 10,000 retries do not flood the test output. */
function countingLogger(): SqsLogger & { errors: number; warnings: number } {
  const logger = {
    errors: 0,
    warnings: 0,
    log: () => undefined,
    warn: () => void logger.warnings++,
    error: () => void logger.errors++,
    debug: () => undefined,
  };
  return logger;
}

/** Lets every pending promise callback run. */
async function flush(turns = 2): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * Runs a Nest application whose SQS backend is the emulator behind a
 * {@link FaultInjectingSqsBackend}, on a manual clock: the producer sends `messages` jobs (resending
 * what failed), the consumer handles them with injected handler failures, and time moves in
 * 500 ms steps until every job is handled and the queue is empty. Then the app shuts down (faults
 * still on) and the books are closed.
 */
export async function runFaultScenario(options: FaultRunOptions): Promise<FaultRunResult> {
  const started = Date.now();
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const emulator = new SqsEmulator({ clock });
  const ledger = new DeliveryLedger();
  const fifo = options.fifoGroups !== undefined;
  const queueName = fifo ? 'work.fifo' : 'work';
  const stopRecording = recordEmulator(emulator, ledger, (body) => (JSON.parse(body) as Job).id);
  const backend = new FaultInjectingSqsBackend(emulator, {
    rate: options.backendFaultRate,
    seed: options.seed,
    clock,
    timeoutMs: 10_000,
  });
  const scenario: Scenario = {
    options,
    ledger,
    clock,
    random: seededRandom(options.seed + 1),
    sabotaged: 0,
  };
  const logger = countingLogger();
  let crashes = 0;
  const onCrash = (): void => void crashes++;
  process.on('unhandledRejection', onCrash);
  process.on('uncaughtException', onCrash);
  const app = await Test.createTestingModule({
    imports: [
      SqsModule.forRoot({
        backend,
        clock,
        logger,
        autoStartup: false,
        queues: {
          work: {
            name: queueName,
            create: true,
            attributes: { VisibilityTimeout: String(QUEUE_VISIBILITY_SECONDS) },
            // Resends carry the job id as deduplication id, so a resend after a lost response
            // is dropped by SQS instead of queued twice (and out of order).
            ...(fifo
              ? {
                  fifo: {
                    groupId: (job: Job) => job.group as string,
                    deduplicationId: (job: Job) => job.id,
                  },
                }
              : {}),
          },
        },
        consumer: {
          concurrency: options.concurrency,
          waitTimeSeconds: 20,
          // The default backoff, with its jitter seeded too, so a run replays.
          backoff: exponentialBackoff({ random: seededRandom(options.seed + 3) }),
        },
      }),
    ],
    providers: [
      { provide: SCENARIO, useValue: scenario },
      FaultRunProducer,
      options.batchHandler ? FaultRunBatchWorker : FaultRunWorker,
    ],
  }).compile();
  app.useLogger(false);
  await app.init();
  let backendErrors = 0;
  app.get(SqsEvents).on('error', (e) => {
    if (e.operation === 'internal') crashes++;
    else backendErrors++;
  });
  const consumers = app.get(SqsConsumers);
  await consumers.start('work');

  const producer = app.get(FaultRunProducer).producer;
  let sendsDone = false;
  const sending = sendAll(producer, options, ledger).then(() => void (sendsDone = true));
  const queueEmpty = (): boolean => {
    const q = emulator.inspectQueues().find((s) => s.name === queueName);
    return q !== undefined && q.visible + q.inflight + q.delayed === 0;
  };
  const t0 = clock.now();
  while (!(sendsDone && ledger.allHandled() && queueEmpty())) {
    if (clock.now() - t0 > MAX_VIRTUAL_MS) break;
    clock.advance(STEP_MS);
    await flush();
  }
  await sending;
  const consumerRunning = consumers.status().every((s) => s.state === 'running');
  const virtualSeconds = (clock.now() - t0) / 1000;

  let closed = false;
  const closing = app.close().then(() => void (closed = true));
  while (!closed) {
    clock.advance(STEP_MS);
    await flush();
  }
  await closing;
  stopRecording();
  process.off('unhandledRejection', onCrash);
  process.off('uncaughtException', onCrash);
  return {
    delivery: ledger.report(),
    faults: backend.stats(),
    backendErrorsReported: backendErrors,
    crashes,
    consumerRunning,
    virtualSeconds,
    wallMs: Date.now() - started,
    sabotaged: scenario.sabotaged,
  };
}

/**
 * Sends every job with `sendBatch`, 100 at a time, sending again whatever failed (as an
 * application must: a send that failed may or may not have been stored — at least once).
 */
async function sendAll(
  producer: SqsProducer<Job>,
  options: FaultRunOptions,
  ledger: DeliveryLedger,
): Promise<void> {
  const groups = options.fifoGroups;
  const jobs: Job[] = [];
  for (let i = 0; i < options.messages; i++) {
    const id = `job-${i}`;
    ledger.intend(id);
    jobs.push(groups === undefined ? { id } : { id, group: `g${i % groups}` });
  }
  for (let start = 0; start < jobs.length; start += 100) {
    let pending = jobs.slice(start, start + 100);
    while (pending.length > 0) {
      try {
        await producer.sendBatch(pending);
        pending = [];
      } catch (error) {
        if (!(error instanceof SqsBatchSendError)) throw error;
        pending = error.failed.map((f) => pending[f.index]);
      }
    }
  }
}
