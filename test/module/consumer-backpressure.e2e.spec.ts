import { Injectable } from '@nestjs/common';
import type { ReceiveMessageRequest } from '@aws-sdk/client-sqs';
import type { TestingModule } from '@nestjs/testing';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import type { SqsMessage } from '../../src/interfaces/sqs-message.interface';
import { SqsConsumers } from '../../src/module/sqs-consumers.service';
import type { SqsTestHarness } from '../../src/testing';
import { deferred, type Deferred } from '../support/deferred';
import { compileKitApp } from '../support/testing/kit-app';
import { turnUntil } from '../support/testing/turn-until';

@Injectable()
class SlowHandler {
  running = 0;
  maxRunning = 0;
  handled = 0;
  readonly gates: Deferred[] = [];

  @SqsHandler('jobs')
  async onJob(_message: SqsMessage<unknown>): Promise<void> {
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    const gate = deferred();
    this.gates.push(gate);
    await gate.promise;
    this.running--;
    this.handled++;
  }

  finish(n: number): void {
    for (const gate of this.gates.splice(0, n)) gate.resolve();
  }
}

describe('consumer: back-pressure', () => {
  let app: TestingModule;
  let sqs: SqsTestHarness;
  let handler: SlowHandler;
  let asked: number[];

  async function start(
    concurrency: number,
    messages: number,
    prefetch?: number,
    heartbeat?: false,
  ): Promise<void> {
    const consumer = {
      concurrency,
      ...(prefetch !== undefined ? { prefetch } : {}),
      ...(heartbeat === false ? { heartbeat } : {}),
    };
    ({ app, sqs } = await compileKitApp({ queues: { jobs: { consumer } } }, [SlowHandler]));
    const url = sqs.queueUrl('jobs');
    for (let i = 0; i < messages; i += 10) {
      await sqs.emulator.sendMessageBatch({
        QueueUrl: url,
        Entries: Array.from({ length: Math.min(10, messages - i) }, (_, j) => ({
          Id: `m${j}`,
          MessageBody: `{"i":${i + j}}`,
        })),
      });
    }
    asked = [];
    const receive = sqs.emulator.receiveMessage.bind(sqs.emulator);
    jest
      .spyOn(sqs.emulator, 'receiveMessage')
      .mockImplementation((input: ReceiveMessageRequest, ctx) => {
        asked.push(input.MaxNumberOfMessages ?? 1);
        return receive(input, ctx);
      });
    handler = app.get(SlowHandler);
    await app.init();
  }

  afterEach(async () => {
    const stopping = app.close();
    for (let i = 0; i < 20; i++) {
      handler.finish(handler.gates.length);
      await sqs.advance(0);
    }
    await stopping;
  });

  it('never has more messages in handlers than the concurrency', async () => {
    await start(3, 20);
    for (let round = 0; round < 10; round++) {
      await sqs.advance(0);
      expect(handler.running).toBeLessThanOrEqual(3);
      handler.finish(1);
    }
    expect(handler.maxRunning).toBe(3);
  });

  it('does not receive while every worker and prefetch slot is taken', async () => {
    await start(3, 20);
    // Three in handlers, three received ahead of them: one receive's worth (3 at concurrency 3).
    await turnUntil(sqs, () => handler.running === 3 && asked.length === 2, 'six held');
    const receivesSoFar = asked.length;
    await sqs.advance(0);
    expect(asked.length).toBe(receivesSoFar);
    expect(sqs.emulator.inspectQueues()[0]).toMatchObject({ inflight: 6, visible: 14 });
    expect(app.get(SqsConsumers).status()[0]).toMatchObject({ inFlight: 6, running: 3 });
  });

  it('with prefetch 0, receives only for free workers', async () => {
    await start(3, 20, 0);
    await turnUntil(sqs, () => handler.running === 3, 'three handlers');
    const receivesSoFar = asked.length;
    await sqs.advance(0);
    expect(asked.length).toBe(receivesSoFar);
    expect(sqs.emulator.inspectQueues()[0]).toMatchObject({ inflight: 3, visible: 17 });
  });

  it('receives nothing ahead without the heartbeat, which would keep it invisible', async () => {
    // A message waiting for a worker would use up its visibility timeout and reach another
    // consumer while it runs here.
    await start(3, 20, undefined, false);
    await turnUntil(sqs, () => handler.running === 3, 'three handlers');
    await sqs.advance(0);
    expect(sqs.emulator.inspectQueues()[0]).toMatchObject({ inflight: 3, visible: 17 });
  });

  it('starts a message received ahead as soon as a worker frees, without a receive', async () => {
    await start(3, 20);
    await turnUntil(sqs, () => handler.running === 3 && asked.length === 2, 'six held');
    handler.finish(1);
    await sqs.advance(0);
    // The freed worker took a waiting message; one free slot is not worth a receive of 3.
    expect(handler.running).toBe(3);
    expect(asked).toHaveLength(2);
    handler.finish(2);
    await turnUntil(sqs, () => asked.length === 3, 'a full receive once three slots are free');
    expect(asked[2]).toBe(3);
    expect(handler.maxRunning).toBe(3);
  });

  it('puts the messages received ahead back at once when it stops', async () => {
    await start(2, 10);
    await turnUntil(sqs, () => handler.running === 2 && asked.length === 2, 'four held');
    const consumers = app.get(SqsConsumers);
    const stopping = consumers.stop('jobs');
    await sqs.advance(0);
    // Before the handlers finish: the two that never started are visible again, untouched.
    expect(sqs.emulator.inspectQueues()[0]).toMatchObject({ inflight: 2, visible: 8 });
    handler.finish(2);
    await sqs.advance(0);
    await stopping;
    expect(handler.handled).toBe(2);
    expect(sqs.emulator.inspectQueues()[0]).toMatchObject({ inflight: 0, visible: 8 });
  });

  it('keeps one long poll open on a quiet queue, prefetching only behind a backlog', async () => {
    await start(10, 1);
    await turnUntil(sqs, () => handler.running === 1, 'the message');
    await sqs.advance(0);
    // The receive brought fewer than it asked for: no backlog, so one long poll waits.
    expect(sqs.emulator.pendingReceives(sqs.queueUrl('jobs'))).toBe(1);
  });

  it('asks for no more messages than there are free slots', async () => {
    await start(3, 20);
    await turnUntil(sqs, () => handler.running === 3, 'three handlers');
    handler.finish(2);
    await turnUntil(sqs, () => handler.running === 3, 'two more handlers');
    expect(asked[0]).toBe(3);
    expect(asked.every((n) => n <= 3)).toBe(true);
  });

  it('keeps several receives in flight when the concurrency exceeds 10', async () => {
    await start(25, 50);
    await turnUntil(sqs, () => handler.running === 25, '25 handlers');
    await sqs.advance(0);
    // Full receives only: 25 workers and 5 messages waiting for them; the 5 free prefetch slots
    // are not worth a receive of 10 while messages wait.
    expect(asked).toEqual([10, 10, 10]);
    expect(app.get(SqsConsumers).status()[0]).toMatchObject({ inFlight: 30, running: 25 });
  });

  it('receives again as slots free up, until the queue is drained', async () => {
    await start(4, 30);
    for (let i = 0; i < 40 && handler.handled < 30; i++) {
      handler.finish(handler.gates.length);
      await sqs.advance(0);
    }
    expect(handler.handled).toBe(30);
    expect(handler.maxRunning).toBe(4);
  });
});
