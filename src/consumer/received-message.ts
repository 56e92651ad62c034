import type { Message } from '@aws-sdk/client-sqs';
import type { SqsAttributeValue, SqsMessage } from '../interfaces/sqs-message.interface';
import type { ConsumerRoute } from './consumer-route';

/** SQS's limit on a message's total visibility since its receive, in seconds. */
export const MAX_VISIBILITY_SECONDS = 43_200;

/**
 * While a change is on its way the beats follow its timeout, but no more often than this: a
 * change that hangs would otherwise cost a request every half second for as long as it hangs.
 */
const MIN_IN_FLIGHT_BEAT_MS = 1_000;

/** Where a received message is in the consumer. */
export enum MessageStage {
  /** Held, waiting for its turn (behind its FIFO group's running message). */
  Waiting = 0,
  /** In a handler. */
  Running = 1,
  /** Settled: deleted, retried or released. */
  Done = 2,
}

/** A handler call that ran past its timeout and has not settled yet. */
export interface OverdueAttempt {
  /** The retry delay its failure announced (seconds), applied when the handler settles. */
  readonly retryDelaySeconds: number;
}

/** What a message needs from the consumer that holds it. */
export interface MessageOwner {
  changeVisibilityOf(message: ReceivedMessage, seconds: number): Promise<void>;
}

const EMPTY_ATTRIBUTES: Readonly<Record<string, SqsAttributeValue>> = Object.freeze({});

/**
 * A message held by a consumer: the {@link SqsMessage} a handler sees, plus the bookkeeping
 * (stage, visibility deadline, heartbeat time) the consumer keeps on it. Dates, attributes and
 * the abort signal are built only when read, so a no-op handler pays for none of them.
 */
export class ReceivedMessage<T = unknown> implements SqsMessage<T> {
  body!: T;
  /** Set when the body could not be decoded (the message then fails when it would run). */
  decodeError: unknown = undefined;
  readonly id: string;
  /** The latest delivery's receipt handle (see `adopt`). */
  receiptHandle!: string;
  receiveCount = 0;
  stage = MessageStage.Waiting;
  /** Clock time of the (latest) receive: SQS's 12-hour visibility limit counts from it. */
  receivedAt!: number;
  /**
   * Clock time at which the message becomes visible again unless extended, as far as SQS has
   * confirmed: a visibility change moves it when SQS accepts it (see `visibilityLanded`).
   */
  visibleUntil!: number;
  /** Clock time of the next heartbeat (Infinity: none). */
  nextBeatAt!: number;
  route: ConsumerRoute | undefined;
  /** Clock time the handler started. */
  startedAt = 0;
  /** Clock time at which a handler call still running is reported as stuck (Infinity: never). */
  stuckAt = Infinity;
  /** Set when its handler ran past `timeoutMs`: the attempt failed, the handler still runs. */
  overdue: OverdueAttempt | undefined;
  private controller: AbortController | undefined;
  private abortReason: unknown;
  private aborted = false;
  /**
   * When the latest answer about this message's visibility arrived (a receive, or a visibility
   * change accepted or failed): a change sent before it may have reached SQS before or after.
   */
  private lastAnsweredAt = 0;
  /**
   * The timeouts (ms) of visibility changes sent and not answered yet: SQS may apply each of them
   * at any moment. Usually none; created on the first change.
   */
  private changesInFlight: number[] | undefined;
  private decodedAttributes: Readonly<Record<string, SqsAttributeValue>> | undefined;

  constructor(
    /** The message as SQS returned it, in its latest delivery. */
    public raw: Message,
    readonly queue: string,
    private readonly owner: MessageOwner,
    now: number,
    visibilityMs: number,
    heartbeatFraction: number | undefined,
  ) {
    this.id = raw.MessageId as string;
    this.adopt(raw, now, visibilityMs, heartbeatFraction);
  }

  get sentAt(): Date {
    const sent = this.raw.Attributes?.SentTimestamp;
    return new Date(sent === undefined ? NaN : Number(sent));
  }

  get groupId(): string | undefined {
    return this.raw.Attributes?.MessageGroupId;
  }

  get deduplicationId(): string | undefined {
    return this.raw.Attributes?.MessageDeduplicationId;
  }

  get sequenceNumber(): string | undefined {
    return this.raw.Attributes?.SequenceNumber;
  }

