export * from './get-producer-token.util';
export * from './sqs.constants';
export * from './sqs.module';
export * from './sqs-consumers.service';
export * from './sqs-queues.service';
