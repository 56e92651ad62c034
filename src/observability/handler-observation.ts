import type { Context, Link, Span, Tracer } from '@opentelemetry/api';
import type { Clock } from '../clock/clock.interface';
import type { SqsConsumeTarget, SqsHandlerCall } from '../interfaces/sqs-instrumentation.interface';
import type { SqsBatchResult, SqsMessage } from '../interfaces/sqs-message.interface';
import {
  ATTR_BATCH_MESSAGE_COUNT,
  ATTR_DEAD_LETTERED_COUNT,
  ATTR_FAILED_COUNT,
  ATTR_HANDLER,
  ATTR_MESSAGE_ID,
  ATTR_OPERATION_NAME,
  ATTR_OPERATION_TYPE,
  ATTR_OUTCOME,
  ATTR_RECEIVE_COUNT,
  isLastAttempt,
  type Outcome,
  type QueueDescription,
} from './messaging-attributes';
import type { SqsMetrics } from './metrics/sqs-metrics';
import { BATCH_FAILURES } from './observability.messages';
import { markFailed } from './tracing/mark-failed';
import type { SqsTracer } from './tracing/sqs-tracer';

/** One handler route, as its observation sees it. */
export interface ObservedRoute {
  readonly queue: SqsConsumeTarget;
  readonly description: QueueDescription;
  readonly handler: string;
  /** With a timeout, the consumer may abort a message before its handler settles. */
  readonly timeoutMs: number | undefined;
  readonly clock: Clock;
}

/**
 * Wraps a handler call with a CONSUMER span `process <queue>` and the handler-duration metric.
 * With neither tracing nor metrics it returns `call` itself. With tracing, the span is checked
 * per call, so a provider registered or removed after boot takes effect at the next message.
 */
export function observeHandler(
  tracing: SqsTracer | undefined,
  metrics: SqsMetrics | undefined,
  route: ObservedRoute,
  call: SqsHandlerCall,
): SqsHandlerCall {
  if (!tracing && !metrics) return call;
  const prepared: PreparedRoute = {
    ...route,
    spanName: `process ${route.description.destination}`,
    spanAttributes: Object.freeze({
      ...route.description.spanAttributes,
      [ATTR_OPERATION_TYPE]: 'process',
      [ATTR_OPERATION_NAME]: 'process',
      [ATTR_HANDLER]: route.handler,
    }),
  };
  return (payload, context) => {
    const tracer = tracing?.current();
    if (!tracer && !metrics) return call(payload, context);
    return new HandlerRun(tracing, tracer, metrics, prepared).run(call, payload, context);
  };
}

/** A route with what its spans share, built once. */
interface PreparedRoute extends ObservedRoute {
  readonly spanName: string;
  readonly spanAttributes: Readonly<Record<string, string | number>>;
}

/**
 * One handler call: the span (a child of the message's creation context; for a batch, a new
 * trace linking every message's creation context), the handler run inside it so the user's spans
 * nest under it, and its end when the call settles — or when its timeout aborts the message,
 * since a late settlement no longer counts.
 */
class HandlerRun {
  private span: Span | undefined;
  private signal: AbortSignal | undefined;
  private readonly startedAt: number;
  private done = false;
  private readonly onAbort = () =>
    this.finish(this.signal?.reason ?? new Error('aborted'), undefined);
  private messages: readonly SqsMessage<unknown>[] = [];
  private batch = false;

  constructor(
    private readonly tracing: SqsTracer | undefined,
    private readonly tracer: Tracer | undefined,
    private readonly metrics: SqsMetrics | undefined,
    private readonly route: PreparedRoute,
  ) {
    this.startedAt = route.clock.now();
  }

  run(
    call: SqsHandlerCall,
    payload: SqsMessage<unknown> | SqsMessage<unknown>[],
    handlerContext: Parameters<SqsHandlerCall>[1],
  ): Promise<unknown> {
    this.batch = Array.isArray(payload);
    this.messages = Array.isArray(payload) ? payload : [payload];
    let context: Context | undefined;
    if (this.tracer && this.tracing) context = this.startSpan(this.tracing, this.tracer);
    // Without a timeout, an abort only comes at shutdown and the handler settles after it; a
    // listener (some microseconds per message) is only worth it when a timeout can fire first.
    if (this.route.timeoutMs !== undefined) {
      this.signal = this.messages[0]?.signal;
      this.signal?.addEventListener('abort', this.onAbort);
    }
    let result: Promise<unknown>;
    try {
      result = context
        ? (this.tracing as SqsTracer).api.context.with(
            context,
            call,
            undefined,
            payload,
            handlerContext,
          )
        : call(payload, handlerContext);
    } catch (error) {
      result = Promise.reject(error);
    }
    return result.then(
      (value) => {
        this.finish(undefined, value);
        return value;
      },
      (error: unknown) => {
        this.finish(error, undefined);
        throw error;
      },
    );
  }

