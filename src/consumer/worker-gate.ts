import type { ReceivedMessage } from './received-message';

/** A handler call waiting for workers: one message, or one batch. */
interface WaitingCall {
  readonly messages: readonly ReceivedMessage[];
  readonly start: () => void;
}

/**
 * The workers: at most `concurrency` messages inside handlers at once. What receives bring
 * beyond that (the prefetch, bounded by the worker slots) waits here in arrival order and starts
 * as workers free, so a freed worker never waits a round trip to SQS for its next message.
 */
export class WorkerGate {
  /** Messages inside handler calls now (or started and not yet ended). */
  private busy = 0;
  private waiting: WaitingCall[] = [];
  private head = 0;

  constructor(private readonly concurrency: number) {}

  /** Messages waiting for a worker. */
  get waitingMessages(): number {
    let n = 0;
    for (let i = this.head; i < this.waiting.length; i++) n += this.waiting[i].messages.length;
    return n;
  }

  /** Whether any call waits for a worker. */
  get hasWaiting(): boolean {
    return this.head < this.waiting.length;
  }

  /**
   * Starts the call now if workers are free for its messages (or none are busy: a batch larger
   * than `concurrency` still runs, alone), else queues it behind the calls already waiting.
   */
  submit(messages: readonly ReceivedMessage[], start: () => void): void {
    if (!this.hasWaiting && this.fits(messages.length)) {
      this.busy += messages.length;
      start();
    } else {
      this.waiting.push({ messages, start });
    }
  }

  /** A call of `n` messages ended: its workers take what waits. */
  release(n: number): void {
    this.busy -= n;
    while (this.hasWaiting) {
      const next = this.waiting[this.head];
      if (!this.fits(next.messages.length)) break;
      this.head++;
      this.busy += next.messages.length;
      next.start();
    }
    if (!this.hasWaiting) {
      this.waiting = [];
      this.head = 0;
    }
  }

  /** Takes every waiting call out (a stop puts its messages back), oldest first. */
  takeAllWaiting(): (readonly ReceivedMessage[])[] {
    const out = this.waiting.slice(this.head).map((c) => c.messages);
    this.waiting = [];
    this.head = 0;
    return out;
  }

  private fits(n: number): boolean {
    return this.busy === 0 || this.busy + n <= this.concurrency;
  }
}
