import { Injectable } from '@nestjs/common';
import type { ReceiveMessageRequest } from '@aws-sdk/client-sqs';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import type { SqsMessage } from '../../src/interfaces/sqs-message.interface';
import { SqsConsumers } from '../../src/module/sqs-consumers.service';
import { deferred, type Deferred } from '../support/deferred';
import { createTestApp, type TestApp } from './support/test-app';
import { flush, until } from './support/virtual-time';

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
  let t: TestApp;
  let handler: SlowHandler;
  let asked: number[];

  async function start(concurrency: number, messages: number): Promise<void> {
    t = await createTestApp(
      { queues: { jobs: { consumer: { concurrency } } } },
      [SlowHandler],
      false,
    );
    const url = t.url('jobs');
    for (let i = 0; i < messages; i += 10) {
      await t.emulator.sendMessageBatch({
        QueueUrl: url,
        Entries: Array.from({ length: Math.min(10, messages - i) }, (_, j) => ({
          Id: `m${j}`,
          MessageBody: `{"i":${i + j}}`,
        })),
      });
    }
    asked = [];
    const receive = t.emulator.receiveMessage.bind(t.emulator);
    jest
      .spyOn(t.emulator, 'receiveMessage')
      .mockImplementation((input: ReceiveMessageRequest, ctx) => {
        asked.push(input.MaxNumberOfMessages ?? 1);
        return receive(input, ctx);
      });
    handler = t.app.get(SlowHandler);
    await t.app.init();
  }

  afterEach(async () => {
    const stopping = t.close();
    for (let i = 0; i < 20; i++) {
      handler.finish(handler.gates.length);
      await flush(1);
    }
    await stopping;
  });

  it('never has more messages in handlers than the concurrency', async () => {
    await start(3, 20);
    for (let round = 0; round < 10; round++) {
      await flush();
      expect(handler.running).toBeLessThanOrEqual(3);
      handler.finish(1);
    }
    expect(handler.maxRunning).toBe(3);
  });

  it('does not receive while every worker slot is taken', async () => {
    await start(3, 20);
    await until(t.clock, () => handler.running === 3, 'three handlers');
    const receivesSoFar = asked.length;
    await flush();
    expect(asked.length).toBe(receivesSoFar);
    expect(t.emulator.inspectQueues()[0]).toMatchObject({ inflight: 3, visible: 17 });
  });

  it('asks for no more messages than there are free slots', async () => {
    await start(3, 20);
    await until(t.clock, () => handler.running === 3, 'three handlers');
    handler.finish(2);
    await until(t.clock, () => handler.running === 3, 'two more handlers');
    expect(asked[0]).toBe(3);
    expect(asked.every((n) => n <= 3)).toBe(true);
  });

  it('keeps several receives in flight when the concurrency exceeds 10', async () => {
    await start(25, 40);
    await until(t.clock, () => handler.running === 25, '25 handlers');
    expect(asked.slice(0, 3)).toEqual([10, 10, 5]);
    expect(t.app.get(SqsConsumers).status()[0]).toMatchObject({ inFlight: 25, running: 25 });
  });

  it('receives again as slots free up, until the queue is drained', async () => {
    await start(4, 30);
    for (let i = 0; i < 40 && handler.handled < 30; i++) {
      handler.finish(handler.gates.length);
      await flush(1);
    }
    expect(handler.handled).toBe(30);
    expect(handler.maxRunning).toBe(4);
  });
});
