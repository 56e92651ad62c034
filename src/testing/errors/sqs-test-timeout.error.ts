import { SqsModuleError } from '../../errors/sqs-module.error';

/**
 * `waitForIdle` or `waitFor` gave up: its real-time limit passed, or `waitFor` spent its virtual
 * time budget. The message lists every queue's visible, in-flight and delayed counts and what
 * its consumer is doing.
 */
export class SqsTestTimeoutError extends SqsModuleError {}
