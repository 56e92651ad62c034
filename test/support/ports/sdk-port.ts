import { SQSClient } from '@aws-sdk/client-sqs';
import { AwsSqsBackend } from '../../../src/backend';
import { ForwardingSqsPort } from '../../../src/port/forwarding-sqs-port';
import type {
  SqsAction,
  SqsCallOptions,
  SqsInput,
  SqsOutput,
  SqsPort,
  SqsPortMethods,
} from '../../../src/port/sqs-port.interface';

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
  return withoutMetadata(new AwsSqsBackend(client));
}

/** `inner` with the SDK's `$metadata` dropped from its results (as the in-process emulator's). */
export function withoutMetadata(inner: SqsPortMethods): SqsPort {
  return new WithoutMetadata(inner);
}

/** A port whose results are another port's without `$metadata`. */
class WithoutMetadata extends ForwardingSqsPort {
  constructor(private readonly inner: SqsPortMethods) {
    super();
  }

  protected override async forward<A extends SqsAction>(
    action: A,
    input: SqsInput<A>,
    options: SqsCallOptions | undefined,
  ): Promise<SqsOutput<A>> {
    const { $metadata: _metadata, ...output } = (await this.inner[action](
      input,
      options,
    )) as SqsOutput<A> & { $metadata?: unknown };
    void _metadata;
    // The result less a member no result type declares.
    return output as SqsOutput<A>;
  }
}
