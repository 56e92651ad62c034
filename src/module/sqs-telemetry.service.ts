import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { SqsEvents } from '../consumer/sqs-events';
import type { Clock } from '../clock/clock.interface';
import { InvalidSqsOptionsError } from '../errors/invalid-sqs-options.error';
import { INVALID_MODULE_OPTIONS } from '../errors/sqs.messages';
import type {
  SqsConsumeRoute,
  SqsConsumeTarget,
  SqsHandlerCall,
  SqsInstrumentation,
  SqsSendObservation,
  SqsSendTarget,
} from '../interfaces/sqs-instrumentation.interface';
import type { SqsModuleOptions } from './sqs-module-options.interface';
import { SqsConsumers } from './sqs-consumers.service';
import { SqsModuleSetup } from './sqs-module.setup';
import { observeHandler } from '../observability/handler-observation';
import { describeQueue, type QueueDescription } from '../observability/messaging-attributes';
import { MeteredSend } from '../observability/metrics/metered-send';
import {
  METER_NAME,
  meterProviderRegistered,
  SqsMetrics,
} from '../observability/metrics/sqs-metrics';
import {
  INVALID_METRICS_OPTION,
  INVALID_TRACING_OPTION,
} from '../observability/observability.messages';
import { loadOtelApi } from '../observability/otel-api.loader';
import type { CarrierSettings } from '../observability/tracing/message-carrier';
import { SendSpans } from '../observability/tracing/send-spans';
import { SqsTracer } from '../observability/tracing/sqs-tracer';

/**
 * OpenTelemetry tracing and metrics for one module instance: the {@link SqsInstrumentation} the
 * module gives its producers and consumers.
 *
 * - `@opentelemetry/api` is loaded only if `tracing` or `metrics` is not `false`, and only if
 *   installed; without it every hook is a no-op (`startSend` returns undefined, handlers are not
 *   wrapped).
 * - Tracing runs while a tracer provider is registered (checked per send and per message).
 * - Metrics run if a meter provider is registered when the module boots (the metrics API has no
 *   proxy to pick one up later).
 */
@Injectable()
export class SqsTelemetry implements SqsInstrumentation, OnApplicationShutdown {
  private readonly tracing: SqsTracer | undefined;
  private readonly metrics: SqsMetrics | undefined;
  private readonly clock: Clock;
  private readonly descriptions = new Map<string, QueueDescription>();

  constructor(
    @Inject(SqsModuleSetup) setup: SqsModuleSetup,
    events: SqsEvents,
    consumers: SqsConsumers,
  ) {
    const carrier = tracingSettings(setup.options.tracing);
    const metricsOn = metricsSetting(setup.options.metrics);
    const api = carrier || metricsOn ? loadOtelApi() : undefined;
    this.clock = setup.backend.clock;
    this.tracing = api && carrier ? new SqsTracer(api, carrier, setup.logger) : undefined;
    if (api && metricsOn && meterProviderRegistered(api)) {
      this.metrics = new SqsMetrics(api, api.metrics.getMeter(METER_NAME), {
        describe: (queue) => {
          const resolved = setup.queues.find(queue);
          return resolved ? this.describe(resolved.url) : undefined;
        },
        status: () => consumers.status(),
        clock: this.clock,
      });
      this.metrics.attach(events);
    }
  }

  startSend(queue: SqsSendTarget, count: number, batch: boolean): SqsSendObservation | undefined {
    const tracer = this.tracing?.current();
    if (!tracer && !this.metrics) return undefined;
    const description = this.describe(queue.url);
    const spans =
      tracer && this.tracing
        ? new SendSpans(this.tracing, tracer, queue, description, count, batch)
        : undefined;
    return this.metrics ? new MeteredSend(spans, this.metrics, description) : spans;
  }

  wrapHandler(
    queue: SqsConsumeTarget,
    route: SqsConsumeRoute,
    call: SqsHandlerCall,
  ): SqsHandlerCall {
    return observeHandler(
      this.tracing,
      this.metrics,
      {
        queue,
        description: this.describe(queue.url),
        handler: route.handler,
        timeoutMs: route.timeoutMs,
        clock: this.clock,
      },
      call,
    );
  }

  onApplicationShutdown(): void {
    this.metrics?.detach();
  }

  private describe(url: string): QueueDescription {
    let found = this.descriptions.get(url);
    if (!found) {
      found = describeQueue(url);
      this.descriptions.set(url, found);
    }
    return found;
  }
}

/** The carrier settings of the `tracing` option, or undefined when tracing is off. */
function tracingSettings(option: SqsModuleOptions['tracing']): CarrierSettings | undefined {
  if (option === false) return undefined;
  if (option === undefined || option === true) {
    return { messageAttributes: true, awsTraceHeader: false };
  }
  if (typeof option !== 'object' || option === null) {
    throw new InvalidSqsOptionsError(INVALID_MODULE_OPTIONS(INVALID_TRACING_OPTION(option)));
  }
  if (option.enabled === false) return undefined;
  return {
    messageAttributes: option.messageAttributes ?? true,
    awsTraceHeader: option.awsTraceHeader ?? false,
  };
}

function metricsSetting(option: SqsModuleOptions['metrics']): boolean {
  if (option === undefined) return true;
  if (typeof option !== 'boolean') {
    throw new InvalidSqsOptionsError(INVALID_MODULE_OPTIONS(INVALID_METRICS_OPTION(option)));
  }
  return option;
}
