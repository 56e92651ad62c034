import type { ReceivedMessage } from './received-message';

/** A handler call waiting for workers: one message, or one batch. */
interface WaitingCall {
  messages: readonly ReceivedMessage[];
  /** Runs these messages as one call; false if it ended at once (its workers are free again). */
  readonly start: (messages: readonly ReceivedMessage[]) => boolean;
  /** How many of the first of `messages` may run as a call of their own, at most `max`. */
  readonly prefix?: (messages: readonly ReceivedMessage[], max: number) => number;
}

/**
 * The workers: at most `concurrency` messages inside handlers at once. What receives bring
 * beyond that (the prefetch, bounded by the worker slots) waits here in arrival order and starts
 * as workers free, so a freed worker never waits a round trip to SQS for its next message. A
 * batch too large for the free workers starts in part (`prefix`), so a small call that runs long
 * cannot leave the other workers idle behind it.
 */
export class WorkerGate {
  /** Messages inside handler calls now (or started and not yet ended). */
  private busy = 0;
  /** Of those, the ones in calls that ran past their timeout or were reported stuck. */
  private blocked = 0;
  private waiting: WaitingCall[] = [];
  private head = 0;
  private starting = false;

  constructor(private readonly concurrency: number) {}

  /** Whether any call waits for a worker. */
  get hasWaiting(): boolean {
    return this.head < this.waiting.length;
  }

  /**
   * Every worker is held by a call that ran past its timeout or was reported stuck: nothing that
   * waits here can start until one of them returns, which may be never.
   */
  get stalled(): boolean {
    return this.blocked >= this.concurrency;
  }

  /**
   * Starts the call as soon as workers are free for its messages (at once if they are, or if none
   * is busy: a batch larger than `concurrency` still runs, alone), after the calls already waiting.
   */
  submit(
    messages: readonly ReceivedMessage[],
    start: (messages: readonly ReceivedMessage[]) => boolean,
    prefix?: (messages: readonly ReceivedMessage[], max: number) => number,
  ): void {
    this.waiting.push({ messages, start, prefix });
    this.startWhatFits();
  }

  /** A call of `n` messages ended (`blocked`: it had been marked so): its workers take what waits. */
  release(n: number, blocked: boolean): void {
    this.busy -= n;
    if (blocked) this.blocked -= n;
    this.startWhatFits();
  }

  /** A running call of `n` messages ran past its timeout or was reported stuck. */
  block(n: number): void {
    this.blocked += n;
  }

  /** Takes every waiting call out (a stop puts its messages back), oldest first. */
  takeAllWaiting(): (readonly ReceivedMessage[])[] {
    const out = this.waiting.slice(this.head).map((c) => c.messages);
    this.waiting = [];
    this.head = 0;
    return out;
  }

  private startWhatFits(): void {
    // A call that ends as it starts (its message could not be decoded) releases from inside
    // this loop: the loop, not a nested one, goes on, so no stack grows with the prefetch.
    if (this.starting) return;
    this.starting = true;
    try {
      while (this.hasWaiting) {
        const call = this.waiting[this.head];
        let run = call.messages;
        if (this.fits(run.length)) {
          this.head++;
        } else {
          const n = call.prefix?.(run, this.concurrency - this.busy) ?? 0;
          if (n <= 0 || n >= run.length) break;
          call.messages = run.slice(n);
          run = run.slice(0, n);
        }
        this.busy += run.length;
        if (!call.start(run)) this.busy -= run.length;
      }
    } finally {
      this.starting = false;
      if (!this.hasWaiting) {
        this.waiting = [];
        this.head = 0;
      }
    }
  }

  private fits(n: number): boolean {
    return this.busy === 0 || this.busy + n <= this.concurrency;
  }
}
