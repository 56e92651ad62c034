import 'reflect-metadata';
import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { SqsHandler } from '../../../src/decorators/sqs-handler.decorator';
import type { SqsMessage } from '../../../src/interfaces/sqs-message.interface';
import { SqsConsumers } from '../../../src/module/sqs-consumers.service';
import { SqsModule } from '../../../src/module/sqs.module';
import { RawCodec } from '../../../src/producer/raw.codec';
import type {
  BenchHandler,
  ConsumerUnderTest,
  PreparedConsumer,
  QueueRef,
} from './consumer-under-test.interface';

/** The handler of the app being measured (one app at a time). */
let current: BenchHandler = () => undefined;

@Injectable()
class KitBenchHandler {
  @SqsHandler('bench')
  async handle(message: SqsMessage<string>): Promise<void> {
    await current(message.body);
  }
}

/**
 * nestjs-sqs-kit: a Nest app with `SqsModule`, one `@SqsHandler`, bodies as raw strings (no JSON
 * decoding, like the other consumers); `aws` backend against the HTTP emulator (through the SDK,
 * or with `awsTransport: 'lean'`), or `memory`.
 */
export function kitConsumer(
  transport: 'http' | 'memory',
  concurrency: number,
  awsTransport: 'sdk' | 'lean' = 'sdk',
): ConsumerUnderTest {
  const backend = transport === 'http' ? 'aws' : 'memory';
  const lean = transport === 'http' && awsTransport === 'lean';
  return {
    name: `kit-${backend}${lean ? '-lean' : ''}-c${concurrency}`,
    label: `nestjs-sqs-kit, ${backend} backend${lean ? ', lean transport' : ''}`,
    concurrency,
    transport,
    settings:
      `\`concurrency: ${concurrency}\`${lean ? ", `awsTransport: 'lean'`" : ''} ` +
      '(batchSize 10, waitTimeSeconds 20: the defaults)',
    async prepare(queue: QueueRef, handler: BenchHandler): Promise<PreparedConsumer> {
      const moduleRef = await Test.createTestingModule({
        imports: [
          SqsModule.forRoot({
            ...(transport === 'http'
              ? {
                  backend: 'aws' as const,
                  awsTransport,
                  aws: {
                    endpoint: queue.endpoint,
                    region: 'us-east-1',
                    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
                  },
                }
              : { backend: 'memory' as const, emulator: queue.emulator }),
            logger: false,
            autoStartup: false,
            queues: {
              bench: { name: queue.queueName, codec: new RawCodec(), consumer: { concurrency } },
            },
          }),
        ],
        providers: [KitBenchHandler],
      }).compile();
      moduleRef.useLogger(false);
      const app = await moduleRef.init();
      return {
        start: async () => {
          current = handler;
          await app.get(SqsConsumers).start();
        },
        stop: async () => {
          await app.close();
          current = () => undefined;
        },
      };
    },
  };
}
