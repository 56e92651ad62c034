import type { Clock } from '../emulator/clock';
import { HandlerTimeoutError } from '../errors/handler-timeout.error';
import type { SqsMessage } from '../interfaces/sqs-message.interface';
import type { ConsumerRoute } from './consumer-route';

/** What happens when a handler call ends; exactly one of these is called, once. */
export interface InvocationOutcome {
  resolved(value: unknown): void;
  rejected(error: unknown): void;
  /** The handler ran past `timeoutMs`; its later settlement is ignored. */
  timedOut(error: HandlerTimeoutError): void;
}

/**
 * Calls a route's handler with `payload`, arming its timeout on the clock. A synchronous throw
 * counts as a rejection; a settlement after the timeout is dropped.
 */
export function invokeHandler(
  clock: Clock,
  route: ConsumerRoute,
  payload: SqsMessage<unknown> | SqsMessage<unknown>[],
  outcome: InvocationOutcome,
  onInternalError: (error: unknown) => void,
): void {
  let open = true;
  const timeoutMs = route.timeoutMs;
  const timer =
    timeoutMs === undefined
      ? undefined
      : clock.setTimer(() => {
          if (!open) return;
          open = false;
          outcome.timedOut(new HandlerTimeoutError(route.handler, timeoutMs));
        }, timeoutMs);
  let result: Promise<unknown>;
  try {
    result = route.invoke(payload, route.context);
  } catch (error) {
    result = Promise.reject(error);
  }
  result
    .then(
      (value) => {
        if (!open) return;
        open = false;
        if (timer) clock.clearTimer(timer);
        outcome.resolved(value);
      },
      (error: unknown) => {
        if (!open) return;
        open = false;
        if (timer) clock.clearTimer(timer);
        outcome.rejected(error);
      },
    )
    // A bug of ours in an outcome callback must not become an unhandled rejection.
    .catch(onInternalError);
}
