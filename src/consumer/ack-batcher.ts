import type { Clock, ClockTimer } from '../clock/clock.interface';
import type { ReceivedMessage } from './received-message';

/** One delete or visibility change waiting to be sent. */
export interface AckEntry {
  readonly message: ReceivedMessage;
  /** For visibility changes: the new timeout in seconds. */
  readonly visibilityTimeout?: number;
  /** Whether this is a heartbeat extension (failures matter only while the message is held). */
  readonly heartbeat?: boolean;
  attempts: number;
}

/** An entry SQS rejected. */
export interface AckEntryFailure {
  readonly entry: AckEntry;
  readonly code: string;
  readonly message: string;
}

export interface AckBatcherOptions {
  /** SQS action name, for logs. */
  readonly operation: string;
  /** Sends up to 10 entries in one batch request; resolves with the entries SQS rejected. */
  readonly send: (entries: readonly AckEntry[]) => Promise<readonly AckEntryFailure[]>;
  /** Batch requests in flight at once. */
  readonly maxInFlight: number;
  readonly clock: Clock;
  /** Delay before retrying after a failed request, by consecutive failures. */
  readonly retryDelayMs: (failures: number) => number;
  /**
   * Clock time until which a failed entry is worth retrying: while its message's receipt handle
   * can still be valid, that is before its visibility deadline.
   */
  readonly retryUntil: (entry: AckEntry) => number;
  readonly onEntryFailed: (failure: AckEntryFailure) => void;
  /** An entry goes out in a request sent at clock time `sentAt` (each try of it). */
  readonly onEntrySent?: (entry: AckEntry, sentAt: number) => void;
  /**
   * The try of an entry sent at `sentAt` is over at `answeredAt`: SQS accepted it, or it failed
   * (the entry refused, or the whole request). Exactly one call follows each `onEntrySent`.
   */
  readonly onEntryAnswered?: (
    entry: AckEntry,
    sentAt: number,
    answeredAt: number,
    accepted: boolean,
  ) => void;
  /** A whole request failed: `retryMs` when it is retried, undefined for entries given up. */
  readonly onRequestFailed: (
    error: unknown,
    entries: readonly AckEntry[],
    retryMs: number | undefined,
  ) => void;
  /**
   * Wait to fill batches: a batch of fewer than 10 waits while `expected()` more entries are on
   * their way (the messages still held) to fill it, for at most `maxWaitMs` (clock) and never
   * close to an entry's deadline. SQS bills per request: this is what keeps a consumer whose
   * handlers end one by one at one delete request per ten messages. Default: send at once.
   */
  readonly fill?: { readonly expected: () => number; readonly maxWaitMs: number };
}

const MAX_ENTRIES = 10;
/**
 * The last retry goes out this long before the entry's deadline at the latest, so that it can
 * still land in time; an entry closer to its deadline than this and the shortest pause is let go.
 */
export const LAST_RETRY_MARGIN_MS = 1_000;
/** The shortest pause between failed requests: a dead endpoint fails fast, and must not spin. */
const MIN_RETRY_DELAY_MS = 100;

/** Whether `newer` makes `older` stale: see `AckBatcher.add`. */
function supersedes(newer: AckEntry, older: AckEntry): boolean {
  if (newer.message.id !== older.message.id) return false;
  if (newer.message !== older.message) return true;
  // A settlement ends the heartbeats, and a newer extension asks for at least as long from later.
  return older.heartbeat === true;
}

/**
 * Batches deletes (or visibility changes) without a timer: an entry goes out at once while fewer
 * than `maxInFlight` requests are open, and otherwise waits for the next free request, which takes
 * up to 10 waiting entries. Under load batches fill by themselves; at rest nothing waits. After a
 * backend error it pauses on the clock (backing off) and retries each entry for as long as its
 * receipt handle can still be valid (`retryUntil`), so a short outage of the backend (a restart of
 * a persistent emulator, a network blip) costs no redelivery.
 */
