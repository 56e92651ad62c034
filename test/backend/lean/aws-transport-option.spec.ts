import { SQSClient } from '@aws-sdk/client-sqs';
import 'reflect-metadata';
import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AwsSqsBackend } from '../../../src/backend/aws-sqs.backend';
import { createSqsBackend } from '../../../src/backend/create-sqs-backend';
import { LeanSqsBackend } from '../../../src/backend/lean/lean-sqs.backend';
import type { SqsAwsTransport } from '../../../src/backend/sqs-backend-options.interface';
import { SqsHandler } from '../../../src/decorators/sqs-handler.decorator';
import { InvalidSqsOptionsError } from '../../../src/errors/invalid-sqs-options.error';
import type { SqsMessage } from '../../../src/interfaces/sqs-message.interface';
import { SqsModule } from '../../../src/module/sqs.module';
import { SqsConsumers } from '../../../src/module/sqs-consumers.service';
import { getProducerToken } from '../../../src/tokens/get-producer-token.util';
import type { SqsProducer } from '../../../src/producer/sqs-producer';
import { startFixture, type ServerFixture } from '../../support/server-fixture';

const AWS = { region: 'us-east-1', endpoint: 'http://127.0.0.1:1' };

describe('awsTransport option', () => {
  it("keeps the SDK transport by default and with 'sdk'", async () => {
    for (const awsTransport of [undefined, 'sdk'] as const) {
      const backend = createSqsBackend({ backend: 'aws', aws: AWS, awsTransport });
      expect(backend.port).toBeInstanceOf(AwsSqsBackend);
      await backend.dispose();
    }
  });

  it("builds the lean transport with 'lean', for queues' own aws configs too", async () => {
    const backend = createSqsBackend({ backend: 'aws', aws: AWS, awsTransport: 'lean' });
    expect(backend.port).toBeInstanceOf(LeanSqsBackend);
    expect(backend.portFor({ aws: { region: 'eu-west-1' } })).toBeInstanceOf(LeanSqsBackend);
    // A queue's ready client is used as given.
    const client = new SQSClient(AWS);
    expect(backend.portFor({ client })).toBeInstanceOf(AwsSqsBackend);
    client.destroy();
    await backend.dispose();
  });

  it('is ignored by the other backends', async () => {
    const memory = createSqsBackend({ backend: 'memory', awsTransport: 'lean' });
    expect(memory.port).toBe(memory.emulator);
    await memory.dispose();
    const client = new SQSClient(AWS);
    const given = createSqsBackend({ backend: client, awsTransport: 'lean' });
    expect(given.port).toBeInstanceOf(AwsSqsBackend);
    expect(given.portFor({ aws: { region: 'eu-west-1' } })).toBeInstanceOf(AwsSqsBackend);
    await given.dispose();
    client.destroy();
  });

  it('refuses anything else, naming the choices', () => {
    expect(() =>
      createSqsBackend({ backend: 'aws', aws: AWS, awsTransport: 'fast' as SqsAwsTransport }),
    ).toThrow(
      new InvalidSqsOptionsError(
        "Invalid SqsModule options: 'awsTransport' must be 'sdk' or 'lean'; got 'fast'.",
      ),
    );
  });
});

/** The handler of the app below. */
let handled: (body: string) => void = () => undefined;

@Injectable()
class LeanOrdersHandler {
  @SqsHandler('orders', { concurrency: 20 })
  handle(message: SqsMessage<{ n: number }>): void {
    handled(String(message.body.n));
  }
}

describe("awsTransport: 'lean' in an application", () => {
  let fixture: ServerFixture;

  beforeEach(async () => {
    fixture = await startFixture();
  });

  afterEach(async () => {
    handled = () => undefined;
    await fixture.server.close();
  });

  it('produces and consumes through the HTTP emulator, deleting what it handled', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        SqsModule.forRoot({
          backend: 'aws',
          aws: {
            endpoint: fixture.url,
            region: 'us-east-1',
            credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
          },
          awsTransport: 'lean',
          logger: false,
          autoStartup: false,
          queues: { orders: { name: 'orders', create: true } },
        }),
      ],
      providers: [LeanOrdersHandler],
    }).compile();
    const app = await moduleRef.init();
    try {
      const producer = app.get<SqsProducer<{ n: number }>>(getProducerToken('orders'));
      const seen = new Set<string>();
      const all = new Promise<void>((resolve) => {
        handled = (n) => {
          seen.add(n);
          if (seen.size === 25) resolve();
        };
      });
      await producer.sendBatch(Array.from({ length: 24 }, (_, n) => ({ n })));
      await producer.send({ n: 24 });
      await app.get(SqsConsumers).start();
      await all;
      await app.get(SqsConsumers).stop();
      const { Attributes } = await fixture.emulator.getQueueAttributes({
        QueueUrl: (await fixture.emulator.getQueueUrl({ QueueName: 'orders' })).QueueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      });
      expect(Attributes).toEqual({
        ApproximateNumberOfMessages: '0',
        ApproximateNumberOfMessagesNotVisible: '0',
      });
    } finally {
      await app.close();
    }
  });
});
