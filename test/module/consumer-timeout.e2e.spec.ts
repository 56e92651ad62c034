import { Injectable } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { SqsEvents } from '../../src/consumer/sqs-events';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import { HandlerTimeoutError } from '../../src/errors/handler-timeout.error';
import type { SqsEventMap } from '../../src/interfaces/sqs-events.interface';
import type { SqsMessage } from '../../src/interfaces/sqs-message.interface';
import { SqsConsumers } from '../../src/module/sqs-consumers.service';
import type { SqsTestHarness, SqsTestingModuleOptions } from '../../src/testing';
import { compileKitApp } from '../support/testing/kit-app';
import { turnUntil } from '../support/testing/turn-until';

/** The harness of the running test: handlers sleep on its clock. */
let sqs: SqsTestHarness;

function sleepOnClock(ms: number): Promise<void> {
  return new Promise((resolve) => sqs.clock.setTimer(resolve, ms));
}

/** Records every run: how many run at once, in all and per message. */
class RunLog {
  readonly runs: Array<{ n: number; receiveCount: number; startedAt: number; endedAt?: number }> =
    [];
  running = 0;
  maxRunning = 0;
  readonly runningById = new Map<string, number>();
  readonly overlaps: string[] = [];

  async run(message: SqsMessage<{ n: number }>, work: () => Promise<void>): Promise<void> {
    const run = {
      n: message.body.n,
      receiveCount: message.receiveCount,
      startedAt: sqs.clock.now(),
    } as RunLog['runs'][number];
    this.runs.push(run);
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    const same = (this.runningById.get(message.id) ?? 0) + 1;
    this.runningById.set(message.id, same);
    if (same > 1) this.overlaps.push(`message ${message.body.n} runs ${same} times at once`);
    try {
      await work();
    } finally {
      this.running--;
      this.runningById.set(message.id, same - 1);
      run.endedAt = sqs.clock.now();
    }
  }
}

/** Ignores its abort signal: sleeps 1.6 s whatever happens (the reproduction). */
@Injectable()
class StubbornFifoHandler {
  readonly log = new RunLog();

  @SqsHandler('steps', { concurrency: 1, timeoutMs: 100, backoff: () => 1 })
  onStep(message: SqsMessage<{ n: number }>): Promise<void> {
    return this.log.run(message, () => sleepOnClock(1_600));
  }
}

@Injectable()
class StubbornStandardHandler {
  readonly log = new RunLog();
  /** Messages whose handler stops when its signal aborts (the others sleep 1.6 s regardless). */
  readonly honouring = new Set<number>();

  @SqsHandler('work', { concurrency: 2, batchSize: 1, timeoutMs: 100, backoff: () => 1 })
  onWork(message: SqsMessage<{ n: number }>): Promise<void> {
    if (!this.honouring.has(message.body.n)) {
      return this.log.run(message, () => sleepOnClock(1_600));
    }
    return this.log.run(
      message,
      () =>
        new Promise<void>((_, reject) =>
          message.signal.addEventListener('abort', () => reject(message.signal.reason)),
        ),
    );
  }
}

/** Moves virtual time in 50 ms steps, letting every consequence settle at its own time. */
async function play(ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 50) await sqs.advance(50);
}

describe('a handler past its timeout', () => {
  let app: TestingModule;
  let failures: SqsEventMap['messageFailed'][];

  afterEach(async () => {
    const closing = app.close();
    await play(5_000);
    await closing;
  });

  async function boot(
    queues: SqsTestingModuleOptions['queues'],
    provider: typeof StubbornFifoHandler | typeof StubbornStandardHandler,
  ) {
    ({ app, sqs } = await compileKitApp({ queues }, [provider]));
    failures = [];
    app.get(SqsEvents).on('messageFailed', (e) => failures.push(e));
  }

  it('never runs its FIFO message twice at once (concurrency 1, timeout 100 ms, backoff 1 s)', async () => {
    await boot({ steps: { fifo: true } }, StubbornFifoHandler);
    await sqs.send('steps', { n: 1 }, { groupId: 'g', deduplicationId: '1' });
    await app.init();
    const { log } = app.get(StubbornFifoHandler);
    await turnUntil(sqs, () => log.runs.length === 1, 'the first run');

    await play(4_000);

    expect(log.overlaps).toEqual([]);
    expect(log.maxRunning).toBe(1);
    // The timeout is reported when it strikes...
    expect(failures[0].error).toBeInstanceOf(HandlerTimeoutError);
    // ...but the retry waits for the first run to end, then for the backoff.
    const [first, second] = log.runs;
    expect(first.receiveCount).toBe(1);
    expect(second.receiveCount).toBe(2);
    expect(second.startedAt).toBeGreaterThanOrEqual((first.endedAt as number) + 1_000);
  });

  it('holds its slot until it settles, so concurrency stays a hard bound', async () => {
    await boot({ work: {} }, StubbornStandardHandler);
    for (let n = 1; n <= 6; n++) await sqs.send('work', { n });
    await app.init();
    const { log } = app.get(StubbornStandardHandler);
    await turnUntil(sqs, () => log.runs.length === 2, 'two runs');

    await play(6_000);

    expect(log.overlaps).toEqual([]);
    expect(log.maxRunning).toBe(2);
    const status = app.get(SqsConsumers).status()[0];
    expect(status.running).toBeLessThanOrEqual(2);
  });

  it('frees its slot and retries at once when it honours its signal', async () => {
    await boot({ work: {} }, StubbornStandardHandler);
    await sqs.send('work', { n: 1 });
    const handler = app.get(StubbornStandardHandler);
    handler.honouring.add(1);
    await app.init();
    await turnUntil(sqs, () => handler.log.runs.length === 1, 'the first run');
    await play(1_200);
    const [first, second] = handler.log.runs;
    expect(first.endedAt).toBe(first.startedAt + 100);
    expect(second.startedAt).toBe((first.endedAt as number) + 1_000);
  });
});

describe('a handler a stop gave up on, after the consumer starts again', () => {
  @Injectable()
  class Slow {
    started = 0;
    ended = 0;

    @SqsHandler('reports', { timeoutMs: 1_000, backoff: () => 1 })
    async onReport(): Promise<void> {
      this.started++;
      await sleepOnClock(20_000);
      this.ended++;
    }
  }

  it('keeps its message invisible while it runs: the heartbeat goes on', async () => {
    let app: TestingModule;
    ({ app, sqs } = await compileKitApp(
      {
        shutdownTimeoutMs: 100,
        queues: { reports: { attributes: { VisibilityTimeout: '4' } } },
      },
      [Slow],
    ));
    await app.init();
    const warnings: string[] = [];
    app.get(SqsEvents).on('error', (e) => warnings.push(String(e.error)));
    try {
      await sqs.send('reports', {});
      const slow = app.get(Slow);
      await turnUntil(sqs, () => slow.started === 1, 'the handler');
      const consumers = app.get(SqsConsumers);
      await play(1_000);
      const stopping = consumers.stop();
      await play(200);
      await stopping;
      await consumers.start();
      // Past several visibility timeouts of 4 s: never handed out again while the call runs.
      await play(15_000);
      expect(sqs.messages('reports')[0]).toMatchObject({
        state: 'inflight',
        receiveCount: 1,
      });
      expect(slow.started).toBe(1);
    } finally {
      const closing = app.close();
      await play(10_000);
      await closing;
    }
  });
});
