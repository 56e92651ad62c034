import { SQS } from '@aws-sdk/client-sqs';
import { type Message, Squiss } from 'squiss-ts';
import type {
  BenchHandler,
  ConsumerUnderTest,
  PreparedConsumer,
  QueueRef,
} from './consumer-under-test.interface';

/**
 * `squiss-ts` 5 (no Nest) as its README shows: `new Squiss({ queueUrl, maxInFlight })`, a
 * `'message'` listener that handles the message and calls `message.del()`. `maxInFlight` is its
 * documented knob for how many messages the app handles at once (here: our `concurrency`); it
 * keeps one ReceiveMessage (at most 10) open at a time and asks for more as slots free up.
 * Deletes are batched (`deleteBatchSize: 10`, flushed after `deleteWaitMs: 2000` at the latest:
 * its defaults, written out). Other options default (`receiveWaitTimeSecs: 20`).
 */
export function squissConsumer(concurrency: number): ConsumerUnderTest {
  return {
    name: `squiss-c${concurrency}`,
    label: 'squiss-ts',
    concurrency,
    transport: 'http',
    settings:
      `\`maxInFlight: ${concurrency}\`, \`receiveBatchSize: 10\`, batched deletes ` +
      '(`deleteBatchSize: 10`, `deleteWaitMs: 2000`), `message.del()` after the handler, other ' +
      'options default',
    async prepare(queue: QueueRef, handler: BenchHandler): Promise<PreparedConsumer> {
      // The same client settings as the other consumers' (sdkClient), as the aggregated `SQS`
      // class squiss-ts calls (`sqs.receiveMessage(...)`).
      const sqs = new SQS({
        endpoint: queue.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
        maxAttempts: 1,
      });
      const squiss = new Squiss({
        SQS: sqs,
        queueUrl: queue.queueUrl,
        maxInFlight: concurrency,
        receiveBatchSize: 10,
        deleteBatchSize: 10,
        deleteWaitMs: 2_000,
        bodyFormat: 'plain',
      });
      squiss.on('message', (message: Message) => {
        const body: unknown = message.body;
        void Promise.resolve()
          .then(() => handler(typeof body === 'string' ? body : undefined))
          .then(() => message.del())
          .catch(() => undefined);
      });
      // Stopping aborts the open long poll ('aborted'); any other error would crash the process
      // without a listener, and the run's own checks (every body, the queue empty) catch losses.
      squiss.on('error', () => undefined);
      squiss.on('delError', () => undefined);
      return {
        start: () => squiss.start(),
        stop: async () => {
          await squiss.stop(false, 5_000);
          sqs.destroy();
        },
      };
    },
  };
}
