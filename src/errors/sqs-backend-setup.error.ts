import { SqsModuleError } from './sqs-module.error';

/**
 * The backend cannot reach SQS at all — no region, no credentials, an endpoint that does not
 * answer — so no queue could be resolved. Thrown at boot; `cause` is the SDK's error.
 */
export class SqsBackendSetupError extends SqsModuleError {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
  }
}
