export * from './inject-sqs-producer.decorator';
export * from './sqs-body.decorator';
export * from './sqs-context-arg.decorator';
export * from './sqs-handler.decorator';
export * from './sqs-message-arg.decorator';
