import type { Context, Span, Tracer } from '@opentelemetry/api';
import type {
  SqsOutgoingEntry,
  SqsSendObservation,
  SqsSendTarget,
} from '../../interfaces/sqs-instrumentation.interface';
import {
  ATTR_BATCH_MESSAGE_COUNT,
  ATTR_ERROR_TYPE,
  ATTR_MESSAGE_ID,
  errorTypeOf,
  type QueueDescription,
} from '../messaging-attributes';
import { BATCH_FAILURES } from '../observability.messages';
import { asException, markFailed } from './mark-failed';
import type { SqsTracer } from './sqs-tracer';

/**
 * The spans of one send, following the messaging conventions:
 * - `send` of one message: one PRODUCER span `send <queue>`, whose context travels in the message.
 * - `sendBatch`: a CLIENT span `send <queue>` with `messaging.batch.message_count`, and under it
 *   one PRODUCER span `create <queue>` per message, whose context travels in that message — so
 *   each message has its own creation context. The send span links to every one.
 * The requests run in the send span's context, so spans of the SQS client itself (HTTP, AWS SDK
 * instrumentation) nest under it.
 */
export class SendSpans implements SqsSendObservation {
  private readonly span: Span;
  private readonly context: Context;
  private readonly creates: (Span | undefined)[] | undefined;
  private failures = 0;
  private firstError: unknown;

  constructor(
    private readonly tracing: SqsTracer,
    private readonly tracer: Tracer,
    private readonly queue: SqsSendTarget,
    private readonly description: QueueDescription,
    private readonly count: number,
    batch: boolean,
  ) {
    const { api } = tracing;
    const parent = api.context.active();
    this.span = tracer.startSpan(
      `send ${description.destination}`,
      {
        kind: batch ? api.SpanKind.CLIENT : api.SpanKind.PRODUCER,
        attributes: batch
          ? { ...description.sendAttributes, [ATTR_BATCH_MESSAGE_COUNT]: count }
          : description.sendAttributes,
      },
      parent,
    );
    this.context = api.trace.setSpan(parent, this.span);
    this.creates = batch ? new Array(count) : undefined;
  }

  prepare(index: number, entry: SqsOutgoingEntry, size: number): number {
    if (!this.creates) return this.tracing.inject(entry, this.span, size, this.queue);
    const create = this.tracer.startSpan(
      `create ${this.description.destination}`,
      {
        kind: this.tracing.api.SpanKind.PRODUCER,
        attributes: this.description.createAttributes,
      },
      this.context,
    );
    this.creates[index] = create;
    // Span.addLink is in API 1.9; a provider built on an older API may not have it.
    if (typeof this.span.addLink === 'function')
      this.span.addLink({ context: create.spanContext() });
    return this.tracing.inject(entry, create, size, this.queue);
  }

  run<R>(request: () => Promise<R>): Promise<R> {
    return this.tracing.api.context.with(this.context, request);
  }

  sent(index: number, messageId: string): void {
    const span = this.spanOf(index);
    span?.setAttribute(ATTR_MESSAGE_ID, messageId);
    if (this.creates && span) this.endCreate(index, span);
  }

  failed(index: number, error: unknown): void {
    this.failures++;
    if (this.firstError === undefined) this.firstError = error;
    const span = this.spanOf(index);
    if (span) {
      markFailed(this.tracing, span, error);
      if (this.creates) this.endCreate(index, span);
    } else {
      // A batch message that failed its checks before a span was made for it.
      this.span.recordException(asException(error));
    }
  }

  end(): void {
    if (this.creates) {
      this.creates.forEach((span, index) => span && this.endCreate(index, span));
      if (this.failures > 0) {
        this.span.setAttribute(ATTR_ERROR_TYPE, errorTypeOf(this.firstError));
        this.span.setStatus({
          code: this.tracing.api.SpanStatusCode.ERROR,
          message: BATCH_FAILURES(this.failures, this.count),
        });
      }
    }
    this.span.end();
  }

  private spanOf(index: number): Span | undefined {
    return this.creates ? this.creates[index] : this.span;
  }

  private endCreate(index: number, span: Span): void {
    (this.creates as (Span | undefined)[])[index] = undefined;
    span.end();
  }
}
