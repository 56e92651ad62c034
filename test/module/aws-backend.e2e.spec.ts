import { Injectable } from '@nestjs/common';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { Test, type TestingModule } from '@nestjs/testing';
import { AwsSqsBackend } from '../../src/backend/aws-sqs.backend';
import { InjectSqsProducer } from '../../src/decorators/inject-sqs-producer.decorator';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import { ManualClock } from '../../src/clock/manual-clock';
import { SqsEmulator } from '../../src/emulator/sqs-emulator';
import { QueueNotFoundError } from '../../src/errors/queue-not-found.error';
import type { SqsModuleOptions } from '../../src/module/sqs-module-options.interface';
import type { SqsMessage } from '../../src/interfaces/sqs-message.interface';
import { SQS_PORT } from '../../src/tokens/sqs.constants';
import { SqsModule } from '../../src/module/sqs.module';
import { SqsQueues } from '../../src/module/sqs-queues.service';
import type { SqsProducer } from '../../src/producer/sqs-producer';
import { startSqsServer } from '../../src/server';
import type { SqsServerHandle } from '../../src/server/sqs-server-options.interface';

/**
 * The `aws` backend against a real SQS-compatible server: the emulator served over HTTP by
 * `startSqsServer`, reached through `@aws-sdk/client-sqs`. Both sides share one ManualClock, so
 * backoff and visibility are virtual; only the HTTP round trips take real time.
 */

interface Task {
  n: number;
  fail?: boolean;
}

@Injectable()
class Tasks {
  readonly seen: SqsMessage<Task>[] = [];

  constructor(@InjectSqsProducer('tasks') readonly producer: SqsProducer<Task>) {}

  @SqsHandler('tasks', { backoff: () => 2, waitTimeSeconds: 20 })
  async onTask(message: SqsMessage<Task>): Promise<void> {
    this.seen.push(message);
    if (message.body.fail) throw new Error('task failed');
  }
}

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** Waits for real I/O (HTTP round trips) until `predicate` holds. Not a timing assumption. */
async function eventually(predicate: () => boolean, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('aws backend over HTTP (startSqsServer)', () => {
  let server: SqsServerHandle;
  let clock: ManualClock;
  let emulator: SqsEmulator;
  let app: TestingModule | undefined;

  beforeEach(async () => {
    clock = new ManualClock(Date.UTC(2026, 0, 1));
    emulator = new SqsEmulator({ clock });
    server = await startSqsServer({ emulator, port: 0 });
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
    await server.close();
  });

  async function boot(
    options: Partial<SqsModuleOptions> = {},
    providers = [Tasks],
  ): Promise<TestingModule> {
    const module = await Test.createTestingModule({
      imports: [
        SqsModule.forRoot({
          backend: 'aws',
          aws: { endpoint: server.url, region: 'us-east-1', credentials },
          clock,
          logger: false,
          queues: {
            tasks: { create: true, deadLetter: { queue: 'tasks-dlq', maxReceiveCount: 2 } },
            'tasks-dlq': { create: true },
          },
          ...options,
        }),
      ],
      providers,
    }).compile();
    module.useLogger(false);
    await module.init();
    app = module;
    return module;
  }

  it('creates the declared queues, dead-letter queue first, with the redrive policy', async () => {
    await boot();
    const [dlq, tasks] = ['tasks-dlq', 'tasks'].map((name) =>
      emulator.inspectQueues().find((q) => q.name === name),
    );
    expect(dlq).toBeDefined();
    expect(tasks).toMatchObject({ deadLetterTargetArn: dlq?.arn, maxReceiveCount: 2 });
    expect((app as TestingModule).get(SqsQueues).url('tasks')).toBe(
      `${server.url}/000000000000/tasks`,
    );
  });

  it('sends with the producer and consumes with the handler', async () => {
    const t = (await boot()).get(Tasks);
    const { id } = await t.producer.send({ n: 1 }, { attributes: { origin: 'test' } });
    await eventually(() => t.seen.length === 1, 'the handler');
    expect(t.seen[0]).toMatchObject({
      id,
      body: { n: 1 },
      receiveCount: 1,
      attributes: { origin: 'test' },
    });
    await eventually(() => emulator.peekMessages('tasks').length === 0, 'the delete');
    expect(emulator.peekMessages('tasks')).toEqual([]);
  });

  it('sends a batch in requests of 10 and reports every entry', async () => {
    const t = (await boot({ autoStartup: false })).get(Tasks);
    const results = await t.producer.sendBatch(Array.from({ length: 23 }, (_, n) => ({ n })));
    expect(results.filter((r) => r.ok)).toHaveLength(23);
    expect(emulator.peekMessages('tasks', { limit: 100 })).toHaveLength(23);
  });

  it('puts a failed message back after its backoff and dead-letters it after maxReceiveCount', async () => {
    const t = (await boot()).get(Tasks);
    await t.producer.send({ n: 1, fail: true });
    await eventually(() => t.seen.length === 1, 'the first attempt');
    await eventually(
      () => emulator.peekMessages('tasks')[0]?.visibleAt === clock.now() + 2_000,
      'the backoff',
    );
    clock.advance(2_000);
    await eventually(() => t.seen.length === 2, 'the second attempt');
    await eventually(() => emulator.peekMessages('tasks-dlq').length === 1, 'the dead-letter move');
    expect(t.seen.map((m) => m.receiveCount)).toEqual([1, 2]);
  });

  it('aborts its open long poll at shutdown instead of waiting it out', async () => {
    await boot();
    await eventually(() => emulator.pendingReceives() === 1, 'the long poll');
    await (app as TestingModule).close();
    app = undefined;
    await eventually(() => emulator.pendingReceives() === 0, 'the long poll to end', 1_000);
    expect(emulator.pendingReceives()).toBe(0);
  });

  it('fails boot for a queue that does not exist, naming its handler', async () => {
    const error = await boot({ queues: { tasks: {} } }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(QueueNotFoundError);
    expect((error as Error).message).toContain(
      "Queue 'tasks' (SQS queue 'tasks') does not exist; it is used by @SqsHandler on Tasks.onTask",
    );
  });

  it('accepts a ready SQSClient as the backend, and leaves it open', async () => {
    const client = new SQSClient({ endpoint: server.url, region: 'us-east-1', credentials });
    const module = await boot({ backend: client, aws: undefined, autoStartup: false });
    expect(module.get(SQS_PORT)).toBeInstanceOf(AwsSqsBackend);
    await module.get(Tasks).producer.send({ n: 1 });
    await module.close();
    app = undefined;
    // The module did not destroy the user's client: it still works.
    await expect(client.send(new ListQueuesCommand({}))).resolves.toBeDefined();
    client.destroy();
  });
});
