import type { Message } from '@aws-sdk/client-sqs';
import type { Span, SpanContext, Tracer, TracerProvider } from '@opentelemetry/api';
import type {
  SqsOutgoingEntry,
  SqsSendTarget,
} from '../../interfaces/sqs-instrumentation.interface';
import type { SqsLogger } from '../../interfaces/sqs-logger.interface';
import type { OtelApi } from '../otel-api.loader';
import { TRACE_CONTEXT_SKIPPED } from '../observability.messages';
import { type CarrierSettings, extractTraceContext, injectTraceContext } from './message-carrier';

/** The instrumentation scope name of every span. */
export const TRACER_NAME = 'nestjs-sqs-kit';

type ProxyLike = TracerProvider & { getDelegate?: () => TracerProvider };

/**
 * The module's access to OpenTelemetry tracing: the tracer of the registered provider (none
 * when no provider is registered, so callers skip all span work), and the trace context on
 * messages.
 */
export class SqsTracer {
  /** What an unregistered global provider delegates to; any other delegate is a real provider. */
  private readonly noopDelegate: TracerProvider;
  private delegate: TracerProvider | undefined;
  private tracer: Tracer | undefined;

  constructor(
    readonly api: OtelApi,
    private readonly carrier: CarrierSettings,
    private readonly logger: SqsLogger | undefined,
  ) {
    this.noopDelegate = new api.ProxyTracerProvider().getDelegate();
  }

  /**
   * The tracer to use now, or undefined when no tracer provider is registered. Checked at every
   * call (a few property reads), since tests and apps may register or disable a provider after
   * boot.
   */
  current(): Tracer | undefined {
    const provider = this.api.trace.getTracerProvider() as ProxyLike;
    const delegate = typeof provider.getDelegate === 'function' ? provider.getDelegate() : provider;
    if (delegate === this.noopDelegate) return undefined;
    if (delegate !== this.delegate) {
      this.delegate = delegate;
      this.tracer = delegate.getTracer(TRACER_NAME);
    }
    return this.tracer;
  }

  /** Puts `span`'s context on an outgoing message; returns the message's new size. */
  inject(entry: SqsOutgoingEntry, span: Span, size: number, queue: SqsSendTarget): number {
    const context = span.spanContext();
    const injection = injectTraceContext(
      entry,
      { ...context, traceState: context.traceState?.serialize() || undefined },
      size,
      queue.maxMessageSize,
      this.carrier,
    );
    if (injection.skipped) {
      const { attribute, reason } = injection.skipped;
      this.logger?.debug?.(TRACE_CONTEXT_SKIPPED(queue.name, attribute, reason));
    }
    return injection.size;
  }

  /** The creation context a received message carries, as a remote span context. */
  creationContextOf(message: Message): SpanContext | undefined {
    const wire = extractTraceContext(message);
    if (!wire) return undefined;
    const context: SpanContext = {
      traceId: wire.traceId,
      spanId: wire.spanId,
      traceFlags: wire.traceFlags,
      isRemote: true,
    };
    if (wire.traceState) context.traceState = this.api.createTraceState(wire.traceState);
    return context;
  }
}