  private startSpan(tracing: SqsTracer, tracer: Tracer): Context {
    const { api } = tracing;
    const links: Link[] = [];
    let parent = api.ROOT_CONTEXT;
    for (const message of this.messages) {
      const creation = tracing.creationContextOf(message.raw);
      if (creation)
        links.push({ context: creation, attributes: { [ATTR_MESSAGE_ID]: message.id } });
    }
    if (!this.batch && links.length > 0) {
      parent = api.trace.setSpanContext(parent, links[0].context);
    }
    const span = tracer.startSpan(
      this.route.spanName,
      { kind: api.SpanKind.CONSUMER, attributes: this.route.spanAttributes, links },
      parent,
    );
    if (this.batch) {
      span.setAttribute(ATTR_BATCH_MESSAGE_COUNT, this.messages.length);
    } else {
      span.setAttribute(ATTR_MESSAGE_ID, this.messages[0].id);
      span.setAttribute(ATTR_RECEIVE_COUNT, this.messages[0].receiveCount);
    }
    this.span = span;
    return api.trace.setSpan(parent, span);
  }

  private finish(error: unknown, value: unknown): void {
    if (this.done) return;
    this.done = true;
    this.signal?.removeEventListener('abort', this.onAbort);
    const { route } = this;
    if (this.metrics) {
      const seconds = Math.max(0, route.clock.now() - this.startedAt) / 1000;
      this.metrics.recordProcessDuration(route.description, route.handler, seconds, error);
    }
    const span = this.span;
    if (!span || !this.tracing) return;
    if (this.batch) this.finishBatch(this.tracing, span, error, value);
    else this.finishSingle(this.tracing, span, error);
    span.end();
  }

  private finishSingle(tracing: SqsTracer, span: Span, error: unknown): void {
    if (error === undefined) {
      span.setAttribute(ATTR_OUTCOME, 'processed' satisfies Outcome);
      return;
    }
    const message = this.messages[0];
    const last = isLastAttempt(message.receiveCount, this.route.queue.maxReceiveCount);
    span.setAttribute(ATTR_OUTCOME, (last ? 'dead_lettered' : 'failed') satisfies Outcome);
    markFailed(tracing, span, error);
  }

  private finishBatch(tracing: SqsTracer, span: Span, error: unknown, value: unknown): void {
    const max = this.route.queue.maxReceiveCount;
    const failed = error !== undefined ? this.messages : failedMessages(this.messages, value);
    let deadLettered = 0;
    for (const message of failed) {
      const last = isLastAttempt(message.receiveCount, max);
      if (last) deadLettered++;
      if (error === undefined) {
        span.addEvent('message failed', {
          [ATTR_MESSAGE_ID]: message.id,
          [ATTR_RECEIVE_COUNT]: message.receiveCount,
          [ATTR_OUTCOME]: (last ? 'dead_lettered' : 'failed') satisfies Outcome,
        });
      }
    }
    span.setAttribute(ATTR_FAILED_COUNT, failed.length);
    span.setAttribute(ATTR_DEAD_LETTERED_COUNT, deadLettered);
    span.setAttribute(
      ATTR_OUTCOME,
      (failed.length === 0 ? 'processed' : 'failed') satisfies Outcome,
    );
    if (error !== undefined) markFailed(tracing, span, error);
    else if (failed.length > 0) {
      span.setStatus({
        code: tracing.api.SpanStatusCode.ERROR,
        message: BATCH_FAILURES(failed.length, this.messages.length),
      });
    }
  }
}

/** The messages a batch handler reported failed (`{ failed: [messages or ids] }`). */
function failedMessages(
  messages: readonly SqsMessage<unknown>[],
  value: unknown,
): SqsMessage<unknown>[] {
  const reported = (value as SqsBatchResult | undefined)?.failed;
  if (!Array.isArray(reported) || reported.length === 0) return [];
  const ids = new Set<string>();
  for (const entry of reported as ReadonlyArray<SqsMessage<unknown> | string>) {
    ids.add(typeof entry === 'string' ? entry : entry.id);
  }
  return messages.filter((m) => ids.has(m.id));
}
