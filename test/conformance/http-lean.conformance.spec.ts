import { SqsEmulator } from '../../src/emulator';
import { ManualClock } from '../../src/clock';
import { startSqsServer } from '../../src/server';
import { LeanSqsBackend } from '../../src/backend/lean/lean-sqs.backend';
import { LEAN_ACTIONS } from '../../src/backend/lean/lean-shapes';
import type { ConformanceTarget, TargetFactory } from './conformance-target';
import { defineConformanceSuite } from './define-conformance-suite';
import { sdkClientFor, withoutMetadata } from '../support/ports/sdk-port';
import { watchSdkPath, type SdkPathWatch } from '../backend/lean/scripted-sqs-server';

/** A fixed start, so timestamps in failures are easy to read. */
const START = Date.UTC(2025, 0, 1, 12, 0, 0);

/** Lean actions sent through the SDK: each one is a lean call that fell back to the SDK. */
const LEAN: ReadonlySet<string> = new Set(LEAN_ACTIONS);
const fellBack = new Map<string, number>();
/**
 * Which calls took the SDK path, over the whole file (not a spy on `send`: a client whose `send`
 * is not the SDK's own is left to that `send`).
 */
let sdkPath: SdkPathWatch | undefined;

/**
 * The emulator behind the HTTP server, reached through the `aws` backend's lean transport
 * (`awsTransport: 'lean'`) on the same SDK client as the http-json target: the hot actions over
 * the lean path, the rest through the SDK. Every case runs unchanged.
 */
const httpLean: TargetFactory = async ({ strict }) => {
  const clock = new ManualClock(START);
  const emulator = new SqsEmulator({ clock, strict });
  const server = await startSqsServer({ emulator, port: 0 });
  const client = sdkClientFor(server.url);
  const target: ConformanceTarget = {
    name: 'http-lean',
    sqs: withoutMetadata(new LeanSqsBackend(client)),
    clock,
    emulator,
    close: async () => {
      for (const action of sdkPath?.actionsVia(client) ?? []) {
        if (LEAN.has(action)) fellBack.set(action, (fellBack.get(action) ?? 0) + 1);
      }
      client.destroy();
      await server.close();
    },
  };
  return target;
};

describe('SQS conformance: HTTP server, AWS JSON protocol via the lean transport', () => {
  beforeAll(() => {
    sdkPath = watchSdkPath();
  });

  defineConformanceSuite(httpLean);

  afterAll(() => {
    sdkPath?.restore();
    // Every lean action the cases sent went over the lean path: none fell back to the SDK.
    expect(Object.fromEntries(fellBack)).toEqual({});
  });
});
