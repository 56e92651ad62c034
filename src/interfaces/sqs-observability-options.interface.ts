/**
 * OpenTelemetry tracing of sends and handlers (`SqsModule.forRoot({ tracing })`). Tracing needs
 * `@opentelemetry/api` and a registered tracer provider; without them it does nothing.
 */
export interface SqsTracingOptions {
  /** `false` turns tracing off. Default: on whenever a tracer provider is registered. */
  readonly enabled?: boolean;
  /**
   * Put the W3C trace context in each message's `traceparent` (and `tracestate`) message
   * attributes. Default true. A message that already has 10 attributes, or would pass the
   * queue's size limit, is sent without them (logged at debug level).
   */
  readonly messageAttributes?: boolean;
  /**
   * Also set the `AWSTraceHeader` message system attribute, in X-Ray's format
   * (`Root=1-…;Parent=…;Sampled=1`), which does not count toward the 10 message attributes.
   * Default false. For traces that AWS X-Ray accepts, use X-Ray's trace id generator.
   */
  readonly awsTraceHeader?: boolean;
}
