import type { ReceiveMessageRequest, ReceiveMessageResult } from '@aws-sdk/client-sqs';
import { FaultInjectingSqsBackend } from '../../src/backend/fault-injecting-sqs.backend';
import { SqsConsumer } from '../../src/consumer/sqs-consumer';
import { SqsEvents } from '../../src/consumer/sqs-events';
import { ManualClock } from '../../src/clock/manual-clock';
import { SqsEmulator } from '../../src/emulator/sqs-emulator';
import { JsonCodec } from '../../src/producer/json.codec';
import type { SqsCallOptions } from '../../src/port/sqs-port.interface';

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A network whose first receive never reaches the server: only an abort ends it. */
class FirstReceiveHangs extends FaultInjectingSqsBackend {
  receives = 0;

  constructor(inner: SqsEmulator) {
    super(inner, { rate: 0 });
  }

  override receiveMessage(
    input: ReceiveMessageRequest,
    options?: SqsCallOptions,
  ): Promise<ReceiveMessageResult> {
    if (this.receives++ > 0) return super.receiveMessage(input, options);
    return new Promise((_, reject) =>
      options?.abortSignal?.addEventListener('abort', () =>
        reject(Object.assign(new Error('aborted'), { name: 'AbortError' })),
      ),
    );
  }
}

describe('a receive the network never answers', () => {
  it('is aborted past its long poll and a margin, and the consumer polls again', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const emulator = new SqsEmulator({ clock });
    const { QueueUrl } = await emulator.createQueue({ QueueName: 'work' });
    const port = new FirstReceiveHangs(emulator);
    const errors: string[] = [];
    const handled: unknown[] = [];
    const consumer = new SqsConsumer({
      queue: {
        name: 'work',
        url: QueueUrl as string,
        fifo: false,
        codec: new JsonCodec(),
        messageTypeAttribute: 'messageType',
        visibilityTimeout: 30,
        maxReceiveCount: undefined,
        deadLetterTargetArn: undefined,
      },
      port,
      clock,
      networkClock: clock,
      logger: { log: () => undefined, warn: () => undefined, error: (l) => errors.push(l) },
      events: new SqsEvents(),
      routes: [
        {
          handler: 'Work.handle',
          messageTypes: undefined,
          batch: false,
          timeoutMs: undefined,
          backoff: () => 0,
          context: {
            queue: 'work',
            queueUrl: QueueUrl as string,
            handler: 'Work.handle',
            batch: false,
          },
          invoke: async (m) => {
            handled.push(m);
          },
        },
      ],
      concurrency: 10,
      prefetch: 0, // one receive holds every slot, as the test wants
      batchSize: 10,
      waitTimeSeconds: 20,
      visibilityTimeout: undefined,
      heartbeatFraction: 0.5,
      pollIntervalMs: 1_000,
      unhandledMessages: 'fail',
      shutdownTimeoutMs: 1_000,
      receiveAbortGraceMs: 500,
      receiveTimeoutMs: 35_000,
      random: () => 0.5,
    });
    await consumer.start();
    await emulator.sendMessage({ QueueUrl, MessageBody: '{}' });
    // The hung receive holds every slot: nothing is handled while it lasts.
    clock.advance(34_999);
    await flush();
    expect(handled).toHaveLength(0);
    clock.advance(1);
    await flush();
    expect(errors).toEqual([expect.stringContaining('no answer within 35000 ms')]);
    // After the backoff, a new receive takes the message.
    for (let i = 0; i < 10 && handled.length === 0; i++) {
      clock.advance(250);
      await flush();
    }
    expect(handled).toHaveLength(1);
    let stopped = false;
    const stopping = consumer.stop().then(() => (stopped = true));
    for (let i = 0; i < 20 && !stopped; i++) {
      clock.advance(500);
      await flush();
    }
    await stopping;
  });
});
