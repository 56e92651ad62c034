/**
 * `nestjs-sqs-kit/testing`: run an application's SqsModule on the in-memory emulator with a
 * virtual clock, and drive and inspect it from tests.
 */
export * from './errors';
export * from './interfaces';
export { SqsTestClock } from './sqs-test-clock';
export { SqsTestEmulator, type SentRecord } from './sqs-test-emulator';
export {
  SqsTestHarness,
  DEFAULT_MAX_ADVANCE_MS,
  DEFAULT_WAIT_TIMEOUT_MS,
  type SqsTestHarnessDeps,
} from './sqs-test-harness';
export { SqsTesting } from './sqs-testing';
export { SqsTestingModule } from './sqs-testing.module';
export { toTestingOptions } from './testing-options.factory';
