import { ForwardingSqsPort } from '../../src/port/forwarding-sqs-port';
import { SQS_ACTION_NAMES, SQS_ACTIONS } from '../../src/port/sqs-actions';
import type {
  SqsAction,
  SqsCallOptions,
  SqsInput,
  SqsOutput,
} from '../../src/port/sqs-port.interface';

interface Forwarded {
  readonly action: SqsAction;
  readonly input: unknown;
  readonly options: SqsCallOptions | undefined;
}

/** Records what reaches `forward` and answers with the action's name. */
class RecordingPort extends ForwardingSqsPort {
  readonly calls: Forwarded[] = [];

  protected override forward<A extends SqsAction>(
    action: A,
    input: SqsInput<A>,
    options: SqsCallOptions | undefined,
  ): Promise<SqsOutput<A>> {
    this.calls.push({ action, input, options });
    return Promise.resolve({ answeredBy: action } as unknown as SqsOutput<A>);
  }
}

/** Overrides one action and reaches the forwarded one through `super`. */
class OverridingPort extends RecordingPort {
  override async receiveMessage(
    input: SqsInput<'receiveMessage'>,
    options?: SqsCallOptions,
  ): Promise<SqsOutput<'receiveMessage'>> {
    const out = await super.receiveMessage({ ...input, MaxNumberOfMessages: 1 }, options);
    return { ...out, Messages: [] };
  }
}

describe('ForwardingSqsPort', () => {
  it('has every port action as a method that forwards its name, input and options', async () => {
    const port = new RecordingPort();
    const signal = new AbortController().signal;
    for (const action of SQS_ACTION_NAMES) {
      const call = port[action] as (input: object, options?: SqsCallOptions) => Promise<unknown>;
      await expect(call.call(port, { QueueUrl: action }, { abortSignal: signal })).resolves.toEqual(
        { answeredBy: action },
      );
    }
    expect(port.calls.map((c) => c.action)).toEqual(SQS_ACTION_NAMES);
    expect(port.calls.every((c) => (c.input as { QueueUrl: string }).QueueUrl === c.action)).toBe(
      true,
    );
    expect(port.calls.every((c) => c.options?.abortSignal === signal)).toBe(true);
  });

  it('lists the 23 actions of the API reference, each with its wire name', () => {
    expect(SQS_ACTION_NAMES).toHaveLength(23);
    for (const action of SQS_ACTION_NAMES) {
      expect(SQS_ACTIONS[action]).toBe(action[0].toUpperCase() + action.slice(1));
    }
  });

  it('puts the methods on the prototype, named after their action and not enumerable', () => {
    const port = new RecordingPort();
    expect(Object.keys(port)).toEqual(['calls']);
    expect(port.sendMessage.name).toBe('sendMessage');
    expect(Object.getOwnPropertyDescriptor(ForwardingSqsPort.prototype, 'sendMessage')).toEqual(
      expect.objectContaining({ enumerable: false, writable: true, configurable: true }),
    );
  });

  it('lets a subclass override one action and call the forwarded one with super', async () => {
    const port = new OverridingPort();
    const out = await port.receiveMessage({ QueueUrl: 'q', MaxNumberOfMessages: 10 });
    expect(out).toEqual({ answeredBy: 'receiveMessage', Messages: [] });
    expect(port.calls).toEqual([
      {
        action: 'receiveMessage',
        input: { QueueUrl: 'q', MaxNumberOfMessages: 1 },
        options: undefined,
      },
    ]);
  });
});
