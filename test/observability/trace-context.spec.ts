import {
  context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  trace,
  TraceFlags,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { SqsOutgoingEntry } from '../../src/interfaces/sqs-instrumentation.interface';
import {
  extractTraceContext,
  injectTraceContext,
} from '../../src/observability/tracing/message-carrier';
import {
  formatTraceparent,
  formatXrayHeader,
  parseTraceparent,
  parseXrayHeader,
} from '../../src/observability/tracing/trace-context';

const TRACE_ID = '5759e988bd862e3fe1be46a994272793';
const SPAN_ID = '53995c3f42cd8ad8';
const sampled = { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED };
const carrier = { messageAttributes: true, awsTraceHeader: false };
const outgoing = { ...sampled, traceState: undefined };

describe('traceparent', () => {
  const w3c = new W3CTraceContextPropagator();

  it('formats a span context as the W3C propagator does', () => {
    const headers: Record<string, string> = {};
    const spanContext = { ...sampled, isRemote: false };
    w3c.inject(trace.setSpanContext(ROOT_CONTEXT, spanContext), headers, defaultTextMapSetter);
    expect(formatTraceparent(sampled)).toBe(headers.traceparent);
  });

  it('formats flags as two hex digits', () => {
    expect(formatTraceparent({ ...sampled, traceFlags: 0 })).toBe(`00-${TRACE_ID}-${SPAN_ID}-00`);
  });

  it('parses what the W3C propagator extracts', () => {
    const value = `00-${TRACE_ID}-${SPAN_ID}-01`;
    const extracted = trace.getSpanContext(
      w3c.extract(context.active(), { traceparent: value }, defaultTextMapGetter),
    );
    expect(parseTraceparent(value)).toEqual({
      traceId: extracted?.traceId,
      spanId: extracted?.spanId,
      traceFlags: extracted?.traceFlags,
    });
  });

  it.each([
    ['version ff', `ff-${TRACE_ID}-${SPAN_ID}-01`],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-${SPAN_ID}-01`],
    ['an all-zero span id', `00-${TRACE_ID}-${'0'.repeat(16)}-01`],
    ['version 00 with extra fields', `00-${TRACE_ID}-${SPAN_ID}-01-extra`],
    ['upper-case hex', `00-${TRACE_ID.toUpperCase()}-${SPAN_ID}-01`],
    ['a short span id', `00-${TRACE_ID}-${SPAN_ID.slice(1)}-01`],
  ])('rejects %s', (_, value) => {
    expect(parseTraceparent(value)).toBeUndefined();
  });

  it('reads the first four fields of a later version', () => {
    expect(parseTraceparent(`01-${TRACE_ID}-${SPAN_ID}-01-future`)).toEqual(sampled);
  });
});

describe('X-Ray trace header', () => {
  it('formats Root, Parent and Sampled', () => {
    expect(formatXrayHeader(sampled)).toBe(
      'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
    );
  });

  it('parses fields in any order and ignores others', () => {
    const header =
      'Sampled=0;Lineage=a87bd80c:1|68fd508a:5;Parent=53995C3F42CD8AD8;Root=1-5759e988-bd862e3fe1be46a994272793';
    expect(parseXrayHeader(header)).toEqual({ ...sampled, traceFlags: 0 });
  });

  it('round-trips a span context', () => {
    expect(parseXrayHeader(formatXrayHeader(sampled))).toEqual(sampled);
  });

  it('yields nothing without a Parent', () => {
    expect(parseXrayHeader('Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1')).toBeUndefined();
  });

  it('yields nothing for a malformed Root', () => {
    expect(
      parseXrayHeader(`Root=2-5759e988-bd862e3fe1be46a9942727;Parent=${SPAN_ID}`),
    ).toBeUndefined();
  });
});

describe('trace context on a message', () => {
  const attributes = (count: number) =>
    Object.fromEntries(
      Array.from({ length: count }, (_, i) => [`a${i}`, { DataType: 'String', StringValue: 'x' }]),
    );

  it('adds traceparent and counts its bytes as SQS does (name + String + value)', () => {
    const entry: SqsOutgoingEntry = { MessageBody: '{}' };
    const { size, skipped } = injectTraceContext(entry, outgoing, 2, 262_144, carrier);
    expect(entry.MessageAttributes).toEqual({
      traceparent: { DataType: 'String', StringValue: `00-${TRACE_ID}-${SPAN_ID}-01` },
    });
    expect(size).toBe(2 + 'traceparent'.length + 'String'.length + 55);
    expect(skipped).toBeUndefined();
  });

  it('adds tracestate when the context has one', () => {
    const entry: SqsOutgoingEntry = { MessageBody: '{}' };
    injectTraceContext(entry, { ...sampled, traceState: 'vendor=1' }, 2, 262_144, carrier);
    expect(entry.MessageAttributes?.tracestate).toEqual({
      DataType: 'String',
      StringValue: 'vendor=1',
    });
  });

  it('skips the trace context when the message has 10 attributes', () => {
    const entry: SqsOutgoingEntry = { MessageBody: '{}', MessageAttributes: attributes(10) };
    const { skipped } = injectTraceContext(entry, outgoing, 2, 262_144, carrier);
    expect(Object.keys(entry.MessageAttributes ?? {})).toHaveLength(10);
    expect(skipped).toEqual({
      attribute: 'traceparent',
      reason: 'it already has 10 message attributes (SQS allows 10)',
    });
  });

  it('keeps traceparent and skips tracestate when one attribute is free', () => {
    const entry: SqsOutgoingEntry = { MessageBody: '{}', MessageAttributes: attributes(9) };
    const { skipped } = injectTraceContext(
      entry,
      { ...sampled, traceState: 'vendor=1' },
      2,
      262_144,
      carrier,
    );
    expect(entry.MessageAttributes?.traceparent).toBeDefined();
    expect(entry.MessageAttributes?.tracestate).toBeUndefined();
    expect(skipped?.attribute).toBe('tracestate');
  });

  it('skips the trace context when it would pass the size limit', () => {
    const entry: SqsOutgoingEntry = { MessageBody: 'x'.repeat(1000) };
    const { size, skipped } = injectTraceContext(entry, outgoing, 1000, 1024, carrier);
    expect(entry.MessageAttributes).toBeUndefined();
    expect(size).toBe(1000);
    expect(skipped?.reason).toBe("it would be 1072 bytes, over the queue's limit of 1024");
  });

  it('leaves a traceparent the sender set', () => {
    const own = { DataType: 'String', StringValue: `00-${'1'.repeat(32)}-${'2'.repeat(16)}-01` };
    const entry: SqsOutgoingEntry = { MessageBody: '{}', MessageAttributes: { traceparent: own } };
    injectTraceContext(entry, outgoing, 2, 262_144, carrier);
    expect(entry.MessageAttributes).toEqual({ traceparent: own });
  });

  it('sets AWSTraceHeader as a system attribute, beside 10 message attributes', () => {
    const entry: SqsOutgoingEntry = { MessageBody: '{}', MessageAttributes: attributes(10) };
    injectTraceContext(entry, outgoing, 2, 262_144, {
      messageAttributes: false,
      awsTraceHeader: true,
    });
    expect(entry.MessageSystemAttributes).toEqual({
      AWSTraceHeader: {
        DataType: 'String',
        StringValue: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
      },
    });
  });

  it('reads traceparent and tracestate from a received message', () => {
    const message = {
      MessageAttributes: {
        traceparent: { DataType: 'String', StringValue: `00-${TRACE_ID}-${SPAN_ID}-01` },
        tracestate: { DataType: 'String', StringValue: 'vendor=1' },
      },
    };
    expect(extractTraceContext(message)).toEqual({ ...sampled, traceState: 'vendor=1' });
  });

  it('falls back to AWSTraceHeader', () => {
    const message = { Attributes: { AWSTraceHeader: formatXrayHeader(sampled) } };
    expect(extractTraceContext(message)).toEqual({ ...sampled, traceState: undefined });
  });

  it('finds nothing on a message without either', () => {
    expect(extractTraceContext({ MessageAttributes: {} })).toBeUndefined();
  });
});
