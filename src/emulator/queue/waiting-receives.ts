import type { Clock, ClockTimer } from '../../clock/clock.interface';
import { LinkedList } from '../structures/linked-list';
import type { Delivery } from './message-record';

/** What a receive asks for, already validated. */
export interface TakeRequest {
  readonly max: number;
  /** Visibility timeout for this receive, in seconds. */
  readonly visibilitySeconds: number;
}

/** What the long polls of one queue need from it. */
export interface ReceiveSource {
  /** Whether a receive would find anything now. */
  hasReceivable(): boolean;
  /** Picks up to `max` visible messages, marking each in flight. */
  take(max: number, visibilitySeconds: number, out: Delivery[]): void;
  /** When the next delayed or in-flight message falls due (clock ms), if one will. */
  nextDueAt(): number | undefined;
  /** Moves whatever fell due by the clock, serving the polls it can. */
  sweep(): void;
}

/** A parked receive, in the queue's list in arrival order. */
interface Waiter {
  prev: Waiter | undefined;
  next: Waiter | undefined;
  readonly request: TakeRequest;
  readonly resolve: (deliveries: Delivery[]) => void;
  timer: ClockTimer | undefined;
  detach: (() => void) | undefined;
}

/**
 * One queue's long polls: receives that found nothing and wait, first come first served, for
 * the event that makes a message receivable (a send, a delete that frees a FIFO group, a
 * visibility change) or for their wait time to end. One clock timer per queue, at the next due
 * time and only while somebody waits, covers delayed and in-flight messages coming due: no timer
 * per message. A batch is applied under {@link hold}: its messages reach the first poll together.
 */
export class WaitingReceives {
  private readonly waiters = new LinkedList<Waiter>();
  private wakeTimer: ClockTimer | undefined;
  /** While > 0, a batch is being applied: the polls are served once, at its end. */
  private held = 0;
  private serveOwed = false;

  constructor(
    private readonly clock: Clock,
    private readonly source: ReceiveSource,
  ) {}

  /** Open long polls. */
  get size(): number {
    return this.waiters.size;
  }

  /**
   * Parks a receive that found nothing for up to `waitMs`: it resolves with what {@link serve}
   * hands it, or empty at its end; `signal` rejects it with an AbortError.
   */
  park(request: TakeRequest, waitMs: number, signal?: AbortSignal): Promise<Delivery[]> {
    if (signal?.aborted) return Promise.reject(abortError());
    return new Promise<Delivery[]>((resolve, reject) => {
      const waiter: Waiter = {
        prev: undefined,
        next: undefined,
        request,
        resolve,
        timer: undefined,
        detach: undefined,
      };
      // Somebody awaits this receive: like a socket, it keeps the process alive until it ends.
      waiter.timer = this.clock.setTimer(() => this.finish(waiter, []), waitMs, {
        keepAlive: true,
      });
      if (signal) {
        const onAbort = (): void => {
          this.drop(waiter);
          reject(abortError());
        };
        signal.addEventListener('abort', onAbort, { once: true });
        waiter.detach = () => signal.removeEventListener('abort', onAbort);
      }
      this.waiters.push(waiter);
      this.armWake();
    });
  }

  /** Hands what is receivable to the waiting polls, oldest first. */
  serve(): void {
    if (this.held > 0) {
      this.serveOwed = true;
      return;
    }
    while (this.waiters.head && this.source.hasReceivable()) {
      const waiter = this.waiters.head;
      const out: Delivery[] = [];
      this.source.take(waiter.request.max, waiter.request.visibilitySeconds, out);
      if (out.length === 0) break;
      this.finish(waiter, out);
    }
    this.armWake();
  }

  /**
   * Holds the polls while a batch's entries are applied; {@link release} serves them once, at
   * its end. The batch's messages then reach the first waiting receive together, not one message
   * per waiter, so that many waiting consumers make one receive and one delete per batch.
   */
  hold(): void {
    this.held++;
  }

  /** Ends a {@link hold}; the last release serves the polls the batch owes. */
  release(): void {
    if (--this.held === 0 && this.serveOwed) {
      this.serveOwed = false;
      this.serve();
    }
  }

  /** Ends every poll empty (the queue is gone). */
  endAll(): void {
    for (let w = this.waiters.head; w; w = this.waiters.head) this.finish(w, []);
    this.disarmWake();
  }

  /** One clock timer per queue, at the next due time, and only while someone is waiting. */
  armWake(): void {
    if (this.waiters.size === 0) return this.disarmWake();
    const dueAt = this.source.nextDueAt();
    if (dueAt === undefined) return this.disarmWake();
    if (this.wakeTimer && this.wakeTimer.dueAt <= dueAt) return;
    this.disarmWake();
    this.wakeTimer = this.clock.setTimer(() => {
      this.wakeTimer = undefined;
      this.source.sweep();
      this.armWake();
    }, dueAt - this.clock.now());
  }

  private finish(waiter: Waiter, deliveries: Delivery[]): void {
    this.drop(waiter);
    waiter.resolve(deliveries);
  }

  private drop(waiter: Waiter): void {
    this.waiters.remove(waiter);
    if (waiter.timer) this.clock.clearTimer(waiter.timer);
    waiter.timer = undefined;
    waiter.detach?.();
    waiter.detach = undefined;
    if (this.waiters.size === 0) this.disarmWake();
  }

  private disarmWake(): void {
    if (this.wakeTimer) this.clock.clearTimer(this.wakeTimer);
    this.wakeTimer = undefined;
  }
}

function abortError(): Error {
  const e = new Error('Request aborted');
  e.name = 'AbortError';
  return e;
}
