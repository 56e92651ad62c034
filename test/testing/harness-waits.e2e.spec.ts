import { Injectable } from '@nestjs/common';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import type { SqsMessage } from '../../src/interfaces/sqs-message.interface';
import { SqsConsumers } from '../../src/module/sqs-consumers.service';
import { SqsTestTimeoutError } from '../../src/testing';
import { deferred, type Deferred } from '../support/deferred';
import { createHarnessApp, type HarnessApp } from '../support/testing/harness-app';

interface Task {
  id: number;
  failures?: number;
  hold?: boolean;
}

@Injectable()
class TasksHandler {
  readonly gate: Deferred = deferred();
  readonly handled: number[] = [];

  @SqsHandler('tasks', { backoff: (receiveCount) => receiveCount * 10 })
  async onTask(message: SqsMessage<Task>): Promise<void> {
    if (message.body.hold) await this.gate.promise;
    if (message.receiveCount <= (message.body.failures ?? 0)) {
      throw new Error(`task ${message.body.id} attempt ${message.receiveCount} failed`);
    }
    this.handled.push(message.body.id);
  }

  @SqsHandler('steps.fifo', { backoff: () => 30 })
  async onStep(message: SqsMessage<Task>): Promise<void> {
    if (message.receiveCount <= (message.body.failures ?? 0)) throw new Error('step failed');
    this.handled.push(message.body.id);
  }
}

const QUEUES = {
  tasks: { deadLetter: { queue: 'tasks-dlq', maxReceiveCount: 3 } },
  'tasks-dlq': {},
  'steps.fifo': { fifo: { groupId: () => 'one-group' } },
  unconsumed: {},
};

