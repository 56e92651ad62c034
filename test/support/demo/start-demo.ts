import { SQSClient } from '@aws-sdk/client-sqs';
import { createDemoApp, type DemoApp } from '../../../src/demo/demo-app';
import type { DemoEnv } from '../../../src/demo/config/demo-config.module';

/**
 * Settings for a fast, deterministic demo: free ports, no simulated work, retries at once, no
 * random failures (tests fail orders with `{ "fail": true }`).
 */
export const TEST_ENV: DemoEnv = {
  HOST: '127.0.0.1',
  PORT: '0',
  SQS_PORT: '0',
  DEMO_WORK_MS: '0',
  DEMO_RETRY_DELAY_SECONDS: '0',
  DEMO_FAILURE_RATE: '0',
};

/** Starts the demo as `npm start` does, on free ports, with `env` over {@link TEST_ENV}. */
export function startDemo(env: DemoEnv = {}): Promise<DemoApp> {
  return createDemoApp({ env: { ...TEST_ENV, ...env }, logger: false });
}

/** An SDK client for an SQS endpoint (the emulator accepts any credentials). */
export function sqsClient(endpoint: string): SQSClient {
  return new SQSClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
}
