import type { ReceiveMessageRequest, ReceiveMessageResult } from '@aws-sdk/client-sqs';
import { FaultInjectingSqsBackend } from '../../src/backend/fault-injecting-sqs.backend';
import type { SqsEmulator } from '../../src/emulator/sqs-emulator';
import type { SqsCallOptions } from '../../src/port/sqs-port.interface';
import { bareConsumer } from '../support/consumer/bare-consumer';

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
    const handled: unknown[] = [];
    const { clock, emulator, queueUrl, consumer, errors } = await bareConsumer({
      port: (e) => new FirstReceiveHangs(e),
      invoke: async (m) => {
        handled.push(m);
      },
      prefetch: 0, // one receive holds every slot, as the test wants
      settings: { receiveAbortGraceMs: 500, receiveTimeoutMs: 35_000 },
    });
    const QueueUrl = queueUrl;
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