  get attributes(): Readonly<Record<string, SqsAttributeValue>> {
    if (this.decodedAttributes) return this.decodedAttributes;
    const raw = this.raw.MessageAttributes;
    if (!raw) return (this.decodedAttributes = EMPTY_ATTRIBUTES);
    const out: Record<string, SqsAttributeValue> = {};
    for (const name of Object.keys(raw)) {
      const value = raw[name];
      const decoded = value.BinaryValue ?? value.StringValue;
      if (decoded !== undefined) out[name] = decoded;
    }
    return (this.decodedAttributes = Object.freeze(out));
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.abortReason);
    }
    return this.controller.signal;
  }

  changeVisibility(seconds: number): Promise<void> {
    return this.owner.changeVisibilityOf(this, seconds);
  }

  /**
   * Takes a delivery of this message: the first, or a newer one (received again while held),
   * whose receipt handle, receive count and visibility deadline count from now on.
   */
  adopt(
    raw: Message,
    now: number,
    visibilityMs: number,
    heartbeatFraction: number | undefined,
  ): void {
    this.raw = raw;
    this.receiptHandle = raw.ReceiptHandle as string;
    const count = raw.Attributes?.ApproximateReceiveCount;
    this.receiveCount = count === undefined ? this.receiveCount + 1 : Number(count);
    this.receivedAt = now;
    this.visibleUntil = now + visibilityMs;
    this.lastAnsweredAt = now;
    this.nextBeatAt =
      heartbeatFraction === undefined || visibilityMs <= 0
        ? Infinity
        : now + visibilityMs * heartbeatFraction;
  }

  /**
   * The next heartbeat comes at `fraction` of `seconds` counted from `from` (none at 0, or with
   * the heartbeat off): after a heartbeat asked for them, or the handler set them.
   */
  scheduleBeat(from: number, seconds: number, heartbeatFraction: number | undefined): void {
    this.nextBeatAt =
      seconds === 0 || heartbeatFraction === undefined
        ? Infinity
        : from + seconds * 1000 * heartbeatFraction;
  }

  /**
   * Brings the next heartbeat forward, if it was due later, to `fraction` of the shortest change
   * still on its way, or else of the time left before the known deadline (a change whose deadline
   * was not kept scheduled the beat after it). True if it moved.
   */
  beatBeforeDeadline(now: number, heartbeatFraction: number | undefined): boolean {
    if (heartbeatFraction === undefined || this.nextBeatAt === Infinity) return false;
    if (this.shortestChangeInFlightMs() < Infinity) {
      return this.beatWithChangesInFlight(now, heartbeatFraction);
    }
    const left = this.visibleUntil - now;
    return left > 0 && this.beatNoLaterThan(now + left * heartbeatFraction);
  }

  /**
   * While a change is on its way SQS may apply it at any moment, and a beat must follow within
   * its timeout whenever that is: the next beat comes at `fraction` of the shortest one at the
   * latest. (A landing cannot move a deadline such a change holds down, so counting from that
   * deadline instead would bring beats ever closer together.) True if it moved.
   */
  beatWithChangesInFlight(now: number, heartbeatFraction: number | undefined): boolean {
    if (heartbeatFraction === undefined || this.nextBeatAt === Infinity) return false;
    const shortest = this.shortestChangeInFlightMs();
    if (shortest === Infinity) return false;
    return this.beatNoLaterThan(
      now + Math.max(shortest * heartbeatFraction, MIN_IN_FLIGHT_BEAT_MS),
    );
  }

  /** The shortest timeout of the changes on their way; a release (0) needs no beat after it. */
  private shortestChangeInFlightMs(): number {
    let shortest = Infinity;
    for (const ms of this.changesInFlight ?? []) if (ms > 0 && ms < shortest) shortest = ms;
    return shortest;
  }

  /** Moves the next heartbeat to `at` if it was due later (and the heartbeat is on). */
  beatNoLaterThan(at: number): boolean {
    if (this.nextBeatAt <= at) return false;
    this.nextBeatAt = at;
    return true;
  }

  /**
   * A change of its visibility to `seconds` (a heartbeat's or the handler's) goes out at `sentAt`.
   * SQS may apply it from now on, so until it is answered the deadline is the earlier of the one
   * known and this change's (a change may shorten it). Each call is followed by exactly one
   * `visibilityLanded` or `visibilityFailed`.
   */
  visibilitySent(sentAt: number, seconds: number): void {
    (this.changesInFlight ??= []).push(seconds * 1000);
    const deadline = sentAt + seconds * 1000;
    if (deadline < this.visibleUntil) this.visibleUntil = deadline;
  }

  /**
   * SQS accepted a change of its visibility to `seconds` (a heartbeat's or the handler's), sent
   * at `sentAt` and answered at `answeredAt`. The deadline moves only as far as SQS surely has it:
   * - counted from `sentAt`, the earliest SQS can have counted from;
   * - not for a change answered at or after the deadline known until then (it may have reached
   *   SQS once the message was visible again, when SQS accepts a change and makes none);
   * - to the earlier of the two deadlines when another answer (a change's, or the receive's of
   *   this delivery) came after this change was sent, or another change is still on its way:
   *   which one SQS applies last is unknown.
   */
  visibilityLanded(sentAt: number, answeredAt: number, seconds: number): void {
    const othersInFlight = this.answered(seconds);
    if (answeredAt < this.visibleUntil) {
      const deadline = sentAt + seconds * 1000;
      const alone = sentAt >= this.lastAnsweredAt && !othersInFlight;
      this.visibleUntil = alone ? deadline : Math.min(this.visibleUntil, deadline);
    }
    if (answeredAt > this.lastAnsweredAt) this.lastAnsweredAt = answeredAt;
  }

  /**
   * A change of `seconds` sent with `visibilitySent` failed, answered at `answeredAt`. SQS may
   * have applied it before the failure came back (its deadline stays counted in), never after.
   */
  visibilityFailed(answeredAt: number, seconds: number): void {
    this.answered(seconds);
    if (answeredAt > this.lastAnsweredAt) this.lastAnsweredAt = answeredAt;
  }

  /** Takes a change of `seconds` off those in flight; true if others are still on their way. */
  private answered(seconds: number): boolean {
    const inFlight = this.changesInFlight;
    if (inFlight === undefined) return false;
    const i = inFlight.indexOf(seconds * 1000);
    if (i >= 0) inFlight.splice(i, 1);
    return inFlight.length > 0;
  }

  /** Aborts `signal` (handler timeout, or shutdown giving up). */
  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.abortReason = reason;
    this.controller?.abort(reason);
  }

  /** The value of a String/Number message attribute, without decoding all of them. */
  stringAttribute(name: string): string | undefined {
    return this.raw.MessageAttributes?.[name]?.StringValue;
  }

  toJSON(): Record<string, unknown> {
    // Logged or serialised, a message shows its identity, never its body.
    return {
      id: this.id,
      queue: this.queue,
      receiveCount: this.receiveCount,
      groupId: this.groupId,
    };
  }
}
