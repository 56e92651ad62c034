import type { SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import { SqsBatchSendError } from '../errors/sqs-batch-send.error';
import { FIFO_GROUP_HELD_BACK } from '../errors/sqs.messages';
import type {
  SqsInstrumentation,
  SqsSendObservation,
} from '../interfaces/sqs-instrumentation.interface';
import type {
  SqsBatchEntryResult,
  SqsBatchSendOptions,
  SqsSendOptions,
  SqsSendResult,
} from '../interfaces/sqs-send-options.interface';
import type { SqsPort } from '../port/sqs-port.interface';
import { splitIntoBatches } from './batch-splitter';
import {
  buildOutgoingMessage,
  fifoGroupOf,
  type OutgoingMessage,
  type ProducerTarget,
} from './outgoing-message';
import { runConcurrently } from './run-concurrently';

/** How many SendMessageBatch requests one `sendBatch` keeps in flight. */
const BATCH_REQUEST_CONCURRENCY = 8;

/**
 * Sends messages to one declared queue. Inject it with `@InjectSqsProducer('orders')`.
 *
 * @typeParam T the body type, encoded by the queue's codec (JSON by default).
 */
export class SqsProducer<T = unknown> {
  /**
   * Built by the module. `target` is the resolved queue, or a function returning it — which
   * throws for a queue the module does not declare or could not resolve (boot reports those too,
   * naming the class that injected the producer). `instrumentation` (tracing, metrics) observes
   * every send.
   */
  constructor(
    private readonly queueName: string,
    private readonly target: ProducerTarget | (() => ProducerTarget),
    private readonly port: SqsPort,
    private readonly instrumentation?: SqsInstrumentation,
  ) {}

  /** The logical queue name. */
  get queue(): string {
    return this.queueName;
  }

  /** The queue URL. */
  get url(): string {
    return this.resolved().url;
  }

  /**
   * Sends one message. Checks size, attributes, delay and FIFO ids first, and throws a clear
   * error (`MessageTooLargeError`, `FifoGroupIdRequiredError`, `InvalidMessageError`) without
   * sending when SQS would reject it.
   */
  async send(body: T, options?: SqsSendOptions): Promise<SqsSendResult> {
    const target = this.resolved();
    const observation = this.instrumentation?.startSend(target, 1, false);
    if (observation) return this.sendObserved(target, body, options, observation);
    const { entry } = buildOutgoingMessage(target, body, options);
    const out = await this.port.sendMessage({ QueueUrl: target.url, ...entry });
    return out.SequenceNumber !== undefined
      ? { id: out.MessageId as string, sequenceNumber: out.SequenceNumber }
      : { id: out.MessageId as string };
  }

  /**
   * Sends many messages: splits them into SendMessageBatch requests of at most 10 entries and
   * 1 MiB, sends those concurrently (one after another on a FIFO queue, to keep group order),
   * and resolves with one result per body, in input order. On a FIFO queue, the messages of a
   * group that follow one that failed (invalid, or in an earlier request that failed) are not
   * sent (they fail too), so a retry keeps the order. Entries SQS refuses one by one inside a
   * request that otherwise succeeded cannot be held back that way: the rest of that request was
   * already stored.
   * If any entry fails (invalid, rejected by SQS, or its request failed), it rejects with an
   * `SqsBatchSendError` whose `results` still hold every entry's outcome — successes included.
   *
   * @param options the same options for every body, or a function giving each body's.
   */
  async sendBatch(
    bodies: readonly T[],
    options?: SqsBatchSendOptions<T>,
  ): Promise<SqsBatchEntryResult[]> {
    const target = this.resolved();
    const observation = this.instrumentation?.startSend(target, bodies.length, true);
    const results: SqsBatchEntryResult[] = new Array(bodies.length);
    const prepared: (OutgoingMessage | undefined)[] = new Array(bodies.length);
    const sizes: number[] = new Array(bodies.length).fill(0);
    const valid: number[] = [];
    // FIFO: the first index at which each group has a message that failed. The group's later
    // messages are held back: sent, they would overtake it, and its retry would land behind them.
    const failedFrom = new Map<string, number>();
    const groupFailed = (group: string | undefined, index: number) => {
      if (group !== undefined && !failedFrom.has(group)) failedFrom.set(group, index);
    };
    for (let i = 0; i < bodies.length; i++) {
      let opts: SqsSendOptions | undefined;
      try {
        opts = typeof options === 'function' ? options(bodies[i], i) : options;
        const message = buildOutgoingMessage(target, bodies[i], opts);
        prepared[i] = message;
        sizes[i] = message.size;
        valid.push(i);
      } catch (error) {
        results[i] = { index: i, ok: false, error: asError(error), senderFault: true };
        groupFailed(fifoGroupOf(target, bodies[i], opts), i);
      }
    }
    if (observation) {
      for (const i of valid) {
        sizes[i] = observation.prepare(i, (prepared[i] as OutgoingMessage).entry, sizes[i]);
      }
    }
    const chunks = splitIntoBatches(sizes, valid);
    // FIFO: SQS keeps a group's messages in the order they arrive, so chunks go one after another.
    const concurrency = target.fifo ? 1 : BATCH_REQUEST_CONCURRENCY;
    const groupOf = (i: number) => (prepared[i] as OutgoingMessage).entry.MessageGroupId as string;
    await runConcurrently(chunks, concurrency, async (whole) => {
      let chunk = whole;
      if (target.fifo && failedFrom.size > 0) {
        chunk = [];
        for (const i of whole) {
          const from = failedFrom.get(groupOf(i));
          if (from === undefined || i < from) chunk.push(i);
          else results[i] = heldBack(i, this.queueName, groupOf(i));
        }
        if (chunk.length === 0) return;
      }
      await this.sendChunk(target, chunk, prepared, results, observation);
      if (!target.fifo) return;
      for (const i of chunk) if (!results[i].ok) groupFailed(groupOf(i), i);
    });
    if (observation) reportBatch(observation, results);
    if (results.some((r) => !r.ok)) throw new SqsBatchSendError(this.queueName, results);
    return results;
  }

  /** Sends one SendMessageBatch request and books each entry's outcome in `results`. */
  private async sendChunk(
    target: ProducerTarget,
    chunk: readonly number[],
    prepared: readonly (OutgoingMessage | undefined)[],
    results: SqsBatchEntryResult[],
    observation: SqsSendObservation | undefined,
  ): Promise<void> {
    const entries: SendMessageBatchRequestEntry[] = chunk.map((i) => ({
      Id: String(i),
      ...(prepared[i] as OutgoingMessage).entry,
    }));
    try {
      const input = { QueueUrl: target.url, Entries: entries };
      const out = await (observation
        ? observation.run(() => this.port.sendMessageBatch(input))
        : this.port.sendMessageBatch(input));
      for (const ok of out.Successful ?? []) {
        const index = Number(ok.Id);
        results[index] =
          ok.SequenceNumber !== undefined
            ? { index, ok: true, id: ok.MessageId as string, sequenceNumber: ok.SequenceNumber }
            : { index, ok: true, id: ok.MessageId as string };
      }
      for (const failed of out.Failed ?? []) {
        const index = Number(failed.Id);
        results[index] = {
          index,
          ok: false,
          error: new Error(failed.Message ?? failed.Code ?? 'SendMessageBatch entry failed'),
          code: failed.Code,
          senderFault: failed.SenderFault ?? false,
        };
      }
      for (const i of chunk) {
        // An entry SQS answered for neither way is not known to be sent.
        results[i] ??= {
          index: i,
          ok: false,
          error: new Error('SendMessageBatch returned no result for this entry'),
          senderFault: false,
        };
      }
    } catch (error) {
      const e = asError(error);
      const code = (error as { Code?: string; name?: string }).Code;
      const senderFault = (error as { $fault?: string }).$fault === 'client';
      for (const i of chunk) results[i] = { index: i, ok: false, error: e, code, senderFault };
    }
  }

  private resolved(): ProducerTarget {
    return typeof this.target === 'function' ? this.target() : this.target;
  }

  /** `send` with its observation told of each step; it ends whatever happens. */
  private async sendObserved(
    target: ProducerTarget,
    body: T,
    options: SqsSendOptions | undefined,
    observation: SqsSendObservation,
  ): Promise<SqsSendResult> {
    try {
      const { entry, size } = buildOutgoingMessage(target, body, options);
      observation.prepare(0, entry, size);
      const input = { QueueUrl: target.url, ...entry };
      const out = await observation.run(() => this.port.sendMessage(input));
      observation.sent(0, out.MessageId as string);
      return out.SequenceNumber !== undefined
        ? { id: out.MessageId as string, sequenceNumber: out.SequenceNumber }
        : { id: out.MessageId as string };
    } catch (error) {
      observation.failed(0, error);
      throw error;
    } finally {
      observation.end();
    }
  }
}

/** Tells a batch's observation how each entry went, then ends it. */
function reportBatch(observation: SqsSendObservation, results: readonly SqsBatchEntryResult[]) {
  results.forEach((result, index) => {
    if (result.ok) observation.sent(index, result.id);
    else observation.failed(index, result.error);
  });
  observation.end();
}

/** The result of a FIFO entry not sent because an earlier one of its group failed. */
function heldBack(index: number, queue: string, groupId: string): SqsBatchEntryResult {
  return {
    index,
    ok: false,
    error: new Error(FIFO_GROUP_HELD_BACK(queue, groupId)),
    senderFault: false,
  };
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}
