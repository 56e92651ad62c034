/**
 * The two text formats a trace context travels in on SQS: W3C Trace Context (`traceparent`,
 * https://www.w3.org/TR/trace-context/) and X-Ray's trace header (`AWSTraceHeader`,
 * `Root=1-<8 hex>-<24 hex>;Parent=<16 hex>;Sampled=<0|1>`). Pure functions, no OpenTelemetry
 * import: what they read and write is plain ids and flags.
 */

/** The parts of a span context that cross a queue. */
export interface WireSpanContext {
  readonly traceId: string;
  readonly spanId: string;
  /** Bit 0: sampled. */
  readonly traceFlags: number;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_SPAN_ID = '0'.repeat(16);
const SAMPLED = 1;

export function formatTraceparent(context: WireSpanContext): string {
  const flags = (context.traceFlags & 0xff).toString(16).padStart(2, '0');
  return `00-${context.traceId}-${context.spanId}-${flags}`;
}

/**
 * Parses a `traceparent` value. Version `00` must be exactly four fields; a later version may
 * append fields, which are ignored (as the W3C spec asks); `ff` and all-zero ids are invalid.
 */
export function parseTraceparent(value: string): WireSpanContext | undefined {
  const match = TRACEPARENT.exec(value.trim());
  if (!match) return undefined;
  const [, version, traceId, spanId, flags, rest] = match;
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (traceId === ZERO_TRACE_ID || spanId === ZERO_SPAN_ID) return undefined;
  return { traceId, spanId, traceFlags: parseInt(flags, 16) };
}

export function formatXrayHeader(context: WireSpanContext): string {
  const { traceId, spanId } = context;
  const sampled = context.traceFlags & SAMPLED ? '1' : '0';
  return `Root=1-${traceId.slice(0, 8)}-${traceId.slice(8)};Parent=${spanId};Sampled=${sampled}`;
}

const XRAY_ROOT = /^1-([0-9a-fA-F]{8})-([0-9a-fA-F]{24})$/;
const XRAY_PARENT = /^[0-9a-fA-F]{16}$/;

/**
 * Parses an X-Ray trace header (fields in any order, others such as `Lineage` ignored). A
 * header without `Parent` names no span to continue from, so it yields nothing; only
 * `Sampled=1` counts as sampled.
 */
export function parseXrayHeader(value: string): WireSpanContext | undefined {
  let traceId: string | undefined;
  let spanId: string | undefined;
  let traceFlags = 0;
  for (const part of value.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const field = part.slice(eq + 1).trim();
    if (key === 'Root') {
      const root = XRAY_ROOT.exec(field);
      if (root) traceId = (root[1] + root[2]).toLowerCase();
    } else if (key === 'Parent') {
      if (XRAY_PARENT.test(field)) spanId = field.toLowerCase();
    } else if (key === 'Sampled') {
      traceFlags = field === '1' ? SAMPLED : 0;
    }
  }
  if (!traceId || !spanId || traceId === ZERO_TRACE_ID || spanId === ZERO_SPAN_ID) return undefined;
  return { traceId, spanId, traceFlags };
}
