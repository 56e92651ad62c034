import type {
  ChangeMessageVisibilityBatchRequest,
  ChangeMessageVisibilityRequest,
  ChangeMessageVisibilityBatchResult,
  DeleteMessageBatchRequest,
  DeleteMessageBatchResult,
} from '@aws-sdk/client-sqs';
import { ForwardingSqsPort } from '../../src/port/forwarding-sqs-port';
import type { ReceivedMessage } from '../../src/consumer/received-message';
import type { SqsConsumer } from '../../src/consumer/sqs-consumer';
import type { ManualClock } from '../../src/clock/manual-clock';
import type { SqsEmulator } from '../../src/emulator/sqs-emulator';
import type { SqsMessage } from '../../src/interfaces/sqs-message.interface';
import type {
  SqsAction,
  SqsCallOptions,
  SqsInput,
  SqsOutput,
  SqsPort,
  SqsPortMethods,
} from '../../src/port/sqs-port.interface';
import { bareConsumer } from '../support/consumer/bare-consumer';

/** The emulator behind a network that can go down: deletes and visibility changes then fail. */
class Outage extends ForwardingSqsPort {
  down = false;
  /** How long a ChangeMessageVisibilityBatch's answer takes to come back (SQS acts at once). */
  visibilityAnswerMs = 0;
  /** How long a ChangeMessageVisibilityBatch takes to reach SQS. */
  visibilityRequestMs = 0;
  /** The next ChangeMessageVisibilityBatch fails after SQS carried it out (the answer is lost). */
  visibilityLostAnswer = false;
  /** How long a single ChangeMessageVisibility (the handler's) takes to reach SQS, and back. */
  changeRequestMs = 0;
  changeAnswerMs = 0;
  /** Each delete's receipt handles, with the clock time it was tried at. */
  readonly deletes: { at: number; handles: string[] }[] = [];

  private readonly inner: SqsPortMethods;

  constructor(
    inner: SqsPort,
    private readonly clock: ManualClock,
  ) {
    super();
    this.inner = inner;
  }

  protected forward<A extends SqsAction>(
    action: A,
    input: SqsInput<A>,
    options: SqsCallOptions | undefined,
  ): Promise<SqsOutput<A>> {
    return this.inner[action](input, options);
  }

  override deleteMessageBatch(input: DeleteMessageBatchRequest): Promise<DeleteMessageBatchResult> {
    const handles = (input.Entries ?? []).map((e) => e.ReceiptHandle ?? '');
    this.deletes.push({ at: this.clock.now(), handles });
    if (this.down) return Promise.reject(refused());
    return this.inner.deleteMessageBatch(input);
  }

  override changeMessageVisibilityBatch(
    input: ChangeMessageVisibilityBatchRequest,
  ): Promise<ChangeMessageVisibilityBatchResult> {
    if (this.down) return Promise.reject(refused());
    const answer =
      this.visibilityRequestMs === 0
        ? this.inner.changeMessageVisibilityBatch(input)
        : new Promise<void>((r) => this.clock.setTimer(r, this.visibilityRequestMs)).then(() =>
            this.inner.changeMessageVisibilityBatch(input),
          );
    if (this.visibilityLostAnswer) {
      this.visibilityLostAnswer = false;
      return answer.then(() => Promise.reject(refused()));
    }
    if (this.visibilityAnswerMs === 0) return answer;
    return answer.then(
      (out) =>
        new Promise((resolve) => this.clock.setTimer(() => resolve(out), this.visibilityAnswerMs)),
    );
  }
  override changeMessageVisibility(
    input: ChangeMessageVisibilityRequest,
  ): Promise<SqsOutput<'changeMessageVisibility'>> {
    const wait = (ms: number): Promise<void> =>
      new Promise<void>((r) => (ms === 0 ? r() : this.clock.setTimer(r, ms)));
    return wait(this.changeRequestMs)
      .then(() => this.inner.changeMessageVisibility(input))
      .then(async (out) => {
        await wait(this.changeAnswerMs);
        return out;
      });
  }
}

function refused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9324'), {
    code: 'ECONNREFUSED',
  });
}

interface Rig {
  clock: ManualClock;
  emulator: SqsEmulator;
  port: Outage;
  queueUrl: string;
  handled: string[];
  errors: string[];
  consumer: SqsConsumer;
  /** Moves the clock in steps, letting the consumer react after each. */
  run(ms: number, stepMs?: number): Promise<void>;
}

async function rig(handlerMs = 0, onHandle?: (m: ReceivedMessage) => void): Promise<Rig> {
  const handled: string[] = [];
  let port!: Outage;
  const c = await bareConsumer({
    port: (e) => (port = new Outage(e, e.clock as ManualClock)),
    invoke: async (m) => {
      handled.push((m as SqsMessage).id);
      onHandle?.(m as ReceivedMessage);
      if (handlerMs > 0) await new Promise<void>((r) => c.clock.setTimer(r, handlerMs));
    },
    concurrency: 1,
    prefetch: 0,
    batchSize: 1,
    settings: { receiveTimeoutMs: 35_000 },
  });
  const run = (ms: number, stepMs = 100): Promise<void> => c.run(ms, stepMs);
  return { ...c, port, handled, run };
}

