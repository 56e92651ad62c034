import { Injectable } from '@nestjs/common';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import type { SqsMessage } from '../../src/interfaces/sqs-message.interface';
import { deferred, type Deferred } from '../support/deferred';
import { createTestApp, type TestApp } from './support/test-app';
import { advance, flush, until } from './support/virtual-time';

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
  let t: TestApp;
  let handler: LedgerHandler;

  beforeEach(async () => {
    t = await createTestApp({ queues: { ledger: { fifo: true } } }, [LedgerHandler], false);
    const url = t.url('ledger.fifo');
    for (let seq = 1; seq <= 4; seq++) {
      for (const group of ['a', 'b', 'c']) {
        await t.emulator.sendMessage({
          QueueUrl: url,
          MessageBody: JSON.stringify({ group, seq }),
          MessageGroupId: group,
          MessageDeduplicationId: `${group}-${seq}`,
        });
      }
    }
    handler = t.app.get(LedgerHandler);
  });

  afterEach(async () => {
    handler.open = true;
    handler.releaseAll();
    await t.close();
  });

  async function drain(): Promise<void> {
    for (let i = 0; i < 40 && handler.started.length < 12; i++) {
      handler.releaseAll();
      await flush();
    }
  }

  it('handles each group strictly in order', async () => {
    await t.app.init();
    await drain();
    for (const group of ['a', 'b', 'c']) {
      expect(handler.started.filter((s) => s.group === group).map((s) => s.seq)).toEqual([
        1, 2, 3, 4,
      ]);
    }
  });

  it('never runs two messages of one group at once', async () => {
    await t.app.init();
    await drain();
    expect(handler.started).toHaveLength(12);
    expect(handler.sameGroupOverlap).toBe(false);
  });

  it('runs different groups in parallel', async () => {
    await t.app.init();
    await until(t.clock, () => handler.running.size === 3, 'three groups running');
    expect(handler.maxGroupsAtOnce).toBe(3);
  });

  it('keeps the order of a group across a retry', async () => {
    handler.failOnce.add('a:2');
    await t.app.init();
    await drain();
    await advance(t.clock, 3_000);
    await drain();
    for (let i = 0; i < 10; i++) {
      handler.releaseAll();
      await flush();
    }
    expect(handler.started.filter((s) => s.group === 'a').map((s) => s.seq)).toEqual([
      1, 2, 2, 3, 4,
    ]);
    await until(t.clock, () => t.emulator.peekMessages('ledger.fifo').length === 0, 'every delete');
  });
});
