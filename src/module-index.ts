/**
 * The NestJS module's public API (module, decorators, producer, consumers control, events,
 * options, errors, backends). The package root re-exports this.
 */
export * from './module';
export * from './tokens';
export * from './decorators';
export * from './interfaces';
export * from './errors';
export * from './observability';
export { SqsProducer, JsonCodec, RawCodec, MAX_BATCH_BYTES, MAX_BATCH_ENTRIES } from './producer';
export { SqsEvents, exponentialBackoff } from './consumer';
export type { ExponentialBackoffOptions, SqsConsumerStatus, SqsHandlerStatus } from './consumer';
export { AwsSqsBackend, FaultInjectingSqsBackend, seededRandom } from './backend';
export type * from './backend/fault-injecting-sqs.backend';
