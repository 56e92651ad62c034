import type { Server, ServerOptions } from 'node:http';

/**
 * How long the server waits on a client, in milliseconds. Node's own defaults (60 s for the
 * headers, 300 s for the whole request, checked every 30 s) let a slow client hold a socket for
 * about five and a half minutes.
 */
export interface SqsServerTimeouts {
  /** From a request's first byte to the end of its headers. Default 10 s. */
  readonly headersMs?: number;
  /**
   * From a request's first byte to the end of its body; answering is not counted, so a 20 s long
   * poll is never cut. Default 30 s. Must not be shorter than `headersMs`.
   */
  readonly requestMs?: number;
  /** An idle kept-alive connection between two requests. Default 65 s. */
  readonly keepAliveMs?: number;
  /**
   * A connection with a request in progress on which nothing moves (a client that stops reading
   * its answer). Default 60 s; the dashboard's event stream opts out.
   */
  readonly idleMs?: number;
}

/**
 * The defaults, chosen for SQS: SDKs send a request's headers in one write, and a request body
 * is at most a 1 MiB batch (about 3 MiB percent-encoded), so 10 s for the headers and 30 s for
 * the whole request are generous for any real client on any real link while bounding a
 * trickler. The longest wait is on the answer side (a 20 s long poll), which neither bound
 * counts; the idle bound (60 s) leaves it three times its length. The keep-alive bound stays
 * longer than the idle timeouts of clients' connection pools, so the server is not the side that
 * closes a socket a client is about to reuse (which shows up as ECONNRESET in the client).
 */
export const DEFAULT_SQS_SERVER_TIMEOUTS: Readonly<Required<SqsServerTimeouts>> = {
  headersMs: 10_000,
  requestMs: 30_000,
  keepAliveMs: 65_000,
  idleMs: 60_000,
};

// Node checks the headers and request bounds on a timer (30 s by default, which would add up to
// 30 s to each); this one keeps the overshoot to a second at most.
const MAX_CHECK_INTERVAL_MS = 1_000;

/** The options with their defaults, validated. Throws on a value that is not a positive integer. */
export function resolveTimeouts(
  timeouts: SqsServerTimeouts = {},
): Readonly<Required<SqsServerTimeouts>> {
  const resolved = { ...DEFAULT_SQS_SERVER_TIMEOUTS, ...definedOnly(timeouts) };
  for (const [name, value] of Object.entries(resolved)) {
    if (!Number.isInteger(value) || value <= 0) {
      throw new Error(`timeouts.${name} must be a positive integer (ms), got ${String(value)}.`);
    }
  }
  if (resolved.headersMs > resolved.requestMs) {
    throw new Error(
      `timeouts.headersMs (${resolved.headersMs}) must not be longer than timeouts.requestMs ` +
        `(${resolved.requestMs}): the headers are part of the request.`,
    );
  }
  return resolved;
}

/** The `http.createServer` options that carry the headers and request bounds. */
export function timeoutServerOptions(timeouts: Required<SqsServerTimeouts>): ServerOptions {
  return {
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    connectionsCheckingInterval: Math.max(
      1,
      Math.min(MAX_CHECK_INTERVAL_MS, Math.floor(timeouts.headersMs / 2)),
    ),
  };
}

/** Sets the bounds a server takes as properties (Node reads them per connection). */
export function applyTimeouts(server: Server, timeouts: Required<SqsServerTimeouts>): void {
  server.keepAliveTimeout = timeouts.keepAliveMs;
  server.timeout = timeouts.idleMs;
}

function definedOnly(timeouts: SqsServerTimeouts): SqsServerTimeouts {
  return Object.fromEntries(Object.entries(timeouts).filter(([, v]) => v !== undefined));
}
