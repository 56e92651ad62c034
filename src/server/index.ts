export { startSqsServer, DEFAULT_SQS_HOST, DEFAULT_SQS_PORT } from './start-sqs-server';
export type {
  SqsServerHandle,
  SqsServerLogger,
  SqsServerOptions,
} from './sqs-server-options.interface';
export { SqsHttpHandler } from './sqs-http-handler';
export { DEFAULT_MAX_BODY_BYTES } from './http/body-reader';
export { DEFAULT_SQS_SERVER_TIMEOUTS } from './http/server-timeouts';
export type { SqsServerTimeouts } from './http/server-timeouts';
export { INSPECTION_PREFIX } from './inspection/inspection-handler';
export { SigV4Verifier, SqsAuthError, parseCredentials } from './auth';
export type { SqsServerCredentials, SigV4VerifierOptions } from './auth';
