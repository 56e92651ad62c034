import { Injectable } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import type { SqsMessage } from '../../src/interfaces/sqs-message.interface';
import type { SqsTestHarness } from '../../src/testing';
import { deferred, type Deferred } from '../support/deferred';
import { compileKitApp } from '../support/testing/kit-app';
import { turnUntil } from '../support/testing/turn-until';

interface Step {
  group: string;
  seq: number;
}

@Injectable()
class LedgerHandler {
  readonly started: Step[] = [];
  readonly running = new Map<string, number>();
  maxGroupsAtOnce = 0;
  sameGroupOverlap = false;
  readonly pending: Deferred[] = [];
  failOnce = new Set<string>();
  /** Set when the test is over: handlers no longer wait. */
  open = false;

  @SqsHandler('ledger', { concurrency: 10, backoff: () => 3 })
  async onEntry(message: SqsMessage<Step>): Promise<void> {
    const { group, seq } = message.body;
    this.started.push({ group, seq });
    if (this.running.has(group)) this.sameGroupOverlap = true;
    this.running.set(group, seq);
    this.maxGroupsAtOnce = Math.max(this.maxGroupsAtOnce, this.running.size);
    const gate = deferred();
    if (this.open) gate.resolve();
    else this.pending.push(gate);
    try {
      await gate.promise;
      const key = `${group}:${seq}`;
      if (this.failOnce.delete(key)) throw new Error(`fail ${key}`);
    } finally {
      this.running.delete(group);
    }
  }

  /** Lets every running handler finish, in the reverse order they started. */
  releaseAll(): void {
    for (const gate of this.pending.splice(0).reverse()) gate.resolve();
  }
}

describe('consumer: FIFO queues', () => {
  let app: TestingModule;
  let sqs: SqsTestHarness;
  let handler: LedgerHandler;

  beforeEach(async () => {
    ({ app, sqs } = await compileKitApp({ queues: { ledger: { fifo: true } } }, [LedgerHandler]));
    for (let seq = 1; seq <= 4; seq++) {
      for (const group of ['a', 'b', 'c']) {
        await sqs.send<Step>(
          'ledger',
          { group, seq },
          { groupId: group, deduplicationId: `${group}-${seq}` },
        );
      }
    }
    handler = app.get(LedgerHandler);
  });

  afterEach(async () => {
    handler.open = true;
    handler.releaseAll();
    await app.close();
  });

  async function drain(): Promise<void> {
    for (let i = 0; i < 40 && handler.started.length < 12; i++) {
      handler.releaseAll();
      await sqs.advance(0);
    }
  }

  it('handles each group strictly in order', async () => {
    await app.init();
    await drain();
    for (const group of ['a', 'b', 'c']) {
      expect(handler.started.filter((s) => s.group === group).map((s) => s.seq)).toEqual([
        1, 2, 3, 4,
      ]);
    }
  });

  it('never runs two messages of one group at once', async () => {
    await app.init();
    await drain();
    expect(handler.started).toHaveLength(12);
    expect(handler.sameGroupOverlap).toBe(false);
  });

  it('runs different groups in parallel', async () => {
    await app.init();
    await turnUntil(sqs, () => handler.running.size === 3, 'three groups running');
    expect(handler.maxGroupsAtOnce).toBe(3);
  });

  it('keeps the order of a group across a retry', async () => {
    handler.failOnce.add('a:2');
    await app.init();
    await drain();
    await sqs.advance(3_000);
    await drain();
    for (let i = 0; i < 10; i++) {
      handler.releaseAll();
      await sqs.advance(0);
    }
    expect(handler.started.filter((s) => s.group === 'a').map((s) => s.seq)).toEqual([
      1, 2, 2, 3, 4,
    ]);
    await sqs.waitForIdle();
    expect(sqs.messages('ledger')).toEqual([]);
  });
});
