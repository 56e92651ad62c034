import { SqsEmulator } from '../../src/emulator';
import { ManualClock } from '../../src/clock';
import { startSqsServer } from '../../src/server';
import type { ConformanceTarget, TargetFactory } from './conformance-target';
import { defineConformanceSuite } from './define-conformance-suite';
import { sdkClientFor, sdkSqsPort } from '../support/ports/sdk-port';

/** A fixed start, so timestamps in failures are easy to read. */
const START = Date.UTC(2025, 0, 1, 12, 0, 0);

/**
 * The emulator behind the HTTP server, reached through `@aws-sdk/client-sqs` (AWS JSON 1.0 with
 * `x-amzn-query-mode`, the SDK's own MD5 checks and error parsing). Every case runs unchanged.
 */
const httpJson: TargetFactory = async ({ strict }) => {
  const clock = new ManualClock(START);
  const emulator = new SqsEmulator({ clock, strict });
  const server = await startSqsServer({ emulator, port: 0 });
  const client = sdkClientFor(server.url);
  const target: ConformanceTarget = {
    name: 'http-json',
    sqs: sdkSqsPort(client),
    clock,
    emulator,
    close: async () => {
      client.destroy();
      await server.close();
    },
  };
  return target;
};

describe('SQS conformance: HTTP server, AWS JSON protocol via @aws-sdk/client-sqs', () => {
  defineConformanceSuite(httpJson);
});
