export * from './backoff';
export * from './sqs-consumer';
export * from './sqs-consumer-config.interface';
export * from './sqs-events';
export type { ConsumerRoute } from './consumer-route';
