import type { SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import type { SqsHandlerContext, SqsMessage } from './sqs-message.interface';
import type { SqsResolvedQueue } from './sqs-resolved-queue.interface';

/** A message built by a producer, about to be sent (without its batch entry id). */
export type SqsOutgoingEntry = Omit<SendMessageBatchRequestEntry, 'Id'>;

/** What a producer tells an instrumentation about its queue. */
export type SqsSendTarget = Pick<SqsResolvedQueue, 'name' | 'url' | 'maxMessageSize'>;

/** What a consumer tells an instrumentation about its queue. */
export type SqsConsumeTarget = Pick<SqsResolvedQueue, 'name' | 'url' | 'maxReceiveCount'>;

/** What a consumer tells an instrumentation about a handler route. */
export interface SqsConsumeRoute {
  /** `ClassName.methodName`. */
  readonly handler: string;
  readonly batch: boolean;
  /** The handler's `timeoutMs`: past it, the consumer aborts the message's `signal`. */
  readonly timeoutMs: number | undefined;
}

/** Calls a handler with its message (or batch) and context. */
export type SqsHandlerCall = (
  payload: SqsMessage<unknown> | SqsMessage<unknown>[],
  context: SqsHandlerContext,
) => Promise<unknown>;

/**
 * One `send` or `sendBatch` as an instrumentation follows it. The producer calls `prepare` for
 * every message it built (in index order), runs its request(s) through `run`, reports each
 * message with `sent` or `failed`, and calls `end` once, last.
 */
export interface SqsSendObservation {
  /**
   * A message is built: the observation may add attributes to `entry` (trace context). Returns
   * the message's size afterwards, as SQS counts it.
   */
  prepare(index: number, entry: SqsOutgoingEntry, size: number): number;
  /** Runs the SQS request(s) of the send, in the observation's context. */
  run<R>(request: () => Promise<R>): Promise<R>;
  sent(index: number, messageId: string): void;
  failed(index: number, error: unknown): void;
  end(): void;
}

/**
 * Hooks around sends and handler calls (tracing, metrics). The module wires one into every
 * producer and consumer; the OpenTelemetry one lives in `src/observability`.
 */
export interface SqsInstrumentation {
  /**
   * Starts observing a send of `count` messages (`batch`: through `sendBatch`). Undefined when
   * there is nothing to observe, so an idle instrumentation costs the send one call.
   */
  startSend(queue: SqsSendTarget, count: number, batch: boolean): SqsSendObservation | undefined;
  /**
   * Wraps the handler call of a route at boot. An instrumentation with nothing to do returns
   * `call` itself, so the handler runs as if it were not there.
   */
  wrapHandler(
    queue: SqsConsumeTarget,
    route: SqsConsumeRoute,
    call: SqsHandlerCall,
  ): SqsHandlerCall;
}
