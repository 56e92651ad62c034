import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import type { ReceiveMessageRequest, ReceiveMessageResult } from '@aws-sdk/client-sqs';
import { NETWORK_RECEIVE_ABORT_GRACE_MS } from '../../src/backend/create-sqs-backend';
import { FaultInjectingSqsBackend } from '../../src/backend/fault-injecting-sqs.backend';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import { ManualClock } from '../../src/clock/manual-clock';
import { SqsEmulator } from '../../src/emulator/sqs-emulator';
import type { SqsMessage } from '../../src/interfaces/sqs-message.interface';
import { SqsModule } from '../../src/module/sqs.module';
import { SqsConsumers } from '../../src/module/sqs-consumers.service';
import type { SqsCallOptions } from '../../src/port/sqs-port.interface';
import { deferred, type Deferred } from '../support/deferred';
import { turns, turnUntil } from '../support/testing/turn-until';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A port that behaves like SQS across a network: a receive's response travels back only when the
 * test delivers it, and an abort before then rejects the call even if the server has already
 * handed the messages out — they are in flight and the caller never sees them. The consumer must
 * not stop in that window and strand them until their visibility timeout.
 */
class InTransitReceives extends FaultInjectingSqsBackend {
  readonly inTransit: Array<() => void> = [];

  constructor(inner: SqsEmulator) {
    super(inner, { rate: 0 });
  }

  override receiveMessage(
    input: ReceiveMessageRequest,
    options?: SqsCallOptions,
  ): Promise<ReceiveMessageResult> {
    const signal = options?.abortSignal;
    // Closing the connection also ends the server's long poll.
    const connection = new AbortController();
    signal?.addEventListener('abort', () => connection.abort(), { once: true });
    const response = super.receiveMessage(input, { abortSignal: connection.signal });
    return new Promise((resolve, reject) => {
      const onAbort = (): void =>
        reject(Object.assign(new Error('The operation was aborted'), { name: 'AbortError' }));
      signal?.addEventListener('abort', onAbort, { once: true });
      response.then((out) => {
        this.inTransit.push(() => {
          signal?.removeEventListener('abort', onAbort);
          if (!signal?.aborted) resolve(out);
        });
      }, reject);
    });
  }

  /** Lets the oldest response in transit arrive. */
  deliverNext(): void {
    this.inTransit.shift()?.();
  }
}

@Injectable()
class BlockingHandler {
  readonly started: number[] = [];
  readonly gates: Deferred[] = [];

  // No prefetch: each test counts the receives its stop must wait for.
  @SqsHandler('steps', { concurrency: 2, batchSize: 1, prefetch: 0 })
  async onStep(message: SqsMessage<{ n: number }>): Promise<void> {
    this.started.push(message.body.n);
    const gate = deferred();
    this.gates.push(gate);
    await gate.promise;
  }

  finishAll(): void {
    for (const gate of this.gates.splice(0)) gate.resolve();
  }
}

// Built directly, not on the testing kit: the backend here is a port of the test's own (a network
// that delays responses), and the kit always runs the module on its in-memory emulator.
describe('shutdown over a network backend', () => {
  let clock: ManualClock;
  let emulator: SqsEmulator;
  let port: InTransitReceives;
  let app: TestingModule;
  let handler: BlockingHandler;
  let closed: boolean;

  let startedAt: number;

  async function start(messages: number, shutdownTimeoutMs?: number): Promise<void> {
    clock = new ManualClock(Date.UTC(2026, 0, 1));
    emulator = new SqsEmulator({ clock });
    port = new InTransitReceives(emulator);
    const { QueueUrl } = await emulator.createQueue({ QueueName: 'steps' });
    for (let n = 1; n <= messages; n++) {
      await emulator.sendMessage({ QueueUrl, MessageBody: JSON.stringify({ n }) });
    }
    app = await Test.createTestingModule({
      imports: [
        SqsModule.forRoot({
          backend: port,
          clock,
          logger: false,
          shutdownTimeoutMs,
          queues: { steps: {} },
        }),
      ],
      providers: [BlockingHandler],
    }).compile();
    app.useLogger(false);
    handler = app.get(BlockingHandler);
    // Before init, which sends the receives: their grace counts from a moment after this.
    startedAt = performance.now();
    await app.init();
    await turns();
    closed = false;
  }

  function close(): Promise<void> {
    return app.close().then(() => {
      closed = true;
    });
  }

  function states(): Array<[number, string, number]> {
    return emulator
      .peekMessages('steps')
      .map((m) => [JSON.parse(m.body).n as number, m.state, m.receiveCount]);
  }

  it('lets a receive sent just before the stop arrive, and puts its messages back', async () => {
    await start(3);
    // Both receives reached the server: messages 1 and 2 are in flight, in transit.
    expect(port.inTransit).toHaveLength(2);
    port.deliverNext();
    await turnUntil(clock, () => handler.started.length === 1, 'the first handler');

    const closing = close();
    await turns();
    // The second response arrives after the stop began: the abort must not have beaten it.
    port.deliverNext();
    await turns();
    expect(states()).toEqual([
      [1, 'inflight', 1],
      [2, 'visible', 1],
      [3, 'visible', 0],
    ]);
    handler.finishAll();
    await closing;
    expect(states()).toEqual([
      [2, 'visible', 1],
      [3, 'visible', 0],
    ]);
  });

  it('waits out a receive in transit even when the shutdown timeout is shorter than the grace', async () => {
    await start(3, 100);
    port.deliverNext();
    await turnUntil(clock, () => handler.started.length === 1, 'the first handler');
    const closing = close();
    const consumers = app.get(SqsConsumers);
    await turnUntil(clock, () => consumers.status()[0].state === 'stopping', 'the stop');
    // The handler outlives the shutdown timeout: the stop gives up on it...
    clock.advance(100);
    await turns();
    clock.advance(0); // what the expiry set off, due now
    await turns();
    // ...but not on the receive still in transit, whose messages it must put back.
    expect(closed).toBe(false);
    port.deliverNext();
    await closing;
    expect(states()).toEqual([
      [1, 'inflight', 1],
      [2, 'visible', 1],
      [3, 'visible', 0],
    ]);
  });

  // The grace is real time (it measures a network), so these two wait for real.
  it('aborts at once a receive that has waited in its long poll longer than the grace', async () => {
    await start(0);
    expect(emulator.pendingReceives()).toBe(2);
    await sleep(NETWORK_RECEIVE_ABORT_GRACE_MS + 20);
    const closing = close();
    await turns();
    expect(emulator.pendingReceives()).toBe(0);
    await closing;
  });

  it('aborts a young receive still waiting when its grace runs out', async () => {
    await start(0);
    const closing = close();
    await sleep(NETWORK_RECEIVE_ABORT_GRACE_MS / 2);
    expect(closed).toBe(false);
    expect(emulator.pendingReceives()).toBe(2);
    await closing;
    // Timers never fire early; 2 ms for the clocks' rounding.
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(
      NETWORK_RECEIVE_ABORT_GRACE_MS - 2,
    );
    expect(emulator.pendingReceives()).toBe(0);
  });
});
