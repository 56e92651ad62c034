import { SqsModuleError } from '../../errors/sqs-module.error';

/** The testing kit was used on an application it did not set up (or one without SqsModule). */
export class SqsTestingSetupError extends SqsModuleError {}