export class AckBatcher {
  private buffer: AckEntry[] = [];
  /** How many waiting entries each message id has: most adds find none, and skip the scan. */
  private readonly waitingIds = new Map<string, number>();
  private inFlight = 0;
  private inFlightEntries = 0;
  private flushScheduled = false;
  private pause: ClockTimer | undefined;
  private failures = 0;
  private idleWaiters: (() => void)[] = [];
  /** Ids of messages with an entry in a request on its way: their next entry waits for it. */
  private readonly sending = new Set<string>();
  /** Clock time since when the oldest waiting entry has waited (the buffer was empty before). */
  private waitingSince = 0;
  /** Sends a partial batch once it has waited `fill.maxWaitMs`. */
  private fillTimer: ClockTimer | undefined;
  /** A drain is under way: nothing waits to fill a batch. */
  private draining = false;

  constructor(private readonly options: AckBatcherOptions) {}

  /** Entries waiting or being sent. */
  get pending(): number {
    return this.buffer.length + this.inFlightEntries;
  }

  add(entry: AckEntry): void {
    // What the new entry makes stale, sent after it, would undo it: a settlement ends the
    // message's waiting heartbeats, a heartbeat replaces a waiting one (extensions that come
    // faster than their answers do not queue up), and any entry ends those of an earlier delivery
    // of the same message (it came back, so they have done their work or no longer matter).
    if (this.waitingIds.has(entry.message.id)) {
      this.buffer = this.buffer.filter((e) => {
        if (!supersedes(entry, e)) return true;
        this.counted(e, -1);
        return false;
      });
    }
    if (this.buffer.length === 0) this.waitingSince = this.options.clock.now();
    this.buffer.push(entry);
    this.counted(entry, 1);
    this.nudge();
  }

  /**
   * Looks again at what waits, soon: entries added in the same microtask wave (a batch of
   * handlers finishing together) go out in one request, and a batch waiting to fill goes out once
   * fewer entries are expected (a message held was let go another way).
   */
  nudge(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // Entries added in the same microtask wave (a batch of handlers finishing together) go out
    // in one request.
    queueMicrotask(() => {
      this.flushScheduled = false;
      this.flush();
      // A drain that found this look scheduled waits for it: with nothing sent, it ends here.
      this.settleIdle();
    });
  }

