import { Injectable } from '@nestjs/common';
import { SqsEvents } from '../../src/consumer/sqs-events';
import { SqsEmulator } from '../../src/emulator/sqs-emulator';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import { HandlerTimeoutError } from '../../src/errors/handler-timeout.error';
import { MessageDecodeError } from '../../src/errors/message-decode.error';
import type { SqsEventMap } from '../../src/interfaces/sqs-events.interface';
import type { SqsMessage } from '../../src/interfaces/sqs-message.interface';
import { createTestApp, type TestApp } from './support/test-app';
import { advance, flush, until } from './support/virtual-time';

@Injectable()
class Worker {
  readonly seen: SqsMessage<unknown>[] = [];
  hang = false;
  readonly hanging: (() => void)[] = [];

  @SqsHandler('work', { timeoutMs: 5_000, backoff: () => 1 })
  async onWork(message: SqsMessage<unknown>): Promise<void> {
    this.seen.push(message);
    if (this.hang) await new Promise<void>((resolve) => this.hanging.push(resolve));
  }
}

const networkError = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9324'), { $fault: 'client' });

describe('consumer resilience', () => {
  let t: TestApp;
  let worker: Worker;
  let errors: SqsEventMap['error'][];
  let failures: SqsEventMap['messageFailed'][];

  beforeEach(async () => {
    t = await createTestApp(
      {
        queues: { work: { deadLetter: { queue: 'work-dlq', maxReceiveCount: 2 } }, 'work-dlq': {} },
      },
      [Worker],
      false,
    );
    worker = t.app.get(Worker);
    errors = [];
    failures = [];
    t.app.get(SqsEvents).on('error', (e) => errors.push(e));
    t.app.get(SqsEvents).on('messageFailed', (e) => failures.push(e));
  });

  afterEach(async () => {
    worker.hang = false;
    const closing = t.close();
    await flush();
    for (const resolve of worker.hanging) resolve();
    await closing;
  });

  function failNext(method: 'receiveMessage' | 'deleteMessageBatch', times: number): void {
    const original = SqsEmulator.prototype[method];
    let left = times;
    jest.spyOn(t.emulator, method).mockImplementation(function (
      this: SqsEmulator,
      ...args: never[]
    ) {
      if (left-- > 0) return Promise.reject(networkError());
      return (original as (...a: never[]) => Promise<never>).apply(t.emulator, args);
    } as never);
  }

  it('retries a failing receive with backoff and then consumes', async () => {
    failNext('receiveMessage', 2);
    await t.emulator.sendMessage({ QueueUrl: t.url('work'), MessageBody: '{}' });
    await t.app.init();
    await flush();
    expect(errors).toEqual([
      expect.objectContaining({ queue: 'work', operation: 'ReceiveMessage' }),
    ]);
    await advance(t.clock, 30_000);
    await advance(t.clock, 30_000);
    await until(t.clock, () => worker.seen.length === 1, 'the handler');
    expect(errors).toHaveLength(2);
  });

  it('keeps polling while its queue is deleted, and resumes once it is back', async () => {
    await t.app.init();
    await t.emulator.deleteQueue({ QueueUrl: t.url('work') });
    await advance(t.clock, 20_000);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => (e.error as Error).name === 'QueueDoesNotExist')).toBe(true);
    const { QueueUrl } = await t.emulator.createQueue({ QueueName: 'work' });
    await t.emulator.sendMessage({ QueueUrl, MessageBody: '{}' });
    await advance(t.clock, 30_000);
    await until(t.clock, () => worker.seen.length === 1, 'the handler');
  });

  it('retries a failed delete, so the message is deleted and handled once', async () => {
    failNext('deleteMessageBatch', 1);
    await t.emulator.sendMessage({ QueueUrl: t.url('work'), MessageBody: '{}' });
    await t.app.init();
    await until(t.clock, () => errors.length === 1, 'the delete error');
    expect(errors[0].operation).toBe('DeleteMessageBatch');
    await advance(t.clock, 1_000);
    await until(t.clock, () => t.emulator.peekMessages('work').length === 0, 'the delete');
    expect(worker.seen).toHaveLength(1);
  });

  it('aborts the signal of a handler past its timeout and retries the message', async () => {
    worker.hang = true;
    await t.emulator.sendMessage({ QueueUrl: t.url('work'), MessageBody: '{}' });
    await t.app.init();
    await until(t.clock, () => worker.seen.length === 1, 'the handler');
    const { signal } = worker.seen[0];
    await advance(t.clock, 5_000);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBeInstanceOf(HandlerTimeoutError);
    expect(failures[0].error).toBeInstanceOf(HandlerTimeoutError);
    expect((failures[0].error as Error).message).toBe(
      'Handler Worker.onWork did not finish within 5000 ms.',
    );
    // The attempt has failed, but the handler still runs: the message stays held.
    await advance(t.clock, 1_000);
    expect(worker.seen).toHaveLength(1);
    expect(t.emulator.peekMessages('work')[0]).toMatchObject({ state: 'inflight' });
    // Once it returns, the message is retried after the backoff.
    worker.hanging.shift()?.();
    await flush();
    await advance(t.clock, 1_000);
    expect(worker.seen.map((m) => m.receiveCount)).toEqual([1, 2]);
  });

  it('fails a message its codec cannot decode, without calling the handler', async () => {
    await t.emulator.sendMessage({ QueueUrl: t.url('work'), MessageBody: 'not json' });
    await t.app.init();
    await until(t.clock, () => failures.length === 1, 'the failure');
    expect(failures[0].error).toBeInstanceOf(MessageDecodeError);
    expect(worker.seen).toEqual([]);
    await advance(t.clock, 60_000);
    await until(
      t.clock,
      () => t.emulator.peekMessages('work-dlq').length === 1,
      'the dead-letter move',
    );
  });

  it('survives a listener that throws', async () => {
    t.app.get(SqsEvents).on('messageReceived', () => {
      throw new Error('observer bug');
    });
    await t.emulator.sendMessage({ QueueUrl: t.url('work'), MessageBody: '{}' });
    await t.app.init();
    await until(t.clock, () => t.emulator.peekMessages('work').length === 0, 'the delete');
    expect(worker.seen).toHaveLength(1);
  });
});
