import type { Message } from '@aws-sdk/client-sqs';
import { Consumer } from 'sqs-consumer';
import { sdkClient } from '../clients/sdk-workload';
import type {
  BenchHandler,
  ConsumerUnderTest,
  PreparedConsumer,
  QueueRef,
} from './consumer-under-test.interface';

/**
 * Plain `sqs-consumer` 14 (no Nest): `Consumer.create` with `batchSize: 10`, its documented way to
 * process messages in parallel; like @ssut/nestjs-sqs it handles a batch with `Promise.all` and
 * polls again when the whole batch is done.
 */
export function sqsConsumer(batch: boolean): ConsumerUnderTest {
  return {
    name: batch ? 'sqs-consumer-batch' : 'sqs-consumer',
    label: `sqs-consumer${batch ? ', batch handler' : ''}`,
    concurrency: 10,
    transport: 'http',
    settings: `\`batchSize: 10\`, \`${batch ? 'handleMessageBatch' : 'handleMessage'}\`, other options default`,
    async prepare(queue: QueueRef, handler: BenchHandler): Promise<PreparedConsumer> {
      const sqs = sdkClient(queue.endpoint as string);
      const consumer = Consumer.create({
        queueUrl: queue.queueUrl,
        sqs,
        batchSize: 10,
        ...(batch
          ? {
              handleMessageBatch: async (messages: Message[]) => {
                await Promise.all(messages.map((m) => handler(m.Body)));
                return messages;
              },
            }
          : {
              // Returning the message acknowledges (deletes) it.
              handleMessage: async (message: Message) => {
                await handler(message.Body);
                return message;
              },
            }),
      });
      consumer.on('error', () => undefined);
      consumer.on('processing_error', () => undefined);
      return {
        start: async () => consumer.start(),
        stop: async () => {
          consumer.stop({ abort: true });
          sqs.destroy();
        },
      };
    },
  };
}
