import type { Span } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE, errorTypeOf, reasonOf } from '../messaging-attributes';
import type { SqsTracer } from './sqs-tracer';

/** Marks a span failed the way the conventions ask: exception event, error.type, ERROR status. */
export function markFailed(tracing: SqsTracer, span: Span, error: unknown): void {
  span.recordException(asException(error));
  span.setAttribute(ATTR_ERROR_TYPE, errorTypeOf(error));
  span.setStatus({ code: tracing.api.SpanStatusCode.ERROR, message: reasonOf(error) });
}

/** What `recordException` takes: the error, or its text. */
export function asException(error: unknown): Error | string {
  return error instanceof Error ? error : String(error);
}
