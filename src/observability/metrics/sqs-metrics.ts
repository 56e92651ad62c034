import type {
  Attributes,
  Counter,
  Histogram,
  Meter,
  ObservableGauge,
  ObservableResult,
} from '@opentelemetry/api';
import type { SqsEvents } from '../../consumer/sqs-events';
import type { SqsConsumerStatus } from '../../consumer/sqs-consumer-config.interface';
import type { Clock } from '../../clock/clock.interface';
import {
  ATTR_ERROR_TYPE,
  ATTR_HANDLER,
  ATTR_OPERATION_NAME,
  errorTypeOf,
  type QueueDescription,
} from '../messaging-attributes';
import type { OtelApi } from '../otel-api.loader';
import { SQS_METRICS } from './metric-names';

/** The instrumentation scope name of every metric. */
export const METER_NAME = 'nestjs-sqs-kit';

/** The conventions' buckets for messaging durations, in seconds. */
const DURATION_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];
/** Send → processed latency spans retries and backoffs: seconds to hours. */
const LATENCY_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 14400,
];

/** What the metrics need from the module. */
export interface SqsMetricsSources {
  /** Describes a logical queue (undefined if it is not resolved). */
  describe(queue: string): QueueDescription | undefined;
  /** Every consumer's status, for the in-flight gauge. */
  status(): readonly SqsConsumerStatus[];
  readonly clock: Clock;
}

/**
 * The module's metrics through the OpenTelemetry metrics API. Consumer counts come from the
 * module's events (one listener per event, attached only when metrics are on); sends and handler
 * durations are recorded by the producer and handler hooks. Every point carries the queue
 * (`messaging.destination.name`) and, where there is one, the handler (`code.function.name`).
 */
export class SqsMetrics {
  private readonly sent: Counter;
  private readonly received: Counter;
  private readonly processed: Counter;
  private readonly failed: Counter;
  private readonly deadLettered: Counter;
  private readonly processDuration: Histogram;
  private readonly latency: Histogram;
  private readonly inFlight: ObservableGauge;
  private readonly handlerAttributes = new Map<string, Attributes>();
  private readonly receiveAttributes = new Map<string, Attributes>();
  private readonly sendAttributes = new Map<string, Attributes>();
  private readonly detachers: (() => void)[] = [];
  private readonly observeInFlight = (result: ObservableResult) => {
    for (const status of this.sources.status()) {
      const queue = this.sources.describe(status.queue);
      if (queue) result.observe(status.inFlight, queue.metricAttributes);
    }
  };

  constructor(
    api: OtelApi,
    meter: Meter,
    private readonly sources: SqsMetricsSources,
  ) {
    const message = { unit: '{message}', valueType: api.ValueType.INT };
    this.sent = meter.createCounter(SQS_METRICS.sent, {
      ...message,
      description: 'Messages a producer attempted to send (error.type set when it failed).',
    });
    this.received = meter.createCounter(SQS_METRICS.received, {
      ...message,
      description: 'Messages received by consumers.',
    });
    this.processed = meter.createCounter(SQS_METRICS.processed, {
      ...message,
      description: 'Messages whose handler succeeded (they are deleted).',
    });
    this.failed = meter.createCounter(SQS_METRICS.failed, {
      ...message,
      description: 'Failed attempts: the handler threw, timed out, or no handler took the message.',
    });
    this.deadLettered = meter.createCounter(SQS_METRICS.deadLettered, {
      ...message,
      description: 'Messages whose last attempt failed: SQS moves them to the dead-letter queue.',
    });
    this.processDuration = meter.createHistogram(SQS_METRICS.processDuration, {
      unit: 's',
      description: 'Duration of handler calls (one per message, or per batch for batch handlers).',
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    });
    this.latency = meter.createHistogram(SQS_METRICS.latency, {
      unit: 's',
      description: 'Time from a message being sent to its successful processing.',
      advice: { explicitBucketBoundaries: LATENCY_BUCKETS },
    });
    this.inFlight = meter.createObservableGauge(SQS_METRICS.inFlight, {
      ...message,
      description: 'Messages held by consumers: received and not yet settled.',
    });
  }

