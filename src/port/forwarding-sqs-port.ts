import { SQS_ACTION_NAMES } from './sqs-actions';
import type { SqsAction, SqsCallOptions, SqsInput, SqsOutput, SqsPort } from './sqs-port.interface';

// The port's methods, declared for the class below by merging this interface into it, and put on
// its prototype by the loop at the end. This merging is the one place the port's method set is
// given to a class without being written out; the lint rule against it guards against declared
// members nothing defines, and the loop defines every one: it runs over SQS_ACTION_NAMES, which
// the compiler holds to exactly the port's methods.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface ForwardingSqsPort extends SqsPort {}

/**
 * A base for ports that treat every action alike, such as the aws backend (every action is an SDK
 * command) and the fault injector (every action passes through, some may fail): it has each
 * {@link SqsPort} method, and each hands its call to {@link forward} with the action's name. A
 * subclass writes `forward` once instead of one method per action, and stays a complete port when
 * an action is added.
 *
 * The methods are ordinary prototype methods, so a subclass can still override one
 * (`override receiveMessage(…)`) and reach this one with `super.receiveMessage(…)`.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface
export abstract class ForwardingSqsPort implements SqsPort {
  /** Performs `action` with `input`: what every port method of this object comes down to. */
  protected abstract forward<A extends SqsAction>(
    action: A,
    input: SqsInput<A>,
    options: SqsCallOptions | undefined,
  ): Promise<SqsOutput<A>>;
}

for (const action of SQS_ACTION_NAMES) {
  // Named after the action, so stack traces read `receiveMessage`, as with a written method.
  const method = {
    [action](this: ForwardingSqsPort, input: SqsInput<typeof action>, options?: SqsCallOptions) {
      return this.forward(action, input, options);
    },
  }[action];
  // Writable, configurable and not enumerable, like a method a class body declares.
  Object.defineProperty(ForwardingSqsPort.prototype, action, {
    value: method,
    writable: true,
    configurable: true,
    enumerable: false,
  });
}
