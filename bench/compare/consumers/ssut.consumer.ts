import 'reflect-metadata';
import type { Message } from '@aws-sdk/client-sqs';
import { Injectable, type Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  SqsConsumerEventHandler,
  SqsMessageHandler,
  SqsModule as SsutSqsModule,
} from '@ssut/nestjs-sqs';
import { sdkClient } from '../clients/sdk-workload';
import type {
  BenchHandler,
  ConsumerUnderTest,
  PreparedConsumer,
  QueueRef,
} from './consumer-under-test.interface';

/** The handler of the app being measured (one app at a time). */
let current: BenchHandler = () => undefined;

@Injectable()
class SsutMessageHandler {
  // sqs-consumer deletes a message only when the handler returns it.
  @SqsMessageHandler('bench', false)
  async handle(message: Message): Promise<Message> {
    await current(message.Body);
    return message;
  }

  // Stopping aborts the open long poll, which sqs-consumer reports as an 'error' event; with no
  // listener that event would crash the process.
  @SqsConsumerEventHandler('bench', 'error')
  onError(): void {}
}

@Injectable()
class SsutBatchHandler {
  @SqsMessageHandler('bench', true)
  async handle(messages: Message[]): Promise<Message[]> {
    await Promise.all(messages.map((m) => current(m.Body)));
    return messages;
  }

  @SqsConsumerEventHandler('bench', 'error')
  onError(): void {}
}

/**
 * `@ssut/nestjs-sqs` (sqs-consumer 11 inside): `SqsModule.register` with one consumer. Its
 * parallelism is `batchSize` (at most 10): it receives a batch, runs the handler on every message
 * with `Promise.all`, deletes, and only then polls again. `batch: true` uses `handleMessageBatch`
 * (one DeleteMessageBatch per batch) instead of one DeleteMessage per message.
 */
export function ssutConsumer(batch: boolean): ConsumerUnderTest {
  return {
    name: batch ? 'ssut-batch' : 'ssut',
    label: `@ssut/nestjs-sqs${batch ? ', batch handler' : ''}`,
    concurrency: 10,
    transport: 'http',
    settings:
      '`batchSize: 10` (its maximum parallelism), `@SqsMessageHandler(name, ' +
      `${batch})\`, other options default (waitTimeSeconds 20, pollingWaitTimeMs 0)`,
    async prepare(queue: QueueRef, handler: BenchHandler): Promise<PreparedConsumer> {
      const sqs = sdkClient(queue.endpoint as string);
      const handlerClass: Type<unknown> = batch ? SsutBatchHandler : SsutMessageHandler;
      const moduleRef = await Test.createTestingModule({
        imports: [
          SsutSqsModule.register({
            consumers: [{ name: 'bench', queueUrl: queue.queueUrl, sqs, batchSize: 10 }],
            globalStopOptions: { abort: true },
          }),
        ],
        providers: [handlerClass],
      }).compile();
      moduleRef.useLogger(false);
      return {
        // Its consumers start in onModuleInit.
        start: async () => {
          current = handler;
          await moduleRef.init();
        },
        stop: async () => {
          await moduleRef.close();
          sqs.destroy();
          current = () => undefined;
        },
      };
    },
  };
}
