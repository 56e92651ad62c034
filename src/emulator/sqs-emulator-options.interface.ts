import type { Clock } from '../clock/clock.interface';
import type { InvalidCharacterPolicy } from './validation/message-validation';

/** Options of {@link SqsEmulator}. */
export interface SqsEmulatorOptions {
  /** Source of time for every rule; pass a `ManualClock` in tests. Default: `SystemClock`. */
  clock?: Clock;
  /** Region in ARNs. Default `us-east-1`. */
  region?: string;
  /** Account id in queue URLs and ARNs. Default `000000000000`. */
  accountId?: string;
  /** Origin of queue URLs (`<baseUrl>/<accountId>/<name>`). Default `http://localhost:9324`. */
  baseUrl?: string;
  /**
   * Enforce SQS's 60-second rules: one PurgeQueue per queue per minute, and no re-creating a queue
   * name within a minute of deleting it. Off by default, because they slow down test loops.
   */
  strict?: boolean;
  /**
   * Characters outside SQS's allowed set in a body: `reject` with InvalidMessageContents (classic
   * SQS, default) or `replace` them with U+FFFD (what newer SQS documents).
   */
  invalidCharacters?: InvalidCharacterPolicy;
  /** SenderId reported on messages. Default: the account id. */
  senderId?: string;
}

/** Per-request context an adapter (the HTTP server) may pass along with an action's input. */
export interface EmulatorRequestContext {
  /** Aborts a waiting receive; it then rejects with an error named `AbortError`. */
  abortSignal?: AbortSignal;
  /** Origin for queue URLs in this response (e.g. from the HTTP Host header). */
  baseUrl?: string;
  /** The `X-Amzn-Trace-Id` header of a send: becomes the message's `AWSTraceHeader`. */
  traceHeader?: string;
}
