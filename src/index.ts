/**
 * The package's public API. Nest-free parts first (clock, emulator, server, dashboard core), then
 * the NestJS module and everything an application declares with it: decorators, tokens, options,
 * errors, observability, producer and consumer types, backends. The testing kit is its own entry
 * point, `nestjs-sqs-kit/testing`.
 */
export * from './clock';
export * from './emulator';
export * from './server';
export * from './dashboard';
export type { SqsPort, SqsCallOptions, SqsAction, SqsVoidResult } from './port/sqs-port.interface';
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
