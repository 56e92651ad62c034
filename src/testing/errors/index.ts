export * from './sqs-test-timeout.error';
export * from './sqs-testing-setup.error';
