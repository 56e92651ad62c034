export * from './batch-splitter';
export * from './json.codec';
export * from './raw.codec';
export * from './sqs-producer';
