import { SqsModuleError } from './sqs-module.error';

/** The module, queue or handler options are invalid; the message says which and why. */
export class InvalidSqsOptionsError extends SqsModuleError {}
