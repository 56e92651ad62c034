import { Injectable } from '@nestjs/common';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import { HandlerTimeoutError } from '../../src/errors/handler-timeout.error';
import type { SqsMessage } from '../../src/interfaces/sqs-message.interface';
import { deferred, type Deferred } from '../support/deferred';
import { createHarnessApp, type HarnessApp } from '../support/testing/harness-app';

interface Job {
  id: number;
  fail?: boolean;
  hold?: boolean;
}

@Injectable()
class JobsHandler {
  readonly gate: Deferred = deferred();
  readonly attempts: { id: number; receiveCount: number; at: number }[] = [];
  now: () => number = () => NaN;

  @SqsHandler('jobs', { backoff: (receiveCount) => receiveCount * 10 })
  async onJob(message: SqsMessage<Job>): Promise<void> {
    this.attempts.push({ id: message.body.id, receiveCount: message.receiveCount, at: this.now() });
    if (message.body.hold) await this.gate.promise;
    if (message.body.fail) throw new Error('job failed');
  }

  @SqsHandler('slow', { timeoutMs: 5_000 })
  async onSlow(): Promise<void> {
    await this.gate.promise;
  }
}

const QUEUES = {
  jobs: {
    attributes: { VisibilityTimeout: '30' },
    deadLetter: { queue: 'jobs-dlq', maxReceiveCount: 3 },
  },
  'jobs-dlq': {},
  slow: {},
};

describe('harness advance(ms)', () => {
  let t: HarnessApp;
  let handler: JobsHandler;
  let start: number;

  beforeEach(async () => {
    t = await createHarnessApp(QUEUES, [JobsHandler]);
    handler = t.get(JobsHandler);
    handler.now = () => t.sqs.clock.now();
    start = t.sqs.clock.now();
  });

  afterEach(async () => {
    handler.gate.resolve();
    await t.app.close();
  });

  it('moves the virtual clock by exactly ms', async () => {
    await t.sqs.advance(1_234);
    expect(t.sqs.clock.now()).toBe(start + 1_234);
  });

  it('does not redeliver a failed message before its backoff has run out', async () => {
    await t.sqs.send('jobs', { id: 1, fail: true });
    await t.sqs.advance(9_999);
    expect(handler.attempts.map((a) => a.receiveCount)).toEqual([1]);
  });

  it('redelivers a failed message when its backoff runs out', async () => {
    await t.sqs.send('jobs', { id: 1, fail: true });
    await t.sqs.advance(10_000);
    expect(handler.attempts.map((a) => a.receiveCount)).toEqual([1, 2]);
  });

  it('stops at each due timer, so one call plays a whole retry → dead-letter path', async () => {
    await t.sqs.send('jobs', { id: 1, fail: true });
    // Attempt 1 at 0 s, backoff 10 s; attempt 2 at 10 s, backoff 20 s; attempt 3 at 30 s is the
    // last: it goes back at once and the next receive moves it to the dead-letter queue.
    await t.sqs.advance(30_000);
    expect(handler.attempts.map((a) => a.at - start)).toEqual([0, 10_000, 30_000]);
    expect(t.sqs.deadLetters('jobs')).toMatchObject([{ body: { id: 1 }, receiveCount: 3 }]);
  });

  it('delivers a delayed message at its own virtual time', async () => {
    await t.sqs.send('jobs', { id: 2 }, { delaySeconds: 15 });
    await t.sqs.advance(60_000);
    expect(handler.attempts).toEqual([{ id: 2, receiveCount: 1, at: start + 15_000 }]);
  });

  it('keeps a long-running handler’s message invisible with heartbeats along the way', async () => {
    await t.sqs.send('jobs', { id: 3, hold: true });
    await t.sqs.advance(120_000);
    expect(t.sqs.messages('jobs')).toMatchObject([{ state: 'inflight', receiveCount: 1 }]);
    handler.gate.resolve();
    await t.sqs.waitForIdle();
    expect(handler.attempts).toHaveLength(1);
    expect(t.sqs.messages('jobs')).toEqual([]);
  });

  it('fires a handler timeout at its virtual time', async () => {
    await t.sqs.send('slow', {});
    await t.sqs.advance(5_000);
    const [failed] = t.sqs.outcomes('slow', 'failed');
    expect(failed.error).toBeInstanceOf(HandlerTimeoutError);
    expect(failed.at).toEqual(new Date(start + 5_000));
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('rejects %p', async (ms) => {
    await expect(t.sqs.advance(ms)).rejects.toThrow(RangeError);
  });
});

describe('closing the application', () => {
  it('returns although a handler never finishes, aborting its signal', async () => {
    const signals: AbortSignal[] = [];
    @Injectable()
    class StuckHandler {
      @SqsHandler('stuck')
      onMessage(message: SqsMessage<unknown>): Promise<void> {
        signals.push(message.signal);
        return new Promise<void>(() => undefined);
      }
    }
    const t = await createHarnessApp({ stuck: {} }, [StuckHandler]);
    await t.sqs.send('stuck', { id: 1 });
    await t.sqs.advance(0);
    await t.app.close();
    expect(signals).toHaveLength(1);
    expect(signals[0].aborted).toBe(true);
  });
});
