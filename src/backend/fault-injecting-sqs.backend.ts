import type { BatchResultErrorEntry } from '@aws-sdk/client-sqs';
import { type Clock } from '../clock/clock.interface';
import { SystemClock } from '../clock/system-clock';
import { SqsError, type SqsErrorShape } from '../emulator/errors/sqs-error';
import { SQS_ERRORS } from '../emulator/errors/sqs-error-shapes';
import { ForwardingSqsPort } from '../port/forwarding-sqs-port';
import { SQS_ACTIONS } from '../port/sqs-actions';
import type {
  SqsAction,
  SqsCallOptions,
  SqsInput,
  SqsOutput,
  SqsPort,
  SqsPortMethods,
} from '../port/sqs-port.interface';

/** The calls a {@link FaultInjectingSqsBackend} can make fail (every other call passes through). */
export type SqsFaultOperation = 'send' | 'receive' | 'delete' | 'changeVisibility';

/**
 * What goes wrong:
 * - `throttle`: SQS refuses the call (`ThrottlingException` or `RequestThrottled`); nothing happened.
 * - `server-error`: a 500 `InternalError`.
 * - `timeout`: the call hangs for `timeoutMs`, then rejects with a `TimeoutError`.
 * - `connection-reset`: the connection drops (`ECONNRESET`).
 * - `partial-batch`: a batch call succeeds for some entries only; the others come back in
 *   `Failed` with `InternalError` and did not happen (single-message calls get a `server-error`).
 */
export type SqsFaultKind =
  'throttle' | 'server-error' | 'timeout' | 'connection-reset' | 'partial-batch';

/**
 * When a fault strikes: before the call reached SQS (`request-lost`: nothing happened), or after
 * SQS carried it out (`response-lost`: the send was stored, the messages were handed out and are
 * now in flight unseen, the delete took effect — but the caller sees an error).
 */
export type SqsFaultPhase = 'request-lost' | 'response-lost';

/** Options of {@link FaultInjectingSqsBackend}. */
export interface FaultInjectionOptions {
  /**
   * Share of calls that fail, from 0 to 1: one number for every faultable operation, or one per
   * operation (those not named never fail).
   */
  readonly rate: number | Partial<Record<SqsFaultOperation, number>>;
  /** Relative weights of the fault kinds. Default: every kind equally likely. */
  readonly kinds?: Partial<Record<SqsFaultKind, number>>;
  /**
   * Share of server errors, timeouts and resets that strike after SQS carried out the call
   * (throttling always strikes before). Default 0.5.
   */
  readonly responseLostShare?: number;
  /** Seed of the pseudo-random choices, so a run can be replayed. Default 1. */
  readonly seed?: number;
  /** The clock timeouts hang on (a `ManualClock` in tests). Default: the system clock. */
  readonly clock?: Clock;
  /** How long a timed-out call hangs before it rejects, in ms. Default 5000. */
  readonly timeoutMs?: number;
}

/** One injected fault, as {@link FaultInjectingSqsBackend.onFault} reports it. */
export interface InjectedFault {
  readonly operation: SqsFaultOperation;
  /** The SQS action, e.g. `DeleteMessageBatch`. */
  readonly action: string;
  readonly kind: SqsFaultKind;
  readonly phase: SqsFaultPhase;
}

/** Counts of calls and injected faults. */
export interface FaultInjectionStats {
  /** Faultable calls made, by operation. */
  readonly calls: Record<SqsFaultOperation, number>;
  /** Faults injected in all. */
  readonly faults: number;
  readonly byOperation: Record<SqsFaultOperation, number>;
  readonly byKind: Record<SqsFaultKind, number>;
  readonly byPhase: Record<SqsFaultPhase, number>;
}

const OPERATIONS: readonly SqsFaultOperation[] = ['send', 'receive', 'delete', 'changeVisibility'];
const KINDS: readonly SqsFaultKind[] = [
  'throttle',
  'server-error',
  'timeout',
  'connection-reset',
  'partial-batch',
];

/** The calls that can fail, by port method, with the operation they count under; the rest pass. */
const FAULTABLE: { readonly [A in SqsAction]?: SqsFaultOperation } = {
  sendMessage: 'send',
  sendMessageBatch: 'send',
  receiveMessage: 'receive',
  deleteMessage: 'delete',
  deleteMessageBatch: 'delete',
  changeMessageVisibility: 'changeVisibility',
  changeMessageVisibilityBatch: 'changeVisibility',
};

/** A batch call's input, as far as a partial failure needs it. */
interface BatchInput {
  readonly Entries?: readonly { readonly Id?: string }[];
}

/** The actions whose input is a batch of entries, by the SDK's types. */
type BatchAction = {
  [A in SqsAction]: SqsInput<A> extends { Entries: unknown } ? A : never;
}[SqsAction];

