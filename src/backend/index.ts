export * from './aws-sqs.backend';
export * from './create-sqs-backend';
export * from './fault-injecting-sqs.backend';
