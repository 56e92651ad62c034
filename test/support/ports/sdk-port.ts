import { SQSClient } from '@aws-sdk/client-sqs';
import { AwsSqsBackend } from '../../../src/backend';
import type { SqsPort } from '../../../src/port/sqs-port.interface';

/** An SQS client for the emulator's HTTP server: dummy credentials, no retries. */
export function sdkClientFor(endpoint: string): SQSClient {
  return new SQSClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    // A retry would hide a wrong answer from the server under test.
    maxAttempts: 1,
  });
}

/**
 * {@link SqsPort} over `@aws-sdk/client-sqs` through the module's own `aws` backend, so the
 * conformance suite runs over HTTP through the real SDK (AWS JSON protocol, MD5 checks and all)
 * exactly as an application would. The SDK's `$metadata` is dropped, so results compare equal to
 * the in-process emulator's.
 */
export function sdkSqsPort(client: SQSClient): SqsPort {
  const backend = new AwsSqsBackend(client);
  const port: Record<string, unknown> = {};
  for (const name of Object.getOwnPropertyNames(AwsSqsBackend.prototype)) {
    const method = (backend as unknown as Record<string, unknown>)[name];
    if (name === 'constructor' || typeof method !== 'function') continue;
    port[name] = async (...args: unknown[]) => {
      const result = (await method.apply(backend, args)) as { $metadata?: unknown };
      const { $metadata: _metadata, ...output } = result;
      void _metadata;
      return output;
    };
  }
  return port as unknown as SqsPort;
}
