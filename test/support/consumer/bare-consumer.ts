import type { SqsPort } from '../../../src/port/sqs-port.interface';
import { ManualClock } from '../../../src/clock/manual-clock';
import { SqsConsumer } from '../../../src/consumer/sqs-consumer';
import type { SqsConsumerConfig } from '../../../src/consumer/sqs-consumer-config.interface';
import { SqsEvents } from '../../../src/consumer/sqs-events';
import { SqsEmulator } from '../../../src/emulator/sqs-emulator';
import { JsonCodec } from '../../../src/producer/json.codec';

/** What a bare consumer's one handler is called with: a message, or a batch. */
export type BareInvoke = (payload: unknown) => Promise<unknown>;

export interface BareConsumer {
  readonly clock: ManualClock;
  readonly emulator: SqsEmulator;
  readonly queueUrl: string;
  readonly consumer: SqsConsumer;
  readonly errors: string[];
  /** Sends `bodies` (JSON-encoded unless strings), ten per batch. */
  send(bodies: readonly unknown[]): Promise<void>;
  /** Advances the clock `ms` in steps of `stepMs`, letting the consumer run after each. */
  run(ms: number, stepMs?: number): Promise<void>;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * An `SqsConsumer` without Nest, on an emulator and one virtual clock (the network's too), with
 * one handler: for specs of the consumer's own behaviour.
 */
export async function bareConsumer(
  options: {
    batch?: boolean;
    timeoutMs?: number;
    invoke: BareInvoke;
    /** The port the consumer talks to, around the emulator (a faulty network). */
    port?: (e: SqsEmulator) => SqsPort;
    /** Any other setting, over the defaults below. */
    settings?: Partial<Omit<SqsConsumerConfig, 'queue' | 'routes' | 'port' | 'clock'>>;
  } & Partial<
    Pick<
      SqsConsumerConfig,
      'concurrency' | 'prefetch' | 'batchSize' | 'waitTimeSeconds' | 'heartbeatFraction'
    >
  >,
): Promise<BareConsumer> {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const emulator = new SqsEmulator({ clock });
  const queueUrl = (await emulator.createQueue({ QueueName: 'work' })).QueueUrl as string;
  const errors: string[] = [];
  const batch = options.batch ?? false;
  const consumer = new SqsConsumer({
    queue: {
      name: 'work',
      url: queueUrl,
      fifo: false,
      codec: new JsonCodec(),
      messageTypeAttribute: 'messageType',
      visibilityTimeout: 30,
      maxReceiveCount: undefined,
      deadLetterTargetArn: undefined,
    },
    port: options.port ? options.port(emulator) : emulator,
    clock,
    networkClock: clock,
    logger: { log: () => undefined, warn: () => undefined, error: (l) => errors.push(String(l)) },
    events: new SqsEvents(),
    routes: [
      {
        handler: 'Work.handle',
        messageTypes: undefined,
        batch,
        timeoutMs: options.timeoutMs,
        backoff: () => 0,
        context: { queue: 'work', queueUrl, handler: 'Work.handle', batch },
        invoke: options.invoke,
      },
    ],
    concurrency: options.concurrency ?? 10,
    prefetch: options.prefetch ?? 10,
    batchSize: options.batchSize ?? 10,
    waitTimeSeconds: options.waitTimeSeconds ?? 20,
    visibilityTimeout: undefined,
    heartbeatFraction: 'heartbeatFraction' in options ? options.heartbeatFraction : 0.5,
    pollIntervalMs: 1_000,
    unhandledMessages: 'fail',
    shutdownTimeoutMs: 1_000,
    receiveAbortGraceMs: 0,
    random: () => 0.5,
    ...options.settings,
  });
  return {
    clock,
    emulator,
    queueUrl,
    consumer,
    errors,
    async send(bodies) {
      for (let i = 0; i < bodies.length; i += 10) {
        await emulator.sendMessageBatch({
          QueueUrl: queueUrl,
          Entries: bodies.slice(i, i + 10).map((b, j) => ({
            Id: String(j),
            MessageBody: typeof b === 'string' ? b : JSON.stringify(b),
          })),
        });
      }
    },
    async run(ms, stepMs = 1_000) {
      for (let t = 0; t < ms; t += stepMs) {
        clock.advance(Math.min(stepMs, ms - t));
        await turn();
      }
    },
  };
}