/** The batch actions: a partial failure can fail some of their entries only. */
const BATCH_ACTIONS: ReadonlySet<SqsAction> = new Set<BatchAction>([
  'sendMessageBatch',
  'deleteMessageBatch',
  'changeMessageVisibilityBatch',
]);

const THROTTLING_EXCEPTION: SqsErrorShape = {
  name: 'ThrottlingException',
  type: 'com.amazon.coral.availability#ThrottlingException',
  code: 'ThrottlingException',
  status: 400,
  fault: 'Sender',
};

/**
 * An {@link SqsPort} that wraps another and makes a configurable share of its sends, receives,
 * deletes and visibility changes fail the ways real networks and SQS do: throttling, 500s,
 * timeouts and connection resets, striking either before the call reached SQS or after it took
 * effect. Choices come from a seeded generator, so a run replays. For reliability tests: give it
 * to `SqsModule.forRoot({ backend })` around an `SqsEmulator`.
 *
 * @example
 * const emulator = new SqsEmulator({ clock });
 * const backend = new FaultInjectingSqsBackend(emulator, { rate: 0.1, clock, seed: 42 });
 * SqsModule.forRoot({ backend, clock, queues: { work: { create: true } } });
 */
export class FaultInjectingSqsBackend extends ForwardingSqsPort implements SqsPort {
  /** Turns injection off (and on again) without rebuilding the module. */
  enabled = true;
  /** Called for every injected fault. */
  onFault: ((fault: InjectedFault) => void) | undefined;

  private readonly random: () => number;
  private readonly clock: Clock;
  private readonly timeoutMs: number;
  private readonly responseLostShare: number;
  private readonly rates: Record<SqsFaultOperation, number>;
  private readonly kindWeights: readonly (readonly [SqsFaultKind, number])[];
  private readonly kindTotal: number;
  private readonly counts = {
    calls: zeroes(OPERATIONS),
    faults: 0,
    byOperation: zeroes(OPERATIONS),
    byKind: zeroes(KINDS),
    byPhase: { 'request-lost': 0, 'response-lost': 0 } as Record<SqsFaultPhase, number>,
  };

  /** The wrapped port, seen as methods an action can index. */
  private readonly inner: SqsPortMethods;

  constructor(inner: SqsPort, options: FaultInjectionOptions) {
    super();
    this.inner = inner;
    this.random = seededRandom(options.seed ?? 1);
    this.clock = options.clock ?? new SystemClock();
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.responseLostShare = options.responseLostShare ?? 0.5;
    const rate = options.rate;
    this.rates = zeroes(OPERATIONS);
    for (const op of OPERATIONS) {
      this.rates[op] = typeof rate === 'number' ? rate : (rate[op] ?? 0);
    }
    this.kindWeights = KINDS.map((k) => [k, options.kinds ? (options.kinds[k] ?? 0) : 1] as const);
    this.kindTotal = this.kindWeights.reduce((sum, [, w]) => sum + w, 0);
  }

  /** What was called and what was injected so far. */
  stats(): FaultInjectionStats {
    const c = this.counts;
    return {
      calls: { ...c.calls },
      faults: c.faults,
      byOperation: { ...c.byOperation },
      byKind: { ...c.byKind },
      byPhase: { ...c.byPhase },
    };
  }

  /**
   * Every port method comes here (see `ForwardingSqsPort`): the faultable ones may fail, the
   * others go straight to the wrapped port. A subclass overriding one method still reaches this
   * with `super`.
   */
  protected override forward<A extends SqsAction>(
    action: A,
    input: SqsInput<A>,
    options: SqsCallOptions | undefined,
  ): Promise<SqsOutput<A>> {
    const operation = FAULTABLE[action];
    if (operation === undefined) return this.inner[action](input, options);
    const call = (i: SqsInput<A>): Promise<SqsOutput<A>> => this.inner[action](i, options);
    if (!BATCH_ACTIONS.has(action)) {
      return this.faulty(operation, SQS_ACTIONS[action], options, () => call(input));
    }
    // A batch action's input has its entries (that is how BatchAction picks them).
    const batch = input as SqsInput<A> & BatchInput;
    return this.faultyBatch(operation, SQS_ACTIONS[action], batch, options, call);
  }

  // ---- injection --------------------------------------------------------------------------------

