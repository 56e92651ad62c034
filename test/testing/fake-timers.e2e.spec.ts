import { Injectable, Module } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import type { SqsMessage } from '../../src/interfaces/sqs-message.interface';
import { SqsModule } from '../../src/module/sqs.module';
import { SqsTestHarness, SqsTesting } from '../../src/testing';

interface Job {
  id: number;
  failTimes?: number;
}

@Injectable()
class JobsHandler {
  readonly attempts: number[] = [];

  @SqsHandler('jobs', { backoff: () => 30 })
  async run(message: SqsMessage<Job>): Promise<void> {
    this.attempts.push(message.receiveCount);
    if (message.receiveCount <= (message.body.failTimes ?? 0)) throw new Error('not yet');
  }
}

@Module({
  imports: [
    SqsModule.forRoot({
      backend: 'aws',
      logger: false,
      queues: { jobs: { deadLetter: { queue: 'jobs-dlq', maxReceiveCount: 2 } }, 'jobs-dlq': {} },
    }),
  ],
  providers: [JobsHandler],
})
class JobsModule {}

type Mode = [string, () => void];

const modes: Mode[] = [
  ['real timers', () => jest.useRealTimers()],
  ['jest.useFakeTimers() (every API faked)', () => jest.useFakeTimers()],
  [
    "jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] })",
    () => jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] }),
  ],
  ['jest.useFakeTimers({ now: 0 }) (fake Date at the epoch)', () => jest.useFakeTimers({ now: 0 })],
  ['legacy', () => jest.useFakeTimers({ legacyFakeTimers: true })],
];

describe.each(modes)('the harness under %s', (_name, install) => {
  let app: TestingModule;
  let sqs: SqsTestHarness;

  beforeEach(async () => {
    install();
    app = await SqsTesting.createTestingModule({ imports: [JobsModule] }).compile();
    app.useLogger(false);
    await app.init();
    sqs = app.get(SqsTestHarness);
  });

  afterEach(async () => {
    await app.close();
    jest.useRealTimers();
  });

  it('processes a message and deletes it before waitForIdle resolves', async () => {
    await sqs.send('jobs', { id: 1 });
    await sqs.waitForIdle();
    expect(app.get(JobsHandler).attempts).toEqual([1]);
    expect(sqs.messages('jobs')).toEqual([]);
  });

  it('retries after the backoff when advance() moves the virtual clock', async () => {
    await sqs.send('jobs', { id: 2, failTimes: 1 });
    await sqs.waitForIdle();
    expect(sqs.messages('jobs', { state: 'inflight' })).toHaveLength(1);
    await sqs.advance(30_000);
    expect(app.get(JobsHandler).attempts).toEqual([1, 2]);
    expect(sqs.messages('jobs')).toEqual([]);
  });

  it('plays a retry → dead-letter path out inside waitFor', async () => {
    await sqs.send('jobs', { id: 3, failTimes: 5 });
    await sqs.waitFor('jobs', (job: Job) => job.id === 3, { outcome: 'dead-lettered' });
    expect(sqs.deadLetters('jobs')).toMatchObject([{ body: { id: 3 }, receiveCount: 2 }]);
  });

  it('times out waitForIdle in real time while a handler cannot finish, and still closes', async () => {
    const handler = app.get(JobsHandler);
    handler.run = () => new Promise<void>(() => undefined);
    await sqs.send('jobs', { id: 4 });
    await expect(sqs.waitForIdle({ timeoutMs: 30 })).rejects.toThrow(/1 in handlers/);
  });
});
