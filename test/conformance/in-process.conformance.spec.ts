import { SqsEmulator } from '../../src/emulator';
import { ManualClock } from '../../src/clock';
import type { ConformanceTarget, TargetFactory } from './conformance-target';
import { defineConformanceSuite } from './define-conformance-suite';

/** A fixed start, so timestamps in failures are easy to read. */
const START = Date.UTC(2025, 0, 1, 12, 0, 0);

/** The emulator itself as the target: no transport, `sqs` is the emulator. */
const inProcess: TargetFactory = async ({ strict }) => {
  const clock = new ManualClock(START);
  const emulator = new SqsEmulator({ clock, strict });
  const target: ConformanceTarget = {
    name: 'in-process',
    sqs: emulator,
    clock,
    emulator,
    close: async () => undefined,
  };
  return target;
};

describe('SQS conformance: in-process emulator', () => {
  defineConformanceSuite(inProcess);
});
