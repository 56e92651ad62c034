import type { SqsBackoffFunction } from '../interfaces/sqs-consumer-options.interface';

/** Options of {@link exponentialBackoff}. */
export interface ExponentialBackoffOptions {
  /** Delay after the first failure, in seconds. Default 1. */
  readonly baseSeconds?: number;
  /** Longest delay, in seconds (at most 43200). Default 300. */
  readonly maxSeconds?: number;
  /**
   * Randomise each delay within [delay/2, delay] ("equal jitter"), so messages that failed
   * together do not all come back together. Default true.
   */
  readonly jitter?: boolean;
  /** Random source in [0, 1), for tests. Default `Math.random`. */
  readonly random?: () => number;
}

/**
 * The default retry delay: `base * 2^(receiveCount - 1)` seconds, capped, with equal jitter,
 * rounded up to whole seconds (what ChangeMessageVisibility takes).
 */
export function exponentialBackoff(options: ExponentialBackoffOptions = {}): SqsBackoffFunction {
  const base = options.baseSeconds ?? 1;
  const max = Math.min(options.maxSeconds ?? 300, 43_200);
  const jitter = options.jitter ?? true;
  const random = options.random ?? Math.random;
  return (receiveCount: number) => {
    const attempt = Math.max(1, receiveCount);
    const delay = Math.min(max, base * 2 ** Math.min(attempt - 1, 30));
    return Math.ceil(jitter ? delay / 2 + (random() * delay) / 2 : delay);
  };
}

/** Delay before retrying a failed backend call (receive, delete…), in ms: 250 ms doubling to 30 s. */
export function backendRetryDelayMs(failures: number, random: () => number = Math.random): number {
  const delay = Math.min(30_000, 250 * 2 ** Math.min(Math.max(0, failures - 1), 10));
  return Math.round(delay / 2 + (random() * delay) / 2);
}
