import { SqsEvents } from '../../src/consumer/sqs-events';
import { FailureLog } from '../../src/module/dashboard-failure-log';
import type { SqsMessage } from '../../src/interfaces/sqs-message.interface';

/** The fields of a message the log reads; the body is there to show it is not kept. */
const message = (id: string, receiveCount = 1) =>
  ({ id, receiveCount, body: { card: '4242' } }) as unknown as SqsMessage<unknown>;

describe('failure log (why a message was dead-lettered)', () => {
  let now: number;
  let events: SqsEvents;

  beforeEach(() => {
    now = 1_000;
    events = new SqsEvents();
  });

  const fail = (id: string, receiveCount: number, error: unknown, handler = 'Orders.handle') =>
    events.emit('messageFailed', {
      queue: 'orders',
      handler,
      message: message(id, receiveCount),
      error,
      retryDelaySeconds: 0,
    });

  it('remembers the last failed attempt of a message: error, handler, time and receive count', () => {
    const log = new FailureLog(10, () => now);
    log.listen(events);

    fail('m1', 1, new Error('first'));
    now = 2_000;
    fail('m1', 2, new TypeError('second'), 'Orders.retry');

    expect(log.of('m1')).toEqual({
      error: 'TypeError: second',
      handler: 'Orders.retry',
      at: 2_000,
      receiveCount: 2,
    });
  });

  it('names no handler when none took the message', () => {
    const log = new FailureLog(10, () => now);
    log.listen(events);
    events.emit('messageFailed', {
      queue: 'orders',
      handler: undefined,
      message: message('m1'),
      error: 'no handler for type x',
      retryDelaySeconds: 0,
    });
    expect(log.of('m1')).toEqual({ error: 'no handler for type x', at: 1_000, receiveCount: 1 });
  });

  it('forgets a message once a handler processed it', () => {
    const log = new FailureLog(10, () => now);
    log.listen(events);
    fail('m1', 1, new Error('boom'));

    events.emit('messageProcessed', {
      queue: 'orders',
      handler: 'Orders.handle',
      message: message('m1', 2),
      durationMs: 1,
    });

    expect(log.of('m1')).toBeUndefined();
  });

  it('keeps at most its capacity, forgetting the message whose last failure is oldest', () => {
    const log = new FailureLog(2, () => now);
    log.listen(events);
    fail('m1', 1, new Error('a'));
    fail('m2', 1, new Error('b'));
    fail('m1', 2, new Error('a again'));

    fail('m3', 1, new Error('c'));

    expect(log.size).toBe(2);
    expect(log.of('m2')).toBeUndefined();
    expect(log.of('m1')?.error).toBe('a again');
    expect(log.of('m3')?.error).toBe('c');
  });

  it('cuts a very long error message', () => {
    const log = new FailureLog(10, () => now);
    log.listen(events);
    fail('m1', 1, new Error('x'.repeat(5_000)));
    expect(log.of('m1')?.error).toBe(`${'x'.repeat(1_000)}…`);
  });

  it('stops listening when unsubscribed', () => {
    const log = new FailureLog(10, () => now);
    const off = log.listen(events);
    off();
    fail('m1', 1, new Error('boom'));
    expect(log.of('m1')).toBeUndefined();
  });
});
