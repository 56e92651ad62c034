import type {
  BatchResultErrorEntry,
  ChangeMessageVisibilityBatchRequest,
  ChangeMessageVisibilityBatchResult,
  ChangeMessageVisibilityRequest,
  DeleteMessageBatchRequest,
  DeleteMessageBatchResult,
  DeleteMessageRequest,
  Message,
  ReceiveMessageRequest,
  ReceiveMessageResult,
} from '@aws-sdk/client-sqs';
import { FaultInjectingSqsBackend } from '../../../src/backend/fault-injecting-sqs.backend';
import type { ClockTimer } from '../../../src/clock/clock.interface';
import type { ManualClock } from '../../../src/clock/manual-clock';
import type { SqsEmulator } from '../../../src/emulator/sqs-emulator';
import type { SqsCallOptions, SqsVoidResult } from '../../../src/port/sqs-port.interface';
import type { FaultProfile } from './scenario';
import type { SeededRandom } from './seeded-random';

/** What the network tells the simulation's ledger. */
export interface NetworkObserver {
  /** A receive's response reached the consumer with these messages. */
  delivered(messages: readonly Message[]): void;
  /** SQS handed these messages out, but the consumer will never see the response. */
  stranded(messages: readonly Message[]): void;
  /** The consumer asks to delete these receipt handles (checked before anything is sent). */
  deleting(receiptHandles: readonly string[]): void;
  /** The consumer sends a visibility change for these receipt handles. */
  changingVisibility(receiptHandles: readonly string[], seconds: readonly number[]): void;
  /** A receive ended for the consumer (answered, failed or aborted). */
  receiveEnded(id: number): void;
  /** Something worth a line in a failure's trace. */
  trace(line: string): void;
}

type Fault = 'none' | 'before' | 'after';

/** What happens to one call on its way, drawn when it is made. */
interface CallPlan {
  readonly requestMs: number;
  readonly responseMs: number;
  readonly fault: Fault;
  readonly lateAbortMs: number;
  readonly abortWinsInTransit: boolean;
  /** The request never reaches the server: only an abort ends it (a half-open connection). */
  readonly hangs: boolean;
}

const abortError = (): Error => Object.assign(new Error('Request aborted'), { name: 'AbortError' });

/**
 * The network between the consumer and the emulator, on the simulation's clock: every call
 * crosses it one way, meets the emulator, and crosses back. The seed decides, per call, how long
 * each leg takes, whether it fails (before SQS acted, or after, losing the response), whether an
 * abort reaches the server late, and whether an abort beats a response already on its way (the
 * messages are then in flight and nobody sees them until their visibility timeout).
 */
export class SimulatedNetwork extends FaultInjectingSqsBackend {
  /** Receives the consumer is waiting on, by id, with when each was sent. */
  readonly open = new Map<number, number>();
  /** Clock time of the last receive sent or answered. */
  lastReceiveActivityAt: number;
  private calm = false;
  private nextReceiveId = 1;

  constructor(
    private readonly emulator: SqsEmulator,
    private readonly time: ManualClock,
    private readonly rng: SeededRandom,
    private readonly faults: FaultProfile,
    private readonly observer: NetworkObserver,
  ) {
    super(emulator, { rate: 0 });
    this.lastReceiveActivityAt = time.now();
  }

  /** From now on every call is fast and succeeds (the run's healing phase). */
  becomeCalm(): void {
    this.calm = true;
  }

  override receiveMessage(
    input: ReceiveMessageRequest,
    options?: SqsCallOptions,
  ): Promise<ReceiveMessageResult> {
    const plan = this.plan();
    const signal = options?.abortSignal;
    const id = this.nextReceiveId++;
    this.open.set(id, this.time.now());
    this.lastReceiveActivityAt = this.time.now();
    return new Promise<ReceiveMessageResult>((resolve, reject) => {
      let phase: 'request' | 'server' | 'response' | 'done' = 'request';
      const server = new AbortController();
      let legTimer: ClockTimer | undefined;
      let inTransit: ReceiveMessageResult | undefined;
      const end = (settle: () => void): void => {
        if (phase === 'done') return;
        phase = 'done';
        if (legTimer) this.time.clearTimer(legTimer);
        this.open.delete(id);
        this.lastReceiveActivityAt = this.time.now();
        this.observer.receiveEnded(id);
        settle();
      };
      const abortLands = (): void => {
        if (phase === 'request') {
          this.observer.trace('receive aborted before reaching SQS');
          end(() => reject(abortError()));
        } else if (phase === 'server') {
          server.abort();
        } else if (phase === 'response' && plan.abortWinsInTransit) {
          const messages = inTransit?.Messages ?? [];
          this.observer.trace(`abort beats a response in transit: ${messages.length} stranded`);
          this.observer.stranded(messages);
          end(() => reject(abortError()));
        }
      };
      const onAbort = (): void => {
        if (plan.lateAbortMs === 0) return abortLands();
        this.observer.trace(`abort will reach the server ${plan.lateAbortMs} ms late`);
        this.time.setTimer(abortLands, plan.lateAbortMs);
      };
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
      if (plan.hangs) {
        this.observer.trace(`receive ${id} hangs: nothing answers until it is aborted`);
        return;
      }
      legTimer = this.time.setTimer(() => {
        legTimer = undefined;
        if (phase !== 'request') return;
        if (plan.fault === 'before') {
          return end(() => reject(this.failure('ReceiveMessage')));
        }
        phase = 'server';
        this.emulator.receiveMessage(input, { abortSignal: server.signal }).then(
          (out) => {
            if (phase !== 'server') return;
            phase = 'response';
            inTransit = out;
            legTimer = this.time.setTimer(() => {
              legTimer = undefined;
              const messages = out.Messages ?? [];
              if (plan.fault === 'after') {
                this.observer.stranded(messages);
                return end(() => reject(this.failure('ReceiveMessage')));
              }
              end(() => {
                this.observer.delivered(messages);
                resolve(out);
              });
            }, plan.responseMs);
          },
          (error: unknown) => end(() => reject(error)),
        );
      }, plan.requestMs);
    });
  }

