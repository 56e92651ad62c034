export * from './sigv4-verifier';
export * from './sqs-auth-errors';
export * from './parse-credentials';
export * from './access-policy';
export * from './basic-auth';
