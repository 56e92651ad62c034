import type { Clock } from '../clock/clock.interface';
import type { DurableFiles } from '../persistence/durable-files.interface';
import type { FsyncPolicy } from '../persistence/durable-log-options.interface';
import type { SqsLatency } from './latency';
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
  /**
   * Keep the whole state in a data directory, across restarts and crashes: queues (attributes,
   * tags, policies), messages with everything SQS reports about them, in-flight deadlines and
   * receipt handles, FIFO sequence numbers, deduplication windows and group order, move tasks
   * and the purge and re-create rules. The constructor loads the directory synchronously; every
   * action answers only once what it changed reached the OS. Call {@link SqsEmulator.close} at
   * shutdown. Default: memory only.
   */
  persistence?: SqsEmulatorPersistenceOptions;
  /**
   * Network latency to simulate, in ms: a number, or `{ min, max }` for a latency drawn per
   * request. Every SQS action waits half of it before it runs and half before it answers, on real
   * timers, without blocking other requests and without moving the `clock` (visibility, delay and
   * retention keep their clock-time meaning). AWS answers in about 10–30 ms from inside a region:
   * `{ min: 10, max: 30 }` shows how a consumer's settings fare there. Default: none.
   */
  latency?: SqsLatency;
}

/** Where and how an {@link SqsEmulator} keeps its state on disk. */
export interface SqsEmulatorPersistenceOptions {
  /** The data directory; created if missing. One emulator (one process) at a time uses it. */
  dir: string;
  /**
   * When written state reaches stable storage. Every policy hands it to the OS before the
   * action answers, so a crash of the process (SIGKILL) loses nothing acknowledged; on power
   * loss or a kernel crash, `always` loses nothing acknowledged (fdatasync before answering),
   * `batch` (default) at most the last `fsyncIntervalMs` (100 ms), `never` what the OS had not
   * yet written back (about 30 s on Linux).
   */
  fsync?: FsyncPolicy;
  /** Under `batch`: fdatasync at most this long after a write. Default 100 ms. */
  fsyncIntervalMs?: number;
  /**
   * Journal bytes that make a compaction (a new snapshot, done in slices while requests go on)
   * due; never less than twice the last snapshot. Default 64 MiB.
   */
  compactAfterBytes?: number;
  /**
   * Longest run, in ms, of snapshot writing between turns of the event loop while compacting
   * (requests are served between runs). Default 8.
   */
  snapshotSliceMs?: number;
  /**
   * Receives warnings: a torn final record dropped at start-up, writes failing (disk full,
   * read-only) and recovering, a stale lock taken over. Default: `console.warn`.
   */
  onWarning?: (message: string) => void;
  /** File operations (default `node:fs`); tests replace them to fail writes. */
  files?: DurableFiles;
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
