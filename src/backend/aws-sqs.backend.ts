import * as sdk from '@aws-sdk/client-sqs';
import type { SqsClientLike } from '../interfaces/sqs-queue-options.interface';
import { ForwardingSqsPort } from '../port/forwarding-sqs-port';
import { SQS_ACTION_NAMES, SQS_ACTIONS, type SqsWireName } from '../port/sqs-actions';
import type {
  SqsAction,
  SqsCallOptions,
  SqsInput,
  SqsOutput,
  SqsPort,
} from '../port/sqs-port.interface';

/** Each port method's SDK command class, found by the SDK's naming: `SendMessageCommand`. */
type SdkCommandClasses = {
  readonly [A in SqsAction]: (typeof sdk)[`${SqsWireName<A>}Command`];
};

/**
 * What the backend needs of a command class: built from the port's own input. Assigning
 * {@link SdkCommandClasses} to it has the compiler check every SDK command against the port.
 */
type SdkCommands = { readonly [A in SqsAction]: new (input: SqsInput<A>) => object };

const SDK_COMMANDS: SdkCommands = sdkCommandClasses();

function sdkCommandClasses(): SdkCommandClasses {
  const classes: Partial<Record<SqsAction, unknown>> = {};
  for (const action of SQS_ACTION_NAMES) classes[action] = sdk[`${SQS_ACTIONS[action]}Command`];
  // Filled for every action by the loop, each with the class its type names.
  return classes as SdkCommandClasses;
}

/**
 * The `aws` backend: {@link SqsPort} over `@aws-sdk/client-sqs`. Each action becomes
 * `client.send(new XCommand(input), { abortSignal })`, so any object with the SDK client's
 * `send` works (an `SQSClient`, or a wrapper adding tracing or retries).
 */
export class AwsSqsBackend extends ForwardingSqsPort implements SqsPort {
  constructor(readonly client: SqsClientLike) {
    super();
  }

  protected override forward<A extends SqsAction>(
    action: A,
    input: SqsInput<A>,
    options: SqsCallOptions | undefined,
  ): Promise<SqsOutput<A>> {
    const command = new SDK_COMMANDS[action](input);
    // A client-like `send` promises nothing about its result; the SDK's command resolves to the
    // action's result (plus `$metadata`).
    return this.client.send(
      command,
      options?.abortSignal ? { abortSignal: options.abortSignal } : undefined,
    ) as Promise<SqsOutput<A>>;
  }
}