describe('harness waits', () => {
  let t: HarnessApp;
  let handler: TasksHandler;

  beforeEach(async () => {
    t = await createHarnessApp(QUEUES, [TasksHandler]);
    handler = t.get(TasksHandler);
  });

  afterEach(async () => {
    handler.gate.resolve();
    await t.app.close();
  });

  describe('waitForIdle()', () => {
    it('resolves once every message has been handled and deleted', async () => {
      for (let id = 1; id <= 25; id++) await t.sqs.send('tasks', { id });
      await t.sqs.waitForIdle();
      expect(handler.handled).toHaveLength(25);
      expect(t.sqs.messages('tasks')).toEqual([]);
    });

    it('does not move virtual time', async () => {
      const before = t.sqs.clock.now();
      await t.sqs.send('tasks', { id: 1, failures: 1 });
      await t.sqs.waitForIdle();
      expect(t.sqs.clock.now()).toBe(before);
    });

    it('does not wait for a retry that waits out its backoff', async () => {
      await t.sqs.send('tasks', { id: 1, failures: 1 });
      await t.sqs.waitForIdle();
      expect(t.sqs.messages('tasks')).toMatchObject([{ state: 'inflight', receiveCount: 1 }]);
    });

    it('does not wait for delayed messages', async () => {
      await t.sqs.send('tasks', { id: 1 }, { delaySeconds: 60 });
      await t.sqs.waitForIdle();
      expect(t.sqs.messages('tasks', { state: 'delayed' })).toHaveLength(1);
    });

    it('ignores messages of queues nobody consumes', async () => {
      await t.sqs.send('unconsumed', { id: 1 });
      await expect(t.sqs.waitForIdle()).resolves.toBeUndefined();
    });

    it('ignores a stopped consumer', async () => {
      await t.get(SqsConsumers).stop('tasks');
      await t.sqs.send('tasks', { id: 1 });
      await t.sqs.waitForIdle();
      expect(t.sqs.messages('tasks', { state: 'visible' })).toHaveLength(1);
    });

    it('resolves while a FIFO group is blocked behind a message in its backoff', async () => {
      await t.sqs.send('steps.fifo', { id: 1, failures: 1 });
      await t.sqs.send('steps.fifo', { id: 2 });
      await t.sqs.waitForIdle();
      expect(t.sqs.messages('steps.fifo').map((m) => m.state)).toEqual(['inflight', 'visible']);
    });

    it('rejects after its real-time limit while a handler runs, listing what is pending', async () => {
      await t.sqs.send('tasks', { id: 1, hold: true });
      const error = await t.sqs.waitForIdle({ timeoutMs: 50 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SqsTestTimeoutError);
      expect((error as Error).message).toContain('waitForIdle() timed out after 50 ms');
      expect((error as Error).message).toContain(
        '- tasks: 0 visible, 1 in flight, 0 delayed (next visible in 30000 ms); consumer running, ' +
          '1 in handlers (TasksHandler.onTask)',
      );
      expect((error as Error).message).toContain(
        '- unconsumed: 0 visible, 0 in flight, 0 delayed; no consumer',
      );
    });
  });

  describe('a handler that never returns', () => {
    it('shows in a wait’s error how long it has run', async () => {
      await t.sqs.send('tasks', { id: 1, hold: true });
      const error = await t.sqs
        .waitFor('tasks', (task: Task) => task.id === 1, { maxAdvanceMs: 90_000 })
        .catch((e: unknown) => e);
      expect((error as Error).message).toMatch(
        /1 in handlers \(TasksHandler\.onTask\), the longest running for \d+ s/,
      );
    });
  });

  describe('waitFor(queue, predicate, { outcome })', () => {
    it('resolves with the processed outcome of the matching message', async () => {
      await t.sqs.send('tasks', { id: 1 });
      await t.sqs.send('tasks', { id: 2 });
      const done = await t.sqs.waitFor('tasks', (task: Task) => task.id === 2);
      expect(done).toMatchObject({
        queue: 'tasks',
        outcome: 'processed',
        body: { id: 2 },
        handler: 'TasksHandler.onTask',
        receiveCount: 1,
      });
      expect(done.message?.body).toEqual({ id: 2 });
    });

    it('resolves with an outcome that happened before the call', async () => {
      await t.sqs.send('tasks', { id: 1 });
      await t.sqs.waitForIdle();
      await expect(t.sqs.waitFor('tasks', (task: Task) => task.id === 1)).resolves.toMatchObject({
        outcome: 'processed',
      });
    });

    it('plays out retries and backoffs on the virtual clock until the message succeeds', async () => {
      const start = t.sqs.clock.now();
      await t.sqs.send('tasks', { id: 1, failures: 2 });
      const done = await t.sqs.waitFor('tasks', (task: Task) => task.id === 1);
      expect(done.receiveCount).toBe(3);
      expect(t.sqs.clock.now() - start).toBe(10_000 + 20_000);
    });

    it('resolves with a failed attempt and its error', async () => {
      await t.sqs.send('tasks', { id: 5, failures: 1 });
      const failed = await t.sqs.waitFor('tasks', (task: Task) => task.id === 5, {
        outcome: 'failed',
      });
      expect(failed).toMatchObject({
        outcome: 'failed',
        receiveCount: 1,
        retryDelaySeconds: 10,
        error: new Error('task 5 attempt 1 failed'),
      });
    });

    it('resolves when the message reaches the dead-letter queue, with the last error', async () => {
      await t.sqs.send('tasks', { id: 6, failures: 99 });
      const dead = await t.sqs.waitFor('tasks', (task: Task) => task.id === 6, {
        outcome: 'dead-lettered',
      });
      expect(dead).toMatchObject({
        outcome: 'dead-lettered',
        body: { id: 6, failures: 99 },
        receiveCount: 3,
        handler: 'TasksHandler.onTask',
        error: new Error('task 6 attempt 3 failed'),
      });
      expect(t.sqs.deadLetters('tasks')).toHaveLength(1);
    });

    it('moves time past a handler that is stuck on something else', async () => {
      await t.sqs.send('tasks', { id: 1, hold: true });
      await t.sqs.send('steps.fifo', { id: 2, failures: 1 });
      const done = await t.sqs.waitFor('steps.fifo', (task: Task) => task.id === 2);
      expect(done.receiveCount).toBe(2);
    });

    it('waits without moving time when advanceClock is false', async () => {
      await t.sqs.send('tasks', { id: 1, failures: 1 });
      await expect(
        t.sqs.waitFor('tasks', () => true, { advanceClock: false, timeoutMs: 50 }),
      ).rejects.toThrow(
        /found no matching message after 50 ms of real time and 0 ms of virtual time/,
      );
    });

    it('gives up once maxAdvanceMs of virtual time has passed, naming what it saw', async () => {
      await t.sqs.send('tasks', { id: 1, failures: 1 });
      await expect(t.sqs.waitFor('tasks', () => true, { maxAdvanceMs: 5_000 })).rejects.toThrow(
        /within 5000 ms of virtual time \(maxAdvanceMs\)\. Outcomes on 'tasks' so far \(none matched the predicate\): 1 failed\./,
      );
    });

    it('gives up after its real-time limit when nothing can match', async () => {
      await t.sqs.send('unconsumed', { id: 1 });
      await expect(t.sqs.waitFor('unconsumed', () => true, { timeoutMs: 50 })).rejects.toThrow(
        SqsTestTimeoutError,
      );
    });

    it('rejects an unknown outcome', async () => {
      await expect(
        t.sqs.waitFor('tasks', () => true, { outcome: 'done' as never }),
      ).rejects.toThrow("'outcome' must be 'processed', 'failed' or 'dead-lettered', got done.");
    });
  });
});
