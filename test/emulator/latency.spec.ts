import { performance } from 'node:perf_hooks';
import { ManualClock } from '../../src/clock';
import { SqsEmulator } from '../../src/emulator';
import { parseLatency, SimulatedLatency } from '../../src/emulator/latency';
import { createSqsBackend } from '../../src/backend/create-sqs-backend';

/** Whether `promise` settles before a macrotask turn (setImmediate) comes round. */
async function settlesAtOnce(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return settled;
}

async function elapsed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

describe('simulated latency', () => {
  let sqs: SqsEmulator;
  afterEach(() => sqs?.close());

  it('answers at once without latency, or with latency 0', async () => {
    for (const latency of [undefined, 0, { min: 0, max: 0 }]) {
      sqs = new SqsEmulator({ clock: new ManualClock(), latency });
      expect(await settlesAtOnce(sqs.createQueue({ QueueName: 'q' }))).toBe(true);
      const QueueUrl = sqs.queueUrlOf('q');
      expect(await settlesAtOnce(sqs.sendMessage({ QueueUrl, MessageBody: 'x' }))).toBe(true);
    }
  });

  it('delays every action by its latency, on real time, without moving the clock', async () => {
    const clock = new ManualClock(1_000_000);
    sqs = new SqsEmulator({ clock, latency: 60 });
    expect(await settlesAtOnce(sqs.createQueue({ QueueName: 'q' }))).toBe(false);
    const { QueueUrl } = await sqs.createQueue({ QueueName: 'q' });
    expect(await elapsed(() => sqs.sendMessage({ QueueUrl, MessageBody: 'x' }))).toBeGreaterThan(
      55,
    );
    const { Messages = [] } = await sqs.receiveMessage({ QueueUrl, VisibilityTimeout: 30 });
    expect(Messages).toHaveLength(1);
    expect(await elapsed(() => sqs.listQueues({}))).toBeGreaterThan(55);
    // Visibility is clock time: the real time spent waiting counts for nothing.
    expect(clock.now()).toBe(1_000_000);
    expect((await sqs.receiveMessage({ QueueUrl })).Messages).toBeUndefined();
    clock.advance(30_000);
    expect((await sqs.receiveMessage({ QueueUrl })).Messages).toHaveLength(1);
  });

  it('does not make requests wait for each other', async () => {
    sqs = new SqsEmulator({ latency: 100 });
    const { QueueUrl } = await sqs.createQueue({ QueueName: 'q' });
    // 30 requests one after another would take 3 s; side by side they take one latency.
    const ms = await elapsed(() =>
      Promise.all(
        Array.from({ length: 30 }, (_, i) => sqs.sendMessage({ QueueUrl, MessageBody: `${i}` })),
      ),
    );
    expect(ms).toBeGreaterThan(95);
    expect(ms).toBeLessThan(1_500);
    expect(sqs.inspectQueues()[0].visible).toBe(30);
  });

  it('runs a request halfway through its latency: an abort before then leaves the queue as it was', async () => {
    sqs = new SqsEmulator({ latency: 200 });
    const { QueueUrl } = await sqs.createQueue({ QueueName: 'q' });
    await sqs.sendMessage({ QueueUrl, MessageBody: 'x' });
    const controller = new AbortController();
    const receive = sqs.receiveMessage({ QueueUrl }, { abortSignal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(receive).rejects.toMatchObject({ name: 'AbortError' });
    // Never received: still visible, with no receive counted.
    const again = await sqs.receiveMessage({
      QueueUrl,
      MessageSystemAttributeNames: ['ApproximateReceiveCount'],
    });
    expect(again.Messages?.[0].Attributes?.ApproximateReceiveCount).toBe('1');
  });

  it('splits each latency drawn from a range into a way in and a way out', async () => {
    const latency = new SimulatedLatency({ min: 40, max: 120 }, () => 0.5);
    const start = performance.now();
    let ranAt = 0;
    await latency.around(() => {
      ranAt = performance.now() - start;
      return Promise.resolve();
    }, undefined);
    const total = performance.now() - start;
    // 80 ms drawn: 40 before the action, 40 after.
    expect(ranAt).toBeGreaterThan(35);
    expect(ranAt).toBeLessThan(75);
    expect(total).toBeGreaterThan(75);
  });

  it('refuses a latency that is not a range of milliseconds, saying why', () => {
    expect(() => new SqsEmulator({ latency: -1 })).toThrow(
      'latency must be a number of milliseconds from 0 to 60000, got -1',
    );
    expect(() => new SqsEmulator({ latency: Number.NaN })).toThrow(RangeError);
    expect(() => new SqsEmulator({ latency: { min: 30, max: 10 } })).toThrow(
      'latency range 30-10 is empty: the minimum is above the maximum',
    );
  });

  it('parses the CLI forms MS and MIN-MAX', () => {
    expect(parseLatency('25')).toBe(25);
    expect(parseLatency('10-30')).toEqual({ min: 10, max: 30 });
    expect(parseLatency(' 2.5 - 7.5 ')).toEqual({ min: 2.5, max: 7.5 });
    expect(() => parseLatency('fast')).toThrow(
      "--latency wants MS or MIN-MAX (milliseconds), got 'fast'",
    );
    expect(() => parseLatency('30-10')).toThrow('--latency: latency range 30-10 is empty');
    expect(() => parseLatency('90000')).toThrow('from 0 to 60000, got 90000');
  });

  it('reaches the emulator that the memory backend makes from its options', async () => {
    const backend = createSqsBackend({ backend: 'memory', emulator: { latency: 60 } });
    try {
      const port = backend.port;
      expect(await elapsed(() => port.createQueue({ QueueName: 'q' }))).toBeGreaterThan(55);
    } finally {
      await backend.dispose();
    }
  });
});
