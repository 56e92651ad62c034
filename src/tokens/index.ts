export * from './get-producer-token.util';
export * from './sqs.constants';
