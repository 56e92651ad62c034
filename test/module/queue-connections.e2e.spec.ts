import { Injectable, Module } from '@nestjs/common';
import { SQSClient } from '@aws-sdk/client-sqs';
import { Test, type TestingModule } from '@nestjs/testing';
import { InjectSqsProducer } from '../../src/decorators/inject-sqs-producer.decorator';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import { ManualClock } from '../../src/clock/manual-clock';
import { SqsEmulator } from '../../src/emulator/sqs-emulator';
import { InvalidSqsOptionsError } from '../../src/errors/invalid-sqs-options.error';
import { SqsModuleError } from '../../src/errors/sqs-module.error';
import type { SqsMessage } from '../../src/interfaces/sqs-message.interface';
import { SqsModule } from '../../src/module/sqs.module';
import type { SqsProducer } from '../../src/producer/sqs-producer';
import { startSqsServer } from '../../src/server';
import type { SqsServerHandle } from '../../src/server/sqs-server-options.interface';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** Two "regions": two SQS servers, each with its own emulator. */
interface Region {
  readonly emulator: SqsEmulator;
  readonly server: SqsServerHandle;
}

async function region(name: string): Promise<Region> {
  const emulator = new SqsEmulator({ clock: new ManualClock(), region: name });
  return { emulator, server: await startSqsServer({ emulator, port: 0 }) };
}

@Injectable()
class Audit {
  readonly seen: string[] = [];

  constructor(
    @InjectSqsProducer('orders') readonly orders: SqsProducer<{ id: string }>,
    @InjectSqsProducer('audit') readonly audit: SqsProducer<{ id: string }>,
  ) {}

  @SqsHandler('audit', { waitTimeSeconds: 1 })
  async onAudit(message: SqsMessage<{ id: string }>): Promise<void> {
    this.seen.push(message.body.id);
  }
}

async function eventually(predicate: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !predicate(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!predicate()) throw new Error(`Timed out waiting for ${what}`);
}

describe('queues in several regions or accounts', () => {
  let us: Region;
  let eu: Region;
  let app: TestingModule | undefined;

  beforeEach(async () => {
    us = await region('us-east-1');
    eu = await region('eu-west-1');
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
    await us.server.close();
    await eu.server.close();
  });

  it('sends and consumes each queue through its own client config', async () => {
    app = await Test.createTestingModule({
      imports: [
        SqsModule.forRoot({
          backend: 'aws',
          aws: { region: 'us-east-1', endpoint: us.server.url, credentials },
          logger: false,
          queues: {
            orders: { create: true },
            audit: { create: true, aws: { region: 'eu-west-1', endpoint: eu.server.url } },
          },
        }),
      ],
      providers: [Audit],
    }).compile();
    await app.init();
    const audit = app.get(Audit);
    await audit.orders.send({ id: 'o-1' });
    await audit.audit.send({ id: 'a-1' });
    await eventually(() => audit.seen.length === 1, 'the audit handler');
    expect(audit.seen).toEqual(['a-1']);
    expect(us.emulator.inspectQueues().map((q) => q.name)).toEqual(['orders']);
    expect(eu.emulator.inspectQueues().map((q) => q.name)).toEqual(['audit']);
    expect(us.emulator.peekMessages('orders')).toHaveLength(1);
  });

  it('takes a ready client for one queue', async () => {
    const client = new SQSClient({ region: 'eu-west-1', endpoint: eu.server.url, credentials });
    try {
      app = await Test.createTestingModule({
        imports: [
          SqsModule.forRoot({
            backend: 'aws',
            aws: { region: 'us-east-1', endpoint: us.server.url, credentials },
            logger: false,
            queues: { orders: { create: true }, audit: { create: true, client } },
          }),
        ],
        providers: [Audit],
      }).compile();
      await app.init();
      await app.get(Audit).audit.send({ id: 'a-2' });
      await eventually(() => app?.get(Audit).seen.length === 1, 'the audit handler');
      expect(eu.emulator.inspectQueues().map((q) => q.name)).toEqual(['audit']);
    } finally {
      client.destroy();
    }
  });

  it('refuses a dead-letter queue on another connection (SQS needs one region and account)', async () => {
    const boot = Test.createTestingModule({
      imports: [
        SqsModule.forRoot({
          backend: 'aws',
          aws: { region: 'us-east-1', endpoint: us.server.url, credentials },
          logger: false,
          queues: {
            orders: { create: true, deadLetter: { queue: 'dlq', maxReceiveCount: 3 } },
            dlq: { create: true, aws: { region: 'eu-west-1', endpoint: eu.server.url } },
          },
        }),
      ],
    }).compile();
    await expect(boot).rejects.toThrow(InvalidSqsOptionsError);
    await expect(boot).rejects.toThrow(/same region and account/);
  });

  it('keeps every queue in its one emulator on the memory backend', async () => {
    app = await Test.createTestingModule({
      imports: [
        SqsModule.forRoot({
          backend: 'memory',
          logger: false,
          queues: { orders: {}, audit: { aws: { region: 'eu-west-1' } } },
        }),
      ],
      providers: [Audit],
    }).compile();
    await app.init();
    await app.get(Audit).audit.send({ id: 'a-3' });
    await eventually(() => app?.get(Audit).seen.length === 1, 'the audit handler');
    expect(
      app
        .get(SqsEmulator)
        .inspectQueues()
        .map((q) => q.name),
    ).toEqual(['audit', 'orders']);
  });
});

describe('SqsModule.forRoot imported twice', () => {
  @Module({ imports: [SqsModule.forRoot({ backend: 'memory', logger: false, queues: { b: {} } })] })
  class FeatureModule {}

  it('stops the boot with an error that says how to declare the queues once', async () => {
    const boot = async () => {
      const app = await Test.createTestingModule({
        imports: [
          SqsModule.forRoot({ backend: 'memory', logger: false, queues: { a: {} } }),
          FeatureModule,
        ],
      }).compile();
      await app.init();
      await app.close();
    };
    await expect(boot()).rejects.toThrow(SqsModuleError);
    await expect(boot()).rejects.toThrow(/imported 2 times/);
    await expect(boot()).rejects.toThrow(/aws/);
  });
});
