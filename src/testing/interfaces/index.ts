export * from './sqs-test-message.interface';
export * from './sqs-test-outcome.interface';
export * from './sqs-testing-options.interface';
