import type { ReceiveMessageRequest, ReceiveMessageResult } from '@aws-sdk/client-sqs';
import type { SqsCallOptions } from '../../../src/port/sqs-port.interface';
import type { ConformanceTarget } from '../../conformance/conformance-target';

/** A receive started without awaiting it, so the case can act while it waits. */
export interface PendingReceive {
  readonly promise: Promise<ReceiveMessageResult>;
  /** Whether the receive has resolved or rejected yet. */
  settled(): boolean;
}

/** Starts a receive and tracks whether it has finished. */
export function startReceive(
  t: ConformanceTarget,
  input: ReceiveMessageRequest,
  options?: SqsCallOptions,
): PendingReceive {
  let done = false;
  const promise = t.sqs.receiveMessage(input, options);
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  return { promise, settled: () => done };
}

/**
 * Yields to the event loop (never to a timer) until at least `count` long polls are open in the
 * emulator, so a case sends or advances time only once its receive is really waiting. Over HTTP a
 * request needs a few loop turns to arrive; the bound keeps a broken target from hanging.
 */
export async function waitForPendingReceives(t: ConformanceTarget, count = 1): Promise<void> {
  for (let turn = 0; turn < 20_000; turn++) {
    if (t.emulator.pendingReceives() >= count) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error(
    `expected ${count} open long poll(s), found ${t.emulator.pendingReceives()} (target ${t.name})`,
  );
}

/**
 * Resolves with the receive's result once it has returned, yielding to the event loop (never to
 * a timer) a bounded number of times. Fails fast when the receive is still waiting, instead of
 * hanging until Jest's timeout: the cases call it right after the event that must end the poll.
 */
export async function returnedResult(poll: PendingReceive): Promise<ReceiveMessageResult> {
  for (let turn = 0; turn < 20_000 && !poll.settled(); turn++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (!poll.settled()) throw new Error('the receive is still waiting, but it should have returned');
  return poll.promise;
}
