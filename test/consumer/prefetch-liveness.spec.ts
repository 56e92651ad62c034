import type { SqsMessage } from '../../src/interfaces/sqs-message.interface';
import { bareConsumer } from '../support/consumer/bare-consumer';

const never = () => new Promise<never>(() => undefined);
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('consumer prefetch: workers never idle behind what cannot start', () => {
  it('starts part of a waiting batch on the workers a long call leaves free', async () => {
    let handled = 0;
    const c = await bareConsumer({
      batch: true,
      // Longer than a step of the virtual clock: a call started as a step begins ends within it.
      timeoutMs: 5_000,
      invoke: (payload) => {
        const batch = payload as SqsMessage<{ stuck: boolean }>[];
        // A call with a stuck message never returns (it ignores its signal).
        if (batch.some((m) => m.body.stuck)) return never();
        handled += batch.length;
        return Promise.resolve({});
      },
    });
    await c.send(Array.from({ length: 10 }, () => ({ stuck: false })));
    await c.send(Array.from({ length: 3 }, () => ({ stuck: true })));
    await c.consumer.start();
    for (let i = 0; i < 10; i++) await turn();
    await c.send(Array.from({ length: 100 }, () => ({ stuck: false })));
    await c.run(600_000);
    expect(handled).toBe(110);
    expect(c.emulator.inspectQueues()[0]).toMatchObject({ visible: 0 });
  });

  it('puts back what was received ahead once every worker is held by a hung handler', async () => {
    const started: number[] = [];
    const c = await bareConsumer({
      concurrency: 2,
      prefetch: 2,
      timeoutMs: 1_000,
      invoke: (payload) => {
        const n = (payload as SqsMessage<{ n: number }>).body.n;
        started.push(n);
        return n < 2 ? never() : Promise.resolve();
      },
    });
    await c.send([0, 1, 2, 3].map((n) => ({ n })));
    await c.consumer.start();
    await c.run(3_600_000);
    // The two hung handlers keep their messages; the two received ahead went back, for other
    // consumers, and none is received ahead again while both workers are held.
    expect(started).toEqual([0, 1]);
    expect(c.consumer.status()).toMatchObject({ inFlight: 2, running: 2 });
    expect(c.emulator.inspectQueues()[0]).toMatchObject({ inflight: 2, visible: 2 });
  });

  it('loses no worker to a long run of messages that fail before their handler', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let handled = 0;
    const c = await bareConsumer({
      prefetch: 5_000,
      waitTimeSeconds: 0,
      invoke: async () => {
        await gate;
        handled++;
      },
    });
    await c.send(Array.from({ length: 10 }, () => ({})));
    await c.send(Array.from({ length: 5_000 }, () => 'not json'));
    await c.consumer.start();
    for (let i = 0; i < 600 && c.consumer.status().inFlight < 5_010; i++) await c.run(1_000);
    expect(c.consumer.status().inFlight).toBe(5_010);
    // The ten handlers end: 5,000 undecodable messages start and fail one after another.
    open();
    for (let i = 0; i < 20; i++) await turn();
    expect(c.errors.filter((e) => /call stack|internal/i.test(e))).toEqual([]);
    await c.send(Array.from({ length: 10 }, () => ({})));
    await c.run(30_000);
    expect(handled).toBe(20);
    expect(c.consumer.status()).toMatchObject({ running: 0 });
  }, 60_000);
});
