/**
 * A consumer of one queue on the emulator, behind a network that can go down or be slow (the
 * Outage port), on a ManualClock: for the specs of acknowledgements and visibility deadlines.
 */
import type {
  ChangeMessageVisibilityBatchRequest,
  ChangeMessageVisibilityRequest,
  ChangeMessageVisibilityBatchResult,
  DeleteMessageBatchRequest,
  DeleteMessageBatchResult,
} from '@aws-sdk/client-sqs';
import { ForwardingSqsPort } from '../../../src/port/forwarding-sqs-port';
import type { ReceivedMessage } from '../../../src/consumer/received-message';
import type { SqsConsumer } from '../../../src/consumer/sqs-consumer';
import type { ManualClock } from '../../../src/clock/manual-clock';
import type { SqsEmulator } from '../../../src/emulator/sqs-emulator';
import type { SqsMessage } from '../../../src/interfaces/sqs-message.interface';
import type {
  SqsAction,
  SqsCallOptions,
  SqsInput,
  SqsOutput,
  SqsPort,
  SqsPortMethods,
} from '../../../src/port/sqs-port.interface';
import { bareConsumer } from './bare-consumer';

/** The emulator behind a network that can go down: deletes and visibility changes then fail. */
export class Outage extends ForwardingSqsPort {
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

export function refused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9324'), {
    code: 'ECONNREFUSED',
  });
}

export interface Rig {
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

export async function rig(handlerMs = 0, onHandle?: (m: ReceivedMessage) => void): Promise<Rig> {
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

export async function stop(r: Rig): Promise<void> {
  r.port.down = false;
  const stopping = r.consumer.stop();
  await r.run(5_000);
  await stopping;
}

export async function inQueue(r: Rig): Promise<number> {
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
export async function slowHandlerHolding(): Promise<{ r: Rig; m: ReceivedMessage }> {
  let held: ReceivedMessage | undefined;
  const r = await rig(50_000, (m) => (held = m));
  await r.consumer.start();
  await r.emulator.sendMessage({ QueueUrl: r.queueUrl, MessageBody: '{}' });
  await r.run(1_000);
  if (!held) throw new Error('the handler did not start');
  return { r, m: held };
}

/** SQS's visibility deadline of the one message in the queue (clock ms). */
export function sqsDeadline(r: Rig): { state: string; visibleAt: number } {
  const [m] = r.emulator.peekMessages(r.queueUrl);
  return { state: m.state, visibleAt: m.visibleAt };
}