  /** Decides whether this call fails, and how; undefined when it goes through untouched. */
  private draw(
    operation: SqsFaultOperation,
    action: string,
    entries: number,
  ): InjectedFault | undefined {
    this.counts.calls[operation]++;
    if (!this.enabled || this.kindTotal <= 0 || !(this.random() < this.rates[operation])) {
      return undefined;
    }
    let pick = this.random() * this.kindTotal;
    let kind: SqsFaultKind = this.kindWeights[this.kindWeights.length - 1][0];
    for (const [k, w] of this.kindWeights) {
      if (pick < w) {
        kind = k;
        break;
      }
      pick -= w;
    }
    // Partial failure needs two entries at least; anything smaller fails whole instead.
    if (kind === 'partial-batch' && entries < 2) kind = 'server-error';
    // A throttled call never reaches SQS; a partial batch is neither phase alone, and counts as
    // a lost response because part of it took effect.
    const phase: SqsFaultPhase =
      kind === 'throttle'
        ? 'request-lost'
        : kind === 'partial-batch' || this.random() < this.responseLostShare
          ? 'response-lost'
          : 'request-lost';
    const fault: InjectedFault = { operation, action, kind, phase };
    this.counts.faults++;
    this.counts.byOperation[operation]++;
    this.counts.byKind[kind]++;
    this.counts.byPhase[phase]++;
    this.onFault?.(fault);
    return fault;
  }

  private async faulty<R>(
    operation: SqsFaultOperation,
    action: string,
    options: SqsCallOptions | undefined,
    call: () => Promise<R>,
  ): Promise<R> {
    const fault = this.draw(operation, action, 1);
    if (!fault) return call();
    if (fault.phase === 'response-lost') await call();
    return this.fail(fault, options?.abortSignal);
  }

  private async faultyBatch<I extends BatchInput, R>(
    operation: SqsFaultOperation,
    action: string,
    input: I,
    options: SqsCallOptions | undefined,
    call: (input: I) => Promise<R>,
  ): Promise<R> {
    const entries = input.Entries ?? [];
    const fault = this.draw(operation, action, entries.length);
    if (!fault) return call(input);
    if (fault.kind === 'partial-batch') {
      // Each entry fails with even odds; at least one fails and at least one goes through.
      const failing = new Set<number>();
      for (let i = 0; i < entries.length; i++) if (this.random() < 0.5) failing.add(i);
      if (failing.size === 0) failing.add(Math.floor(this.random() * entries.length));
      if (failing.size === entries.length) failing.delete(0);
      const kept = entries.filter((_, i) => !failing.has(i));
      const out = await call({ ...input, Entries: kept });
      const failed: BatchResultErrorEntry[] = [...failing].map((i) => ({
        Id: entries[i].Id,
        SenderFault: false,
        Code: 'InternalError',
        Message: 'We encountered an internal error. Please try again.',
      }));
      return { ...out, Failed: [...failedOf(out), ...failed] };
    }
    if (fault.phase === 'response-lost') await call(input);
    return this.fail(fault, options?.abortSignal);
  }

  /** Rejects as the fault says; a timeout first hangs on the clock (an abort ends it early). */
  private fail(fault: InjectedFault, signal: AbortSignal | undefined): Promise<never> {
    if (fault.kind !== 'timeout') return Promise.reject(errorOf(fault, this.random()));
    return new Promise<never>((_, reject) => {
      if (signal?.aborted) {
        reject(abortError());
        return;
      }
      const onAbort = (): void => {
        this.clock.clearTimer(timer);
        reject(abortError());
      };
      const timer = this.clock.setTimer(
        () => {
          signal?.removeEventListener('abort', onAbort);
          reject(timeoutError(this.timeoutMs));
        },
        this.timeoutMs,
        { keepAlive: true },
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/** The error a client sees for a fault (timeouts aside), shaped like the SDK's. */
function errorOf(fault: InjectedFault, coin: number): Error {
  switch (fault.kind) {
    case 'throttle':
      return coin < 0.5
        ? new SqsError(THROTTLING_EXCEPTION, 'Rate exceeded')
        : new SqsError(SQS_ERRORS.RequestThrottled, 'Request is throttled.');
    case 'connection-reset':
      return Object.assign(new Error(coin < 0.5 ? 'socket hang up' : 'read ECONNRESET'), {
        code: 'ECONNRESET',
        $metadata: {},
      });
    default:
      return new SqsError(
        SQS_ERRORS.InternalError,
        'We encountered an internal error. Please try again.',
      );
  }
}

function timeoutError(ms: number): Error {
  return Object.assign(new Error(`Connection timed out after ${ms} ms`), {
    name: 'TimeoutError',
    code: 'ETIMEDOUT',
    $metadata: {},
  });
}

function abortError(): Error {
  return Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
}

/** The entries a batch result already reports as failed. */
function failedOf(out: unknown): readonly BatchResultErrorEntry[] {
  // Every batch result the port defines has `Failed`, as the SDK's types say.
  return (out as { Failed?: BatchResultErrorEntry[] } | undefined)?.Failed ?? [];
}

function zeroes<K extends string>(keys: readonly K[]): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const k of keys) out[k] = 0;
  return out;
}

/**
 * A small, fast, seeded pseudo-random generator (mulberry32) returning numbers in [0, 1): the
 * same seed gives the same sequence, so fault runs replay.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