async function stop(r: Rig): Promise<void> {
  r.port.down = false;
  const stopping = r.consumer.stop();
  await r.run(5_000);
  await stopping;
}

async function inQueue(r: Rig): Promise<number> {
  const attrs = await r.emulator.getQueueAttributes({
    QueueUrl: r.queueUrl,
    AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
  });
  return (
    Number(attrs.Attributes?.ApproximateNumberOfMessages) +
    Number(attrs.Attributes?.ApproximateNumberOfMessagesNotVisible)
  );
}

/** A running consumer whose 50 s handler holds one message, received about 1 s ago. */
async function slowHandlerHolding(): Promise<{ r: Rig; m: ReceivedMessage }> {
  let held: ReceivedMessage | undefined;
  const r = await rig(50_000, (m) => (held = m));
  await r.consumer.start();
  await r.emulator.sendMessage({ QueueUrl: r.queueUrl, MessageBody: '{}' });
  await r.run(1_000);
  if (!held) throw new Error('the handler did not start');
  return { r, m: held };
}

describe('deletes and visibility changes ride out a backend outage', () => {
  it('keeps retrying a delete through a 20 s outage and deletes the message once it is back', async () => {
    const r = await rig();
    await r.consumer.start();
    r.port.down = true;
    await r.emulator.sendMessage({ QueueUrl: r.queueUrl, MessageBody: '{}' });
    await r.run(20_000);
    expect(r.handled).toHaveLength(1);
    r.port.down = false;
    // Still well inside the 30 s visibility timeout: the next retry deletes it.
    await r.run(8_000);
    expect(await inQueue(r)).toBe(0);
    await r.run(60_000, 1_000);
    expect(r.handled).toHaveLength(1);
    expect(r.errors.filter((e) => e.includes('Giving up'))).toEqual([]);
    await stop(r);
  });

  it('gives up at the visibility deadline, says so once, and the message is handled again', async () => {
    const r = await rig();
    await r.consumer.start();
    r.port.down = true;
    await r.emulator.sendMessage({ QueueUrl: r.queueUrl, MessageBody: '{}' });
    await r.run(1_000);
    const [first] = r.port.deletes;
    const deadline = first.at + 30_000;
    await r.run(30_000);
    expect(r.errors.filter((e) => e.includes('Giving up'))).toEqual([
      expect.stringMatching(/visibility timeout.*delivered again/),
    ]);
    // The first delivery's delete was tried until its deadline and never after it: past it, the
    // handle belongs to a delivery that has ended.
    await r.run(20_000);
    const firstHandle = first.handles[0];
    const tries = r.port.deletes.filter((d) => d.handles.includes(firstHandle));
    expect(tries.length).toBeGreaterThan(5);
    expect(tries.every((d) => d.at < deadline)).toBe(true);
    expect(tries[tries.length - 1].at).toBeGreaterThan(deadline - 5_000);
    r.port.down = false;
    await r.run(10_000);
    expect(r.handled).toHaveLength(2);
    expect(await inQueue(r)).toBe(0);
    await stop(r);
  });

  it('keeps retrying a heartbeat through an outage, so a slow handler keeps its message', async () => {
    const r = await rig(50_000);
    await r.consumer.start();
    await r.emulator.sendMessage({ QueueUrl: r.queueUrl, MessageBody: '{}' });
    await r.run(1_000);
    expect(r.handled).toHaveLength(1);
    // The heartbeat at 15 s meets a 12 s outage: its extension lands before the 30 s deadline.
    await r.run(13_000);
    r.port.down = true;
    await r.run(12_000);
    r.port.down = false;
    await r.run(45_000);
    expect(r.handled).toHaveLength(1);
    expect(await inQueue(r)).toBe(0);
    await stop(r);
  });

  it('moves a message’s deadline only when its heartbeat extension lands', async () => {
    const { r, m } = await slowHandlerHolding();
    const deadline = m.visibleUntil;
    expect(deadline).toBe(m.receivedAt + 30_000);
    // The heartbeat at 15 s meets an outage: SQS still has the first deadline, and so must the
    // consumer (its retries of deletes and extensions stop by it).
    await r.run(13_000);
    r.port.down = true;
    await r.run(10_000);
    expect(m.visibleUntil).toBe(deadline);
    r.port.down = false;
    const back = r.clock.now();
    await r.run(3_000);
    // The retried extension landed: 30 s from when it was sent.
    expect(m.visibleUntil).toBeGreaterThanOrEqual(back + 30_000);
    expect(m.visibleUntil).toBeLessThanOrEqual(r.clock.now() + 30_000);
    await r.run(45_000);
    expect(r.handled).toHaveLength(1);
    expect(await inQueue(r)).toBe(0);
    await stop(r);
  });

  /** SQS's visibility deadline of the one message in the queue (clock ms). */
  function sqsDeadline(r: Rig): { state: string; visibleAt: number } {
    const [m] = r.emulator.peekMessages(r.queueUrl);
    return { state: m.state, visibleAt: m.visibleAt };
  }

  it('keeps the earlier deadline when a heartbeat answered late may have reached SQS first', async () => {
    const { r, m } = await slowHandlerHolding();
    // The heartbeat at 15 s reaches SQS at once, but its answer takes 2 s; meanwhile the handler
    // shortens its own visibility to 5 s, which SQS applies last.
    r.port.visibilityAnswerMs = 2_000;
    await r.run(15_500);
    await m.changeVisibility(5);
    await r.run(2_000);
    const sqs = sqsDeadline(r);
    expect(sqs.state).toBe('inflight');
    expect(m.visibleUntil).toBeLessThanOrEqual(sqs.visibleAt);
    r.port.visibilityAnswerMs = 0;
    await stop(r);
  });

  it('beats before the deadline it kept when a heartbeat and the handler’s change overlap', async () => {
    const { r, m } = await slowHandlerHolding();
    // The heartbeat at 15 s takes 2 s to reach SQS; meanwhile the handler asks for 120 s, which
    // SQS gets first: the heartbeat's 30 s, applied last, is SQS's deadline (about 47 s).
    r.port.visibilityRequestMs = 2_000;
    await r.run(15_000);
    await m.changeVisibility(120);
    await r.run(2_000);
    r.port.visibilityRequestMs = 0;
    expect(m.visibleUntil).toBeLessThanOrEqual(sqsDeadline(r).visibleAt);
    // The next heartbeat comes before that deadline, so the message stays invisible while its
    // handler runs (it ends at about 51 s).
    await r.run(32_000);
    expect(sqsDeadline(r).state).toBe('inflight');
    expect(r.handled).toHaveLength(1);
    await stop(r);
  });

  it('counts on the deadline of a change it sent until the change is answered', async () => {
    const { r, m } = await slowHandlerHolding();
    // At 14 s the handler shortens its visibility to 3 s; the request takes 2 s to reach SQS and
    // its answer 3 s to come back. The heartbeat at 15 s lands at once (45 s), and then SQS
    // applies the handler's change (19 s): until that answer, SQS may apply it at any moment, so
    // at no step may the consumer count on more.
    r.port.changeRequestMs = 2_000;
    r.port.changeAnswerMs = 3_000;
    await r.run(13_000);
    // The consumer counts the receive's visibility from its answer, a step after SQS handed the
    // message out (a known limit): that much is allowed.
    const transit = m.visibleUntil - sqsDeadline(r).visibleAt;
    expect(transit).toBeLessThanOrEqual(100);
    const change = m.changeVisibility(3);
    const seen: string[] = [];
    for (let step = 1; step <= 80; step++) {
      await r.run(100);
      const late = m.visibleUntil - sqsDeadline(r).visibleAt;
      if (late > transit) seen.push(`at +${step * 100} ms: ${late} ms late`);
    }
    await change;
    expect(seen).toEqual([]);
    // The handler still runs, and its message stays invisible.
    expect(sqsDeadline(r).state).toBe('inflight');
    await stop(r);
  });

  it('keeps the earlier deadline when a heartbeat that failed may have reached SQS last', async () => {
    const { r, m } = await slowHandlerHolding();
    // Just before the heartbeat at 15 s the handler asks for 120 s; its request reaches SQS at
    // 16.4 s. The heartbeat reaches SQS after it, at 17 s, and its answer is lost (it failed, but
    // SQS applied it: 47 s). The handler's answer comes at 17.05 s, before the heartbeat is
    // retried: which of the two SQS applied last is unknown, so 120 s must not be trusted.
    r.port.changeRequestMs = 1_500;
    r.port.changeAnswerMs = 650;
    r.port.visibilityLostAnswer = true;
    await r.run(13_000);
    const transit = m.visibleUntil - sqsDeadline(r).visibleAt;
    await r.run(1_000);
    expect(r.clock.now() - m.receivedAt).toBe(14_900);
    r.port.visibilityRequestMs = 2_000;
    const change = m.changeVisibility(120);
    const seen: string[] = [];
    for (let step = 1; step <= 400; step++) {
      await r.run(10, 10);
      const late = m.visibleUntil - sqsDeadline(r).visibleAt;
      if (late > transit) seen.push(`at +${step * 10} ms: ${late} ms late`);
    }
    await change;
    expect(seen).toEqual([]);
    r.port.visibilityRequestMs = 0;
    await stop(r);
  });

  it('does not count an extension that reached SQS after the deadline it knew', async () => {
    const { r, m } = await slowHandlerHolding();
    // Every extension fails until the first deadline has passed; the next heartbeat then gets an
    // answer, but SQS has made the message visible again and the extension changed nothing.
    await r.run(13_000);
    r.port.down = true;
    await r.run(15_500);
    r.port.down = false;
    await r.run(1_500);
    expect(sqsDeadline(r).state).not.toBe('inflight');
    expect(m.visibleUntil).toBeLessThanOrEqual(r.clock.now());
    await stop(r);
  });
});
