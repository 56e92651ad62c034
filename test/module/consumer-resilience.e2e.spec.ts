import { Injectable } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { SqsEvents } from '../../src/consumer/sqs-events';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import { HandlerTimeoutError } from '../../src/errors/handler-timeout.error';
import { MessageDecodeError } from '../../src/errors/message-decode.error';
import type { SqsEventMap } from '../../src/interfaces/sqs-events.interface';
import type { SqsMessage } from '../../src/interfaces/sqs-message.interface';
import type { SqsTestHarness } from '../../src/testing';
import { compileKitApp } from '../support/testing/kit-app';
import { turnUntil } from '../support/testing/turn-until';

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
  let app: TestingModule;
  let sqs: SqsTestHarness;
  let worker: Worker;
  let errors: SqsEventMap['error'][];
  let failures: SqsEventMap['messageFailed'][];

  beforeEach(async () => {
    ({ app, sqs } = await compileKitApp(
      {
        queues: { work: { deadLetter: { queue: 'work-dlq', maxReceiveCount: 2 } }, 'work-dlq': {} },
      },
      [Worker],
    ));
    worker = app.get(Worker);
    errors = [];
    failures = [];
    app.get(SqsEvents).on('error', (e) => errors.push(e));
    app.get(SqsEvents).on('messageFailed', (e) => failures.push(e));
  });

  afterEach(async () => {
    worker.hang = false;
    const closing = app.close();
    await sqs.advance(0);
    for (const resolve of worker.hanging) resolve();
    await closing;
  });

  function failNext(method: 'receiveMessage' | 'deleteMessageBatch', times: number): void {
    const original = sqs.emulator[method].bind(sqs.emulator) as (...a: never[]) => Promise<never>;
    let left = times;
    jest.spyOn(sqs.emulator, method).mockImplementation(((...args: never[]) => {
      if (left-- > 0) return Promise.reject(networkError());
      return original(...args);
    }) as never);
  }

  it('retries a failing receive with backoff and then consumes', async () => {
    failNext('receiveMessage', 2);
    await sqs.send('work', {});
    await app.init();
    await sqs.advance(0);
    expect(errors).toEqual([
      expect.objectContaining({ queue: 'work', operation: 'ReceiveMessage' }),
    ]);
    await sqs.advance(30_000);
    await sqs.advance(30_000);
    await turnUntil(sqs, () => worker.seen.length === 1, 'the handler');
    expect(worker.seen).toHaveLength(1);
    expect(errors).toHaveLength(2);
  });

  it('keeps polling while its queue is deleted, and resumes once it is back', async () => {
    await app.init();
    await sqs.emulator.deleteQueue({ QueueUrl: sqs.queueUrl('work') });
    await sqs.advance(20_000);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => (e.error as Error).name === 'QueueDoesNotExist')).toBe(true);
    const { QueueUrl } = await sqs.emulator.createQueue({ QueueName: 'work' });
    await sqs.emulator.sendMessage({ QueueUrl, MessageBody: '{}' });
    await sqs.advance(30_000);
    await turnUntil(sqs, () => worker.seen.length === 1, 'the handler');
    expect(worker.seen).toHaveLength(1);
  });

  it('retries a failed delete, so the message is deleted and handled once', async () => {
    failNext('deleteMessageBatch', 1);
    await sqs.send('work', {});
    await app.init();
    await turnUntil(sqs, () => errors.length === 1, 'the delete error');
    expect(errors[0].operation).toBe('DeleteMessageBatch');
    await sqs.advance(1_000);
    await turnUntil(sqs, () => sqs.messages('work').length === 0, 'the delete');
    expect(sqs.messages('work')).toEqual([]);
    expect(worker.seen).toHaveLength(1);
  });

  it('aborts the signal of a handler past its timeout and retries the message', async () => {
    worker.hang = true;
    await sqs.send('work', {});
    await app.init();
    await turnUntil(sqs, () => worker.seen.length === 1, 'the handler');
    const { signal } = worker.seen[0];
    await sqs.advance(5_000);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBeInstanceOf(HandlerTimeoutError);
    expect(failures[0].error).toBeInstanceOf(HandlerTimeoutError);
    expect((failures[0].error as Error).message).toBe(
      'Handler Worker.onWork did not finish within 5000 ms.',
    );
    // The attempt has failed, but the handler still runs: the message stays held.
    await sqs.advance(1_000);
    expect(worker.seen).toHaveLength(1);
    expect(sqs.messages('work')[0]).toMatchObject({ state: 'inflight' });
    // Once it returns, the message is retried after the backoff.
    worker.hanging.shift()?.();
    await sqs.advance(0);
    await sqs.advance(1_000);
    expect(worker.seen.map((m) => m.receiveCount)).toEqual([1, 2]);
  });

  it('fails a message its codec cannot decode, without calling the handler', async () => {
    await sqs.emulator.sendMessage({ QueueUrl: sqs.queueUrl('work'), MessageBody: 'not json' });
    await app.init();
    await turnUntil(sqs, () => failures.length === 1, 'the failure');
    expect(failures[0].error).toBeInstanceOf(MessageDecodeError);
    expect(worker.seen).toEqual([]);
    await sqs.advance(60_000);
    await sqs.waitFor('work', () => true, { outcome: 'dead-lettered', advanceClock: false });
    expect(sqs.deadLetters('work')).toMatchObject([{ rawBody: 'not json', receiveCount: 2 }]);
    expect(worker.seen).toEqual([]);
  });

  it('survives a listener that throws', async () => {
    app.get(SqsEvents).on('messageReceived', () => {
      throw new Error('observer bug');
    });
    await sqs.send('work', {});
    await app.init();
    await sqs.waitForIdle();
    expect(sqs.messages('work')).toEqual([]);
    expect(worker.seen).toHaveLength(1);
  });
});
