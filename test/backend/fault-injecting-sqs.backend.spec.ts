import {
  FaultInjectingSqsBackend,
  type InjectedFault,
  type SqsFaultKind,
} from '../../src/backend/fault-injecting-sqs.backend';
import { ManualClock } from '../../src/clock/manual-clock';
import { SqsEmulator } from '../../src/emulator/sqs-emulator';
import { DeliveryLedger } from '../support/reliability/delivery-ledger';

async function setup(kind: SqsFaultKind, responseLostShare: number) {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const emulator = new SqsEmulator({ clock });
  const { QueueUrl } = await emulator.createQueue({ QueueName: 'q' });
  const backend = new FaultInjectingSqsBackend(emulator, {
    rate: 1,
    kinds: { [kind]: 1 },
    responseLostShare,
    clock,
    timeoutMs: 5_000,
  });
  const count = () => emulator.inspectQueues()[0];
  return { clock, emulator, backend, url: QueueUrl as string, count };
}

async function rejection(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (e) {
    const err = e as Error & { Code?: string; code?: string };
    return { name: err.name, code: err.Code ?? err.code };
  }
  throw new Error('expected a rejection');
}

describe('FaultInjectingSqsBackend', () => {
  it('passes every call through at rate 0', async () => {
    const clock = new ManualClock();
    const emulator = new SqsEmulator({ clock });
    const backend = new FaultInjectingSqsBackend(emulator, { rate: 0, clock });
    const { QueueUrl } = await backend.createQueue({ QueueName: 'q' });
    await backend.sendMessage({ QueueUrl, MessageBody: 'a' });
    const { Messages = [] } = await backend.receiveMessage({ QueueUrl });
    expect(Messages.map((m) => m.Body)).toEqual(['a']);
    expect(backend.stats().faults).toBe(0);
  });

  it('throttles before the call reaches SQS: nothing is stored', async () => {
    const t = await setup('throttle', 1);
    const error = await rejection(t.backend.sendMessage({ QueueUrl: t.url, MessageBody: 'a' }));
    expect(['ThrottlingException', 'RequestThrottled']).toContain(error.name);
    expect(t.count().visible).toBe(0);
  });

  it('loses the response of a send that SQS stored', async () => {
    const t = await setup('server-error', 1);
    const error = await rejection(t.backend.sendMessage({ QueueUrl: t.url, MessageBody: 'a' }));
    expect({ error, visible: t.count().visible }).toEqual({
      error: { name: 'InternalError', code: 'InternalError' },
      visible: 1,
    });
  });

  it('loses the request of a delete, which then did not happen', async () => {
    const t = await setup('connection-reset', 0);
    await t.emulator.sendMessage({ QueueUrl: t.url, MessageBody: 'a' });
    const { Messages = [] } = await t.emulator.receiveMessage({ QueueUrl: t.url });
    const error = await rejection(
      t.backend.deleteMessage({ QueueUrl: t.url, ReceiptHandle: Messages[0].ReceiptHandle }),
    );
    expect({ error, inflight: t.count().inflight }).toEqual({
      error: { name: 'Error', code: 'ECONNRESET' },
      inflight: 1,
    });
  });

  it('loses the response of a receive: the messages are in flight, unseen', async () => {
    const t = await setup('server-error', 1);
    await t.emulator.sendMessage({ QueueUrl: t.url, MessageBody: 'a' });
    await rejection(t.backend.receiveMessage({ QueueUrl: t.url }));
    expect({ visible: t.count().visible, inflight: t.count().inflight }).toEqual({
      visible: 0,
      inflight: 1,
    });
  });

  it('hangs a timed-out call until the clock passes the timeout, then rejects', async () => {
    const t = await setup('timeout', 0);
    let settled: unknown;
    const call = t.backend.sendMessage({ QueueUrl: t.url, MessageBody: 'a' }).catch((e) => {
      settled = e;
    });
    t.clock.advance(4_999);
    await Promise.resolve();
    expect(settled).toBeUndefined();
    t.clock.advance(1);
    await call;
    expect((settled as Error).name).toBe('TimeoutError');
  });

  it('ends a hanging call at once when its abort signal fires', async () => {
    const t = await setup('timeout', 0);
    const controller = new AbortController();
    const call = rejection(
      t.backend.receiveMessage({ QueueUrl: t.url }, { abortSignal: controller.signal }),
    );
    controller.abort();
    expect((await call).name).toBe('AbortError');
    expect(t.clock.pendingTimers).toBe(0);
  });

  it('fails part of a batch: the failed entries did not happen, the others did', async () => {
    const t = await setup('partial-batch', 1);
    const out = await t.backend.sendMessageBatch({
      QueueUrl: t.url,
      Entries: Array.from({ length: 10 }, (_, i) => ({ Id: String(i), MessageBody: `m${i}` })),
    });
    const ok = out.Successful?.length ?? 0;
    const failed = out.Failed?.map((f) => f.Code) ?? [];
    expect(ok).toBeGreaterThan(0);
    expect(failed.length).toBeGreaterThan(0);
    expect(ok + failed.length).toBe(10);
    expect(new Set(failed)).toEqual(new Set(['InternalError']));
    expect(t.count().visible).toBe(ok);
  });

  it('replays the same faults from the same seed', async () => {
    const run = async () => {
      const emulator = new SqsEmulator({ clock: new ManualClock() });
      const { QueueUrl } = await emulator.createQueue({ QueueName: 'q' });
      const backend = new FaultInjectingSqsBackend(emulator, {
        rate: 0.3,
        seed: 99,
        kinds: { throttle: 1, 'server-error': 1 },
      });
      const faults: InjectedFault[] = [];
      backend.onFault = (f) => faults.push(f);
      for (let i = 0; i < 100; i++) {
        await backend.sendMessage({ QueueUrl, MessageBody: 'x' }).catch(() => undefined);
      }
      return faults;
    };
    const [a, b] = [await run(), await run()];
    expect(a.length).toBeGreaterThan(10);
    expect(a).toEqual(b);
  });
});

/** The books must catch what they exist to catch, or the fault runs prove nothing. */
describe('DeliveryLedger', () => {
  function ledger(): DeliveryLedger {
    const l = new DeliveryLedger();
    l.intend('a');
    l.intend('b');
    l.storedMessage('m-a', 'a');
    l.storedMessage('m-b', 'b');
    return l;
  }

  it('reports an id never handled as lost', () => {
    const l = ledger();
    l.handlerSucceeded('m-a', 'a');
    expect(l.report()).toMatchObject({ lost: 2, lostIds: ['b'], lostMessages: ['m-b'] });
  });

  it('reports a delete before any handler succeeded as premature', () => {
    const l = ledger();
    l.deleted('m-a');
    expect(l.report().prematureDeletes).toBe(1);
  });

  it('counts a second success of an id as a duplicate, not a loss', () => {
    const l = ledger();
    for (const [m, id] of [
      ['m-a', 'a'],
      ['m-b', 'b'],
      ['m-a', 'a'],
    ])
      l.handlerSucceeded(m, id);
    expect(l.report()).toMatchObject({ lost: 0, duplicates: 1 });
  });

  it('reports a FIFO message first handled before an earlier one of its group', () => {
    const l = ledger();
    l.handlerSucceeded('m-b', 'b', { group: 'g', seq: '20' });
    l.handlerSucceeded('m-a', 'a', { group: 'g', seq: '10' });
    expect(l.report().orderViolations).toBe(1);
  });
});
