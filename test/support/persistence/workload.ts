import type { SqsEmulator } from '../../../src/emulator';
import type { ManualClock } from '../../../src/clock';

/** A small seeded PRNG (mulberry32), so a failing run can be replayed from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The queues a {@link MixedWorkload} works on. */
export const WORKLOAD_QUEUES = ['std', 'std-dlq', 'fifo.fifo', 'fifo-dlq.fifo'] as const;

/**
 * Random SQS traffic over a standard and a FIFO queue, each with a dead-letter queue: sends
 * (single and batch, with attributes, delays, FIFO groups and deduplication ids), receives,
 * deletes and visibility changes by the handles received, purges, attribute and tag changes,
 * and time passing. Every call is awaited, so other work (a compaction) interleaves with it.
 */
export class MixedWorkload {
  private readonly random: () => number;
  private readonly handles: { queue: string; handle: string }[] = [];
  private n = 0;
  /** Every FIFO send that was answered, with the message id it was given. */
  readonly fifoSends: FifoSend[] = [];

  constructor(
    private readonly sqs: () => SqsEmulator,
    private readonly clock: ManualClock,
    seed: number,
  ) {
    this.random = prng(seed);
  }

  /** Creates the queues (dead-letter queues first). */
  async setUp(): Promise<void> {
    const sqs = this.sqs();
    await sqs.createQueue({ QueueName: 'std-dlq' });
    await sqs.createQueue({ QueueName: 'fifo-dlq.fifo', Attributes: { FifoQueue: 'true' } });
    await sqs.createQueue({
      QueueName: 'std',
      Attributes: {
        VisibilityTimeout: '5',
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: this.arn('std-dlq'),
          maxReceiveCount: 3,
        }),
      },
    });
    await sqs.createQueue({
      QueueName: 'fifo.fifo',
      Attributes: {
        FifoQueue: 'true',
        VisibilityTimeout: '5',
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: this.arn('fifo-dlq.fifo'),
          maxReceiveCount: 2,
        }),
      },
    });
  }

  /** Runs `count` random operations. */
  async run(count: number): Promise<void> {
    for (let i = 0; i < count; i++) await this.step();
  }

  /** One random operation. */
  async step(): Promise<void> {
    const sqs = this.sqs();
    const pick = this.random();
    const fifo = this.random() < 0.4;
    const queue = fifo ? 'fifo.fifo' : 'std';
    const url = sqs.queueUrlOf(queue) as string;
    const n = this.n++;
    if (pick < 0.35) {
      if (fifo) await this.sendFifo();
      else {
        const body = `body-${n}-${'x'.repeat(Math.floor(this.random() * 64))}`;
        await sqs.sendMessage({
          QueueUrl: url,
          MessageBody: body,
          ...this.someAttributes(n),
          DelaySeconds: this.random() < 0.2 ? Math.floor(this.random() * 10) : 0,
        });
      }
    } else if (pick < 0.45) {
      await sqs.sendMessageBatch({
        QueueUrl: url,
        Entries: [0, 1, 2].map((i) => ({
          Id: `e${i}`,
          MessageBody: `batch-${n}-${i}`,
          ...(fifo ? { MessageGroupId: `g${i}`, MessageDeduplicationId: `b${n}-${i}` } : {}),
        })),
      });
    } else if (pick < 0.65) {
      const { Messages = [] } = await sqs.receiveMessage({
        QueueUrl: url,
        MaxNumberOfMessages: 1 + Math.floor(this.random() * 10),
        ...(this.random() < 0.5 ? { VisibilityTimeout: Math.floor(this.random() * 20) } : {}),
        ...(fifo && this.random() < 0.3 ? { ReceiveRequestAttemptId: `a${n % 7}` } : {}),
      });
      for (const m of Messages) this.handles.push({ queue, handle: m.ReceiptHandle as string });
    } else if (pick < 0.8 && this.handles.length > 0) {
      const { queue: q, handle } = this.takeHandle();
      await sqs
        .deleteMessage({ QueueUrl: sqs.queueUrlOf(q), ReceiptHandle: handle })
        .catch(expired);
    } else if (pick < 0.88 && this.handles.length > 0) {
      const { queue: q, handle } = this.takeHandle();
      await sqs
        .changeMessageVisibility({
          QueueUrl: sqs.queueUrlOf(q),
          ReceiptHandle: handle,
          VisibilityTimeout: Math.floor(this.random() * 30),
        })
        .catch(expired);
    } else if (pick < 0.885) {
      await sqs.purgeQueue({ QueueUrl: url });
    } else if (pick < 0.9) {
      await sqs.setQueueAttributes({
        QueueUrl: url,
        Attributes: { DelaySeconds: String(Math.floor(this.random() * 3)) },
      });
      await sqs.tagQueue({ QueueUrl: url, Tags: { [`t${n % 5}`]: `v${n}` } });
    } else {
      this.clock.advance(Math.floor(this.random() * 3_000));
    }
  }

  /**
   * One FIFO send (sometimes a resend of a recent deduplication id, which the window must
   * swallow), recorded in {@link fifoSends}. Called after the run too, so a test knows some
   * windows are open whatever the random traffic did (a purge closes them all).
   */
  async sendFifo(): Promise<void> {
    const sqs = this.sqs();
    const n = this.n++;
    const group = `g${Math.floor(this.random() * 4)}`;
    const dedup = `d${n - Math.floor(this.random() * 3)}`;
    const body = `body-${n}-${'x'.repeat(Math.floor(this.random() * 64))}`;
    const { MessageId } = await sqs.sendMessage({
      QueueUrl: sqs.queueUrlOf('fifo.fifo'),
      MessageBody: body,
      ...this.someAttributes(n),
      MessageGroupId: group,
      MessageDeduplicationId: dedup,
    });
    this.fifoSends.push({ group, dedup, body, messageId: MessageId as string });
  }

  private someAttributes(n: number): {
    MessageAttributes?: Record<string, { DataType: string; StringValue: string }>;
  } {
    return this.random() < 0.3
      ? { MessageAttributes: { n: { DataType: 'Number', StringValue: String(n) } } }
      : {};
  }

  private takeHandle(): { queue: string; handle: string } {
    const i = Math.floor(this.random() * this.handles.length);
    return this.handles.splice(i, 1)[0];
  }

  private arn(name: string): string {
    return `arn:aws:sqs:us-east-1:000000000000:${name}`;
  }
}

/** A FIFO send and the message id its answer gave. */
export interface FifoSend {
  readonly group: string;
  readonly dedup: string;
  readonly body: string;
  readonly messageId: string;
}

/**
 * Which deduplication windows are open, as a client sees them: sends each FIFO send again and
 * says, per send, whether the answer was the first message (a duplicate swallowed). Changes the
 * queue (new messages for closed windows).
 */
export async function probeDeduplication(
  sqs: SqsEmulator,
  sends: readonly FifoSend[],
): Promise<boolean[]> {
  const QueueUrl = sqs.queueUrlOf('fifo.fifo');
  const out: boolean[] = [];
  for (const s of sends) {
    const { MessageId } = await sqs.sendMessage({
      QueueUrl,
      MessageBody: s.body,
      MessageGroupId: s.group,
      MessageDeduplicationId: s.dedup,
    });
    out.push(MessageId === s.messageId);
  }
  return out;
}

/** Expired FIFO handles are refused; that is part of the traffic, not a failure. */
function expired(e: unknown): void {
  if ((e as { name?: string }).name !== 'InvalidParameterValueException') throw e;
}