  override deleteMessageBatch(input: DeleteMessageBatchRequest): Promise<DeleteMessageBatchResult> {
    const entries = input.Entries ?? [];
    this.observer.deleting(entries.map((e) => e.ReceiptHandle ?? ''));
    return this.acknowledge('DeleteMessageBatch', entries, (kept) =>
      this.emulator.deleteMessageBatch({ ...input, Entries: kept }),
    );
  }

  override changeMessageVisibilityBatch(
    input: ChangeMessageVisibilityBatchRequest,
  ): Promise<ChangeMessageVisibilityBatchResult> {
    const entries = input.Entries ?? [];
    this.observer.changingVisibility(
      entries.map((e) => e.ReceiptHandle ?? ''),
      entries.map((e) => e.VisibilityTimeout ?? 0),
    );
    return this.acknowledge('ChangeMessageVisibilityBatch', entries, (kept) =>
      this.emulator.changeMessageVisibilityBatch({ ...input, Entries: kept }),
    );
  }

  override deleteMessage(input: DeleteMessageRequest): Promise<SqsVoidResult> {
    this.observer.deleting([input.ReceiptHandle ?? '']);
    return this.travel('DeleteMessage', () => this.emulator.deleteMessage(input));
  }

  override changeMessageVisibility(input: ChangeMessageVisibilityRequest): Promise<SqsVoidResult> {
    this.observer.changingVisibility([input.ReceiptHandle ?? ''], [input.VisibilityTimeout ?? 0]);
    return this.travel('ChangeMessageVisibility', () =>
      this.emulator.changeMessageVisibility(input),
    );
  }

  /** A batch acknowledgement; some entries may fail on their own (`Failed`, not carried out). */
  private acknowledge<E extends { Id?: string }, R extends { Failed?: BatchResultErrorEntry[] }>(
    operation: string,
    entries: readonly E[],
    serve: (kept: E[]) => Promise<R>,
  ): Promise<R> {
    const partial = !this.calm && this.rng.chance(this.faults.partialBatch);
    const refused = partial ? entries.filter(() => this.rng.chance(0.5)) : [];
    const kept = entries.filter((e) => !refused.includes(e));
    return this.travel(operation, async () => {
      // Every entry refused: nothing reaches SQS (an empty batch is not a request it takes).
      const out = kept.length > 0 ? await serve(kept) : ({} as R);
      if (refused.length === 0) return out;
      const failed: BatchResultErrorEntry[] = refused.map((e) => ({
        Id: e.Id,
        SenderFault: false,
        Code: 'InternalError',
        Message: 'We encountered an internal error. Please try again.',
      }));
      return { ...out, Failed: [...(out.Failed ?? []), ...failed] };
    });
  }

  /** One call there and back: each leg takes its time; a fault strikes before or after SQS. */
  private async travel<T>(operation: string, serve: () => Promise<T>): Promise<T> {
    const plan = this.plan();
    await this.sleep(plan.requestMs);
    if (plan.fault === 'before') throw this.failure(operation);
    const out = await serve();
    await this.sleep(plan.responseMs);
    if (plan.fault === 'after') {
      this.observer.trace(`${operation} carried out, response lost`);
      throw this.failure(operation);
    }
    return out;
  }

  private plan(): CallPlan {
    const f = this.faults;
    if (this.calm) {
      return {
        requestMs: 0,
        responseMs: 0,
        fault: 'none',
        lateAbortMs: 0,
        abortWinsInTransit: false,
        hangs: false,
      };
    }
    const slow = this.rng.chance(f.slow);
    const leg = (): number => (slow ? this.rng.int(0, f.slowMaxMs) : this.rng.int(0, 3));
    const requestMs = leg();
    const responseMs = leg();
    const fails = this.rng.chance(f.failure);
    const fault: Fault = !fails ? 'none' : this.rng.chance(f.afterServer) ? 'after' : 'before';
    const lateAbortMs = this.rng.chance(f.lateAbort) ? this.rng.int(1, f.lateAbortMaxMs) : 0;
    const abortWinsInTransit = this.rng.chance(f.abortWinsInTransit);
    const hangs = this.rng.chance(f.hang);
    return { requestMs, responseMs, fault, lateAbortMs, abortWinsInTransit, hangs };
  }

  private failure(operation: string): Error {
    const kind = this.rng.int(0, 2);
    this.observer.trace(`${operation} fails (${['throttled', 'server error', 'reset'][kind]})`);
    if (kind === 0) {
      return Object.assign(new Error('Rate exceeded'), {
        name: 'ThrottlingException',
        $fault: 'client',
      });
    }
    if (kind === 1) {
      return Object.assign(new Error('We encountered an internal error.'), {
        name: 'InternalError',
        $fault: 'server',
      });
    }
    return Object.assign(new Error('socket hang up'), { name: 'Error', code: 'ECONNRESET' });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.time.setTimer(resolve, ms));
  }
}
