import { Injectable } from '@nestjs/common';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import type { SqsMessage } from '../../src/interfaces/sqs-message.interface';
import { SqsConsumers } from '../../src/module/sqs-consumers.service';
import { deferred, type Deferred } from '../support/deferred';
import { createTestApp, type TestApp } from './support/test-app';
import { flush, until } from './support/virtual-time';

@Injectable()
class BlockingHandler {
  readonly started: SqsMessage<{ n: number }>[] = [];
  readonly gates: Deferred[] = [];

  @SqsHandler('steps')
  async onStep(message: SqsMessage<{ n: number }>): Promise<void> {
    this.started.push(message);
    const gate = deferred();
    this.gates.push(gate);
    await gate.promise;
  }

  finishAll(): void {
    for (const gate of this.gates.splice(0)) gate.resolve();
  }
}

describe('shutdown', () => {
  let t: TestApp;
  let handler: BlockingHandler;
  let closed: boolean;

  async function start(
    queue: { fifo?: boolean },
    messages: number,
    shutdownTimeoutMs?: number,
  ): Promise<void> {
    t = await createTestApp(
      { shutdownTimeoutMs, queues: { steps: queue } },
      [BlockingHandler],
      false,
    );
    const url = t.url(queue.fifo ? 'steps.fifo' : 'steps');
    for (let n = 1; n <= messages; n++) {
      await t.emulator.sendMessage({
        QueueUrl: url,
        MessageBody: JSON.stringify({ n }),
        ...(queue.fifo ? { MessageGroupId: 'g', MessageDeduplicationId: `d${n}` } : {}),
      });
    }
    handler = t.app.get(BlockingHandler);
    await t.app.init();
    await until(t.clock, () => handler.started.length >= 1, 'a running handler');
    closed = false;
  }

  function close(): Promise<void> {
    return t.close().then(() => {
      closed = true;
    });
  }

  it('waits for running handlers before resolving', async () => {
    await start({}, 3);
    expect(t.app.get(SqsConsumers).status()[0].byHandler).toEqual([
      { handler: 'BlockingHandler.onStep', running: 3, processed: 0, failed: 0 },
    ]);
    const closing = close();
    await flush();
    expect(closed).toBe(false);
    handler.finishAll();
    await closing;
    expect(closed).toBe(true);
  });

  it('deletes what in-flight handlers finished during shutdown, before resolving', async () => {
    await start({}, 3);
    const closing = close();
    await flush();
    handler.finishAll();
    await closing;
    expect(t.emulator.peekMessages('steps')).toEqual([]);
  });

  it('closes the open long poll at once', async () => {
    await start({}, 1);
    expect(t.emulator.pendingReceives()).toBe(1);
    const closing = close();
    await flush();
    expect(t.emulator.pendingReceives()).toBe(0);
    handler.finishAll();
    await closing;
  });

  it('makes received messages that had not started visible again', async () => {
    // FIFO: the group's later messages were received together but wait behind the first.
    await start({ fifo: true }, 3);
    expect(handler.started).toHaveLength(1);
    const closing = close();
    await flush();
    const waiting = t.emulator.peekMessages('steps.fifo', { states: ['visible'] });
    expect(waiting.map((m) => [JSON.parse(m.body).n, m.receiveCount])).toEqual([
      [2, 1],
      [3, 1],
    ]);
    handler.finishAll();
    await closing;
  });

  it('loses nothing: the finished message is deleted and the others stay queued', async () => {
    await start({ fifo: true }, 3);
    const closing = close();
    await flush();
    handler.finishAll();
    await closing;
    expect(t.emulator.peekMessages('steps.fifo').map((m) => JSON.parse(m.body).n)).toEqual([2, 3]);
  });

  it('gives up on a handler after shutdownTimeoutMs, leaving its message to reappear', async () => {
    await start({}, 1, 5_000);
    const closing = close();
    await flush();
    t.clock.advance(4_999);
    await flush();
    expect(closed).toBe(false);
    t.clock.advance(1);
    await closing;
    expect(handler.started[0].signal.aborted).toBe(true);
    expect(t.emulator.peekMessages('steps')[0]).toMatchObject({
      state: 'inflight',
      receiveCount: 1,
    });
  });
});
