import type { Message } from '@aws-sdk/client-sqs';
import type { SqsOutgoingEntry } from '../../interfaces/sqs-instrumentation.interface';
import { MAX_MESSAGE_ATTRIBUTES } from '../../producer/message-attributes';
import { ATTRIBUTES_FULL, SIZE_LIMIT } from '../observability.messages';
import {
  formatTraceparent,
  formatXrayHeader,
  parseTraceparent,
  parseXrayHeader,
  type WireSpanContext,
} from './trace-context';

export const TRACEPARENT = 'traceparent';
export const TRACESTATE = 'tracestate';
export const AWS_TRACE_HEADER = 'AWSTraceHeader';

/** Where the trace context goes on a message. */
export interface CarrierSettings {
  /** W3C `traceparent`/`tracestate` message attributes. */
  readonly messageAttributes: boolean;
  /** X-Ray's `AWSTraceHeader` message system attribute. */
  readonly awsTraceHeader: boolean;
}

/** A span context to put on a message: ids and flags, and the serialised `tracestate`. */
export interface OutgoingTraceContext extends WireSpanContext {
  readonly traceState: string | undefined;
}

/** The result of an injection: the message's new size, and what did not fit, if anything. */
export interface Injection {
  readonly size: number;
  readonly skipped: { readonly attribute: string; readonly reason: string } | undefined;
}

/**
 * Puts a trace context on an outgoing message within SQS's limits: message attributes only
 * while the message has fewer than 10 and stays under `maxSize` bytes (each attribute counts its
 * name, `String` and its value, as SQS counts them). A message that already carries a
 * `traceparent` keeps it: that is its sender's own creation context. `AWSTraceHeader` is a
 * system attribute and counts toward neither limit.
 */
export function injectTraceContext(
  entry: SqsOutgoingEntry,
  context: OutgoingTraceContext,
  size: number,
  maxSize: number,
  settings: CarrierSettings,
): Injection {
  let skipped: Injection['skipped'];
  if (
    settings.messageAttributes &&
    !(entry.MessageAttributes && TRACEPARENT in entry.MessageAttributes)
  ) {
    const fields: [string, string][] = [[TRACEPARENT, formatTraceparent(context)]];
    if (context.traceState) fields.push([TRACESTATE, context.traceState]);
    let attributes = entry.MessageAttributes;
    let count = attributes ? Object.keys(attributes).length : 0;
    for (const [name, value] of fields) {
      if (attributes && name in attributes) continue;
      if (count >= MAX_MESSAGE_ATTRIBUTES) {
        skipped = { attribute: name, reason: ATTRIBUTES_FULL(count) };
        break;
      }
      const bytes = Buffer.byteLength(name, 'utf8') + 6 + Buffer.byteLength(value, 'utf8');
      if (size + bytes > maxSize) {
        skipped = { attribute: name, reason: SIZE_LIMIT(size + bytes, maxSize) };
        break;
      }
      attributes ??= entry.MessageAttributes = {};
      attributes[name] = { DataType: 'String', StringValue: value };
      size += bytes;
      count++;
    }
  }
  if (settings.awsTraceHeader && !entry.MessageSystemAttributes?.[AWS_TRACE_HEADER]) {
    entry.MessageSystemAttributes = {
      ...entry.MessageSystemAttributes,
      [AWS_TRACE_HEADER]: { DataType: 'String', StringValue: formatXrayHeader(context) },
    };
  }
  return { size, skipped };
}

/** A trace context read from a received message. */
export interface IncomingTraceContext extends WireSpanContext {
  readonly traceState: string | undefined;
}

/**
 * Reads the creation context of a received message: its `traceparent` attribute (with
 * `tracestate`), else its `AWSTraceHeader` system attribute, else none.
 */
export function extractTraceContext(message: Message): IncomingTraceContext | undefined {
  const attributes = message.MessageAttributes;
  const traceparent = attributes?.[TRACEPARENT]?.StringValue;
  if (traceparent !== undefined) {
    const parsed = parseTraceparent(traceparent);
    if (parsed) return { ...parsed, traceState: attributes?.[TRACESTATE]?.StringValue };
  }
  const header = message.Attributes?.[AWS_TRACE_HEADER];
  if (header !== undefined) {
    const parsed = parseXrayHeader(header);
    if (parsed) return { ...parsed, traceState: undefined };
  }
  return undefined;
}
