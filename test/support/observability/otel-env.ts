import {
  type Attributes,
  context,
  metrics,
  propagation,
  type Span,
  SpanKind,
  trace,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  type DataPoint,
  type Histogram,
  MeterProvider,
  MetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

/** A metric reader that collects on demand, for assertions. */
export class TestMetricReader extends MetricReader {
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }

  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }

  /** The data points of the metric `name` (none if it was never recorded). */
  async points<T = number>(name: string): Promise<DataPoint<T>[]> {
    const { resourceMetrics } = await this.collect();
    for (const scope of resourceMetrics.scopeMetrics) {
      for (const metric of scope.metrics) {
        if (metric.descriptor.name === name) return metric.dataPoints as DataPoint<T>[];
      }
    }
    return [];
  }

  /** The value of the point of `name` whose attributes include `attributes`. */
  async value(name: string, attributes: Attributes): Promise<number | undefined> {
    const point = (await this.points(name)).find((p) => includes(p.attributes, attributes));
    return point?.value;
  }

  async histogram(name: string, attributes: Attributes): Promise<Histogram | undefined> {
    const point = (await this.points<Histogram>(name)).find((p) =>
      includes(p.attributes, attributes),
    );
    return point?.value;
  }
}

function includes(actual: Attributes, expected: Attributes): boolean {
  return Object.entries(expected).every(([k, v]) => actual[k] === v);
}

/**
 * The OpenTelemetry SDK as an application would register it — a tracer provider exporting to
 * memory, the AsyncLocalStorage context manager, the W3C propagator, a meter provider with an
 * on-demand reader — and its removal, so each test starts with no global registered.
 */
export class OtelTestEnv {
  readonly exporter = new InMemorySpanExporter();
  readonly reader = new TestMetricReader();
  private tracerProvider: BasicTracerProvider | undefined;
  private meterProvider: MeterProvider | undefined;

  installTracing(): this {
    this.tracerProvider = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(this.exporter)],
    });
    trace.setGlobalTracerProvider(this.tracerProvider);
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    return this;
  }

  installMetrics(): this {
    this.meterProvider = new MeterProvider({ readers: [this.reader] });
    metrics.setGlobalMeterProvider(this.meterProvider);
    return this;
  }

  async uninstall(): Promise<void> {
    trace.disable();
    context.disable();
    propagation.disable();
    metrics.disable();
    await this.tracerProvider?.shutdown();
    await this.meterProvider?.shutdown();
    this.exporter.reset();
  }

  /** Finished spans so far. */
  async spans(): Promise<ReadableSpan[]> {
    await this.tracerProvider?.forceFlush();
    return this.exporter.getFinishedSpans();
  }

  /** The only finished span named `name`. */
  async span(name: string): Promise<ReadableSpan> {
    const found = (await this.spans()).filter((s) => s.name === name);
    if (found.length !== 1) {
      const names = (await this.spans()).map((s) => s.name);
      throw new Error(`expected one span '${name}', found ${found.length} among [${names}]`);
    }
    return found[0];
  }

  /** Runs `fn` inside a SERVER span `GET /orders`, as an instrumented HTTP request would. */
  async inRequest<T>(fn: () => Promise<T>): Promise<{ result: T; request: Span }> {
    const tracer = trace.getTracer('test');
    return tracer.startActiveSpan('GET /orders', { kind: SpanKind.SERVER }, async (request) => {
      try {
        return { result: await fn(), request };
      } finally {
        request.end();
      }
    });
  }
}
