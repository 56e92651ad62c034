import type { Clock } from '../clock/clock.interface';
import { HandlerTimeoutError } from '../errors/handler-timeout.error';
import type { SqsMessage } from '../interfaces/sqs-message.interface';
import type { ConsumerRoute } from './consumer-route';

/**
 * What happens to a handler call. `resolved` or `rejected` is called exactly once, when the
 * handler's promise really settles; `timedOut` at most once before that, when `timeoutMs` runs
 * out. A timeout does not end the call: the handler still holds its messages until it settles.
 */
export interface InvocationOutcome {
  timedOut(error: HandlerTimeoutError): void;
  resolved(value: unknown): void;
  rejected(error: unknown): void;
}

/**
 * Calls a route's handler with `payload`, arming its timeout on the clock. A synchronous throw
 * counts as a rejection.
 */
export function invokeHandler(
  clock: Clock,
  route: ConsumerRoute,
  payload: SqsMessage<unknown> | SqsMessage<unknown>[],
  outcome: InvocationOutcome,
  onInternalError: (error: unknown) => void,
): void {
  const timeoutMs = route.timeoutMs;
  const timer =
    timeoutMs === undefined
      ? undefined
      : clock.setTimer(() => {
          try {
            outcome.timedOut(new HandlerTimeoutError(route.handler, timeoutMs));
          } catch (error) {
            onInternalError(error);
          }
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
        if (timer) clock.clearTimer(timer);
        outcome.resolved(value);
      },
      (error: unknown) => {
        if (timer) clock.clearTimer(timer);
        outcome.rejected(error);
      },
    )
    // A bug of ours in an outcome callback must not become an unhandled rejection.
    .catch(onInternalError);
}
