import type { FactoryProvider } from '@nestjs/common';
import { SqsEvents } from '../consumer/sqs-events';
import { SqsConsumers } from '../module/sqs-consumers.service';
import { SqsModuleSetup } from '../module/sqs-module.setup';
import { SqsTestingSetupError } from './errors/sqs-testing-setup.error';
import { SqsTestClock } from './sqs-test-clock';
import { SqsTestEmulator } from './sqs-test-emulator';
import { SqsTestHarness } from './sqs-test-harness';
import { NO_SQS_MODULE, NOT_ON_TESTING_BACKEND } from './sqs-testing.messages';

/** One harness per module setup, so every way of asking for it gets the same one. */
const harnesses = new WeakMap<SqsModuleSetup, SqsTestHarness>();

/**
 * The harness of a setup, built on first request. Built as early as possible (when the setup
 * is), so that it records every outcome from boot on.
 */
export function harnessFor(
  setup: SqsModuleSetup,
  events: SqsEvents,
  consumers: SqsConsumers,
  timeoutMs?: number,
): SqsTestHarness {
  const existing = harnesses.get(setup);
  if (existing) return existing;
  const { emulator, clock } = setup.backend;
  if (!(emulator instanceof SqsTestEmulator) || !(clock instanceof SqsTestClock)) {
    throw new SqsTestingSetupError(NOT_ON_TESTING_BACKEND());
  }
  const harness = new SqsTestHarness({
    runtime: setup,
    emulator,
    clock,
    events,
    consumers,
    timeoutMs,
  });
  harnesses.set(setup, harness);
  return harness;
}

/** The `SqsTestHarness` provider, for a module that can see SqsModule's exports. */
export function createHarnessProvider(timeoutMs?: number): FactoryProvider<SqsTestHarness> {
  return {
    provide: SqsTestHarness,
    useFactory: (setup?: SqsModuleSetup, events?: SqsEvents, consumers?: SqsConsumers) => {
      if (!setup || !events || !consumers) throw new SqsTestingSetupError(NO_SQS_MODULE());
      return harnessFor(setup, events, consumers, timeoutMs);
    },
    inject: [
      { token: SqsModuleSetup, optional: true },
      { token: SqsEvents, optional: true },
      { token: SqsConsumers, optional: true },
    ],
  };
}