  /** Starts counting the consumers' events and observing their in-flight messages. */
  attach(events: SqsEvents): void {
    const { clock } = this.sources;
    this.detachers.push(
      events.on('messageReceived', ({ queue }) => {
        const attributes = this.receiveAttributesOf(queue);
        if (attributes) this.received.add(1, attributes);
      }),
      events.on('messageProcessed', ({ queue, handler, message }) => {
        const attributes = this.attributesOf(queue, handler);
        if (!attributes) return;
        this.processed.add(1, attributes);
        const sentAt = message.sentAt.getTime();
        if (Number.isFinite(sentAt)) {
          this.latency.record(Math.max(0, clock.now() - sentAt) / 1000, attributes);
        }
      }),
      events.on('messageFailed', ({ queue, handler, error }) => {
        const attributes = this.attributesOf(queue, handler, error);
        if (attributes) this.failed.add(1, attributes);
      }),
      events.on('messageDeadLettered', ({ queue, handler, error }) => {
        const attributes = this.attributesOf(queue, handler, error);
        if (attributes) this.deadLettered.add(1, attributes);
      }),
    );
    this.inFlight.addCallback(this.observeInFlight);
    this.detachers.push(() => this.inFlight.removeCallback(this.observeInFlight));
  }

  detach(): void {
    for (const detach of this.detachers.splice(0)) detach();
  }

  /** One message of a send, sent or failed. */
  recordSend(queue: QueueDescription, error?: unknown): void {
    let attributes = this.sendAttributes.get(queue.destination);
    if (!attributes) {
      attributes = Object.freeze({ ...queue.metricAttributes, [ATTR_OPERATION_NAME]: 'send' });
      this.sendAttributes.set(queue.destination, attributes);
    }
    this.sent.add(
      1,
      error === undefined ? attributes : { ...attributes, [ATTR_ERROR_TYPE]: errorTypeOf(error) },
    );
  }

  /** One handler call, in seconds. */
  recordProcessDuration(
    queue: QueueDescription,
    handler: string,
    seconds: number,
    error?: unknown,
  ): void {
    const attributes = this.handlerAttributesOf(queue, handler);
    this.processDuration.record(
      seconds,
      error === undefined ? attributes : { ...attributes, [ATTR_ERROR_TYPE]: errorTypeOf(error) },
    );
  }

  private attributesOf(
    queue: string,
    handler: string | undefined,
    error?: unknown,
  ): Attributes | undefined {
    const described = this.sources.describe(queue);
    if (!described) return undefined;
    const base =
      handler === undefined
        ? described.metricAttributes
        : this.handlerAttributesOf(described, handler);
    return error === undefined ? base : { ...base, [ATTR_ERROR_TYPE]: errorTypeOf(error) };
  }

  private handlerAttributesOf(queue: QueueDescription, handler: string): Attributes {
    const key = `${queue.destination}\u0000${handler}`;
    let attributes = this.handlerAttributes.get(key);
    if (!attributes) {
      attributes = Object.freeze({
        ...queue.metricAttributes,
        [ATTR_OPERATION_NAME]: 'process',
        [ATTR_HANDLER]: handler,
      });
      this.handlerAttributes.set(key, attributes);
    }
    return attributes;
  }

  private receiveAttributesOf(queue: string): Attributes | undefined {
    let attributes = this.receiveAttributes.get(queue);
    if (!attributes) {
      const described = this.sources.describe(queue);
      if (!described) return undefined;
      attributes = Object.freeze({
        ...described.metricAttributes,
        [ATTR_OPERATION_NAME]: 'receive',
      });
      this.receiveAttributes.set(queue, attributes);
    }
    return attributes;
  }
}

/** Whether the application registered a meter provider (the API has no proxy for meters). */
export function meterProviderRegistered(api: OtelApi): boolean {
  return api.metrics.getMeterProvider().getMeter(METER_NAME) !== api.createNoopMeter();
}