  /**
   * Sends everything still waiting at once (a stop does not wait out a pause), and resolves when
   * nothing is waiting or in flight. What fails meanwhile is retried with backoff until its
   * deadline, as always: a stop during a short outage still deletes what was handled.
   */
  drain(): Promise<void> {
    if (this.pause) {
      this.options.clock.clearTimer(this.pause);
      this.pause = undefined;
    }
    this.draining = true;
    this.flush();
    if (this.isIdle() && !this.flushScheduled) {
      this.draining = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return this.buffer.length === 0 && this.inFlight === 0;
  }

  private flush(force = false): void {
    while (!this.pause && this.inFlight < this.options.maxInFlight && this.buffer.length > 0) {
      if (!force && this.waitsToFill()) return;
      const entries = this.nextBatch();
      if (entries.length === 0) return;
      this.inFlight++;
      this.inFlightEntries += entries.length;
      for (const e of entries) {
        e.attempts++;
        this.sending.add(e.message.id);
      }
      const sentAt = this.options.clock.now();
      if (this.options.onEntrySent) for (const e of entries) this.options.onEntrySent(e, sentAt);
      let request: Promise<readonly AckEntryFailure[]>;
      try {
        request = this.options.send(entries);
      } catch (error) {
        request = Promise.reject(error);
      }
      request
        .then(
          (failed) => this.sent(entries, failed, sentAt),
          (error) => this.failed(entries, error, sentAt),
        )
        .catch(() => undefined)
        .finally(() => {
          this.inFlight--;
          this.inFlightEntries -= entries.length;
          for (const e of entries) this.sending.delete(e.message.id);
          this.flush();
          this.settleIdle();
        });
    }
  }

  /** Whether a partial batch waits for more entries (see `fill`); arms the timer that ends it. */
  private waitsToFill(): boolean {
    const fill = this.options.fill;
    if (!fill || this.draining || this.buffer.length >= MAX_ENTRIES) return false;
    if (this.buffer.length + fill.expected() < MAX_ENTRIES) return false;
    const now = this.options.clock.now();
    const until = this.waitingSince + fill.maxWaitMs;
    if (until <= now) return false;
    for (const e of this.buffer) {
      if (this.options.retryUntil(e) - LAST_RETRY_MARGIN_MS <= until) return false;
    }
    if (this.fillTimer === undefined) {
      this.fillTimer = this.options.clock.setTimer(
        () => {
          this.fillTimer = undefined;
          this.flush(true);
        },
        until - now,
        { keepAlive: true },
      );
    }
    return true;
  }

  /**
   * Up to 10 waiting entries, oldest first, at most one per message and none of a message whose
   * previous entry is still on its way: SQS applies a message's changes in the order they were
   * made only if they reach it in that order.
   */
  private nextBatch(): AckEntry[] {
    const batch: AckEntry[] = [];
    const taken = new Set<string>();
    const rest: AckEntry[] = [];
    for (let i = 0; i < this.buffer.length; i++) {
      const e = this.buffer[i];
      if (batch.length === MAX_ENTRIES) {
        rest.push(...this.buffer.slice(i));
        break;
      }
      if (this.sending.has(e.message.id) || taken.has(e.message.id)) {
        rest.push(e);
        continue;
      }
      batch.push(e);
      taken.add(e.message.id);
      this.counted(e, -1);
    }
    this.buffer = rest;
    if (rest.length === 0 && this.fillTimer !== undefined) {
      this.options.clock.clearTimer(this.fillTimer);
      this.fillTimer = undefined;
    }
    // What stays has waited since now, as far as filling a batch goes.
    this.waitingSince = this.options.clock.now();
    return batch;
  }

  private counted(entry: AckEntry, delta: 1 | -1): void {
    const n = (this.waitingIds.get(entry.message.id) ?? 0) + delta;
    if (n > 0) this.waitingIds.set(entry.message.id, n);
    else this.waitingIds.delete(entry.message.id);
  }

  private sent(
    entries: readonly AckEntry[],
    failed: readonly AckEntryFailure[],
    sentAt: number,
  ): void {
    this.failures = 0;
    const answered = this.options.onEntryAnswered;
    if (answered) {
      const rejected = failed.length > 0 ? new Set(failed.map((f) => f.entry)) : undefined;
      const answeredAt = this.options.clock.now();
      for (const e of entries) answered(e, sentAt, answeredAt, !rejected?.has(e));
    }
    for (const failure of failed) this.options.onEntryFailed(failure);
  }

  private failed(entries: readonly AckEntry[], error: unknown, sentAt: number): void {
    this.failures++;
    const now = this.options.clock.now();
    const answered = this.options.onEntryAnswered;
    if (answered) for (const e of entries) answered(e, sentAt, now, false);
    // An entry a newer one has made stale meanwhile is not retried: it would undo the newer one.
    const current = entries.filter(
      (e) =>
        !this.waitingIds.has(e.message.id) || !this.buffer.some((newer) => supersedes(newer, e)),
    );
    const lastTryBy = (e: AckEntry) => this.options.retryUntil(e) - LAST_RETRY_MARGIN_MS;
    const retry = current.filter((e) => lastTryBy(e) - now >= MIN_RETRY_DELAY_MS);
    const dropped = current.filter((e) => lastTryBy(e) - now < MIN_RETRY_DELAY_MS);
    if (dropped.length > 0) this.options.onRequestFailed(error, dropped, undefined);
    if (retry.length === 0) return;
    // Retried entries go first: they are the oldest.
    this.buffer = retry.concat(this.buffer);
    for (const e of retry) this.counted(e, 1);
    // Backing off, but never past the moment the most urgent entry must go out. A drain backs
    // off too: retrying a dead endpoint at once would spin until the deadlines.
    const latest = Math.min(...retry.map(lastTryBy)) - now;
    const delay = Math.max(
      MIN_RETRY_DELAY_MS,
      Math.min(this.options.retryDelayMs(this.failures), latest),
    );
    this.options.onRequestFailed(error, retry, delay);
    if (!this.pause) {
      // Deletes and visibility changes still owed must go out before the process may end.
      this.pause = this.options.clock.setTimer(
        () => {
          this.pause = undefined;
          this.flush();
        },
        delay,
        { keepAlive: true },
      );
    }
  }

  private settleIdle(): void {
    if (!this.isIdle() || this.flushScheduled) return;
    this.draining = false;
    if (this.idleWaiters.length === 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
