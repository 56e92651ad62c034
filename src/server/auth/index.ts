export * from './sigv4-verifier';
export * from './sqs-auth-errors';
export * from './parse-credentials';
