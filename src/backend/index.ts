export * from './aws-sqs.backend';
export * from './create-sqs-backend';
