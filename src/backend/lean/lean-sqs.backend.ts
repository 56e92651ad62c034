import type { SQSClient } from '@aws-sdk/client-sqs';
import { ForwardingSqsPort } from '../../port/forwarding-sqs-port';
import type {
  SqsAction,
  SqsCallOptions,
  SqsInput,
  SqsOutput,
  SqsPort,
  SqsPortMethods,
} from '../../port/sqs-port.interface';
import { AwsSqsBackend } from '../aws-sqs.backend';
import { isLeanAction } from './lean-shapes';
import { LeanTransport } from './lean-transport';

/**
 * The `aws` backend with a lean transport for the calls a consumer and a producer make all the
 * time (`ReceiveMessage`, `DeleteMessage[Batch]`, `ChangeMessageVisibility[Batch]`,
 * `SendMessage[Batch]`): they skip the SDK's per-call middleware stack and schema serde, which
 * cost most of a consumer's CPU, but keep the pieces that decide what SQS sees and what the
 * caller gets: the client's credential provider chain, SigV4 signer, endpoint resolution,
 * request handler, retry strategy, error deserializer and MD5 checks. Every other action, and any
 * call whose input or client setup the lean path does not model, goes through the SDK client
 * as with {@link AwsSqsBackend}. Results and errors have the SDK's shapes either way.
 *
 * Chosen with `awsTransport: 'lean'` beside `backend: 'aws'`.
 */
export class LeanSqsBackend extends ForwardingSqsPort implements SqsPort {
  private readonly sdk: SqsPortMethods;
  private readonly transport: LeanTransport;

  constructor(readonly client: SQSClient) {
    super();
    this.sdk = new AwsSqsBackend(client);
    this.transport = new LeanTransport(client);
  }

  protected override forward<A extends SqsAction>(
    action: A,
    input: SqsInput<A>,
    options: SqsCallOptions | undefined,
  ): Promise<SqsOutput<A>> {
    const viaSdk = (): Promise<SqsOutput<A>> => this.sdk[action](input, options);
    if (!isLeanAction(action)) return viaSdk();
    return this.transport.call(action, input, options?.abortSignal, viaSdk);
  }
}
