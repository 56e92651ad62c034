import { Injectable } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import type { SqsMessage } from '../../src/interfaces/sqs-message.interface';
import { SqsConsumers } from '../../src/module/sqs-consumers.service';
import type { SqsTestHarness } from '../../src/testing';
import { deferred, type Deferred } from '../support/deferred';
import { compileKitApp } from '../support/testing/kit-app';
import { turnUntil } from '../support/testing/turn-until';

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
  let app: TestingModule;
  let sqs: SqsTestHarness;
  let handler: BlockingHandler;
  let closed: boolean;

  async function start(
    queue: { fifo?: boolean },
    messages: number,
    shutdownTimeoutMs?: number,
  ): Promise<void> {
    ({ app, sqs } = await compileKitApp({ shutdownTimeoutMs, queues: { steps: queue } }, [
      BlockingHandler,
    ]));
    for (let n = 1; n <= messages; n++) {
      await sqs.send(
        'steps',
        { n },
        queue.fifo ? { groupId: 'g', deduplicationId: `d${n}` } : undefined,
      );
    }
    handler = app.get(BlockingHandler);
    await app.init();
    await turnUntil(sqs, () => handler.started.length >= 1, 'a running handler');
    closed = false;
  }

  function close(): Promise<void> {
    return app.close().then(() => {
      closed = true;
    });
  }

  it('waits for running handlers before resolving', async () => {
    await start({}, 3);
    expect(app.get(SqsConsumers).status()[0].byHandler).toEqual([
      { handler: 'BlockingHandler.onStep', running: 3, processed: 0, failed: 0 },
    ]);
    const closing = close();
    await sqs.advance(0);
    expect(closed).toBe(false);
    handler.finishAll();
    await closing;
    expect(closed).toBe(true);
  });

  it('deletes what in-flight handlers finished during shutdown, before resolving', async () => {
    await start({}, 3);
    const closing = close();
    await sqs.advance(0);
    handler.finishAll();
    await closing;
    expect(sqs.messages('steps')).toEqual([]);
  });

  it('closes the open long poll at once', async () => {
    await start({}, 1);
    expect(sqs.emulator.pendingReceives()).toBe(1);
    const closing = close();
    await sqs.advance(0);
    expect(sqs.emulator.pendingReceives()).toBe(0);
    handler.finishAll();
    await closing;
  });

  it('makes received messages that had not started visible again', async () => {
    // FIFO: the group's later messages were received together but wait behind the first.
    await start({ fifo: true }, 3);
    expect(handler.started).toHaveLength(1);
    const closing = close();
    await sqs.advance(0);
    const waiting = sqs.messages<{ n: number }>('steps', { state: 'visible' });
    expect(waiting.map((m) => [m.body.n, m.receiveCount])).toEqual([
      [2, 1],
      [3, 1],
    ]);
    handler.finishAll();
    await closing;
  });

  it('loses nothing: the finished message is deleted and the others stay queued', async () => {
    await start({ fifo: true }, 3);
    const closing = close();
    await sqs.advance(0);
    handler.finishAll();
    await closing;
    expect(sqs.messages<{ n: number }>('steps').map((m) => m.body.n)).toEqual([2, 3]);
  });

  it('gives up on a handler after shutdownTimeoutMs, leaving its message to reappear', async () => {
    await start({}, 1, 5_000);
    const closing = close();
    await sqs.advance(0);
    await sqs.advance(4_999);
    expect(closed).toBe(false);
    await sqs.advance(1);
    await closing;
    expect(handler.started[0].signal.aborted).toBe(true);
    expect(sqs.messages('steps')[0]).toMatchObject({
      state: 'inflight',
      receiveCount: 1,
    });
  });
});
