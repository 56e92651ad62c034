/**
 * Names of the module's metrics: the messaging conventions' where they define one, else under
 * `sqs.`. Kept apart from the metrics code so importing them needs no `@opentelemetry/api`.
 */
export const SQS_METRICS = {
  /** Counter: messages a producer attempted to send (`error.type` when it failed). */
  sent: 'messaging.client.sent.messages',
  /** Counter: messages received by consumers. */
  received: 'messaging.client.consumed.messages',
  /** Counter: messages whose handler succeeded. */
  processed: 'sqs.messages.processed',
  /** Counter: failed attempts (`error.type`). */
  failed: 'sqs.messages.failed',
  /** Counter: messages whose last attempt failed (SQS dead-letters them). */
  deadLettered: 'sqs.messages.dead_lettered',
  /** Histogram, seconds: handler calls. */
  processDuration: 'messaging.process.duration',
  /** Histogram, seconds: from the send to the end of successful processing. */
  latency: 'sqs.message.latency',
  /** Gauge: messages held by consumers (received, not yet settled). */
  inFlight: 'sqs.messages.in_flight',
} as const;
