import type { Clock } from '../clock/clock.interface';
import type { SqsUnhandledMessagePolicy } from '../interfaces/sqs-consumer-options.interface';
import type { SqsLogger } from '../interfaces/sqs-logger.interface';
import type { SqsResolvedQueue } from '../interfaces/sqs-resolved-queue.interface';
import type { SqsPort } from '../port/sqs-port.interface';
import type { ConsumerRoute } from './consumer-route';
import type { SqsEvents } from './sqs-events';

/**
 * A consumer's tunables, resolved from handler, queue and module options (no defaults left to
 * apply). Declared once: the module's plan carries them, and the consumer runs with them.
 */
export interface SqsConsumerSettings {
  readonly concurrency: number;
  /** Messages received ahead of free workers, beyond `concurrency` (see `SqsConsumerOptions`). */
  readonly prefetch: number;
  readonly batchSize: number;
  readonly waitTimeSeconds: number;
  /** Requested on every receive; undefined uses the queue's own (`queue.visibilityTimeout`). */
  readonly visibilityTimeout: number | undefined;
  /** Heartbeat fraction; undefined turns the heartbeat off. */
  readonly heartbeatFraction: number | undefined;
  readonly pollIntervalMs: number;
  readonly unhandledMessages: SqsUnhandledMessagePolicy;
}

/** Everything one queue's consumer runs with, resolved (no defaults left to apply). */
export interface SqsConsumerConfig extends SqsConsumerSettings {
  readonly queue: Pick<
    SqsResolvedQueue,
    | 'name'
    | 'url'
    | 'fifo'
    | 'codec'
    | 'messageTypeAttribute'
    | 'visibilityTimeout'
    | 'maxReceiveCount'
    | 'deadLetterTargetArn'
  >;
  readonly port: SqsPort;
  readonly clock: Clock;
  readonly logger: SqsLogger | undefined;
  readonly events: SqsEvents;
  readonly routes: readonly ConsumerRoute[];
  readonly shutdownTimeoutMs: number;
  /** Log a failed message's body at debug level (`SqsModuleOptions.logMessageBodies`). */
  readonly logMessageBodies?: boolean;
  /** See `SqsBackend.inProcess`: what a shutdown that gives up on handlers says of their messages. */
  readonly inProcessBackend?: boolean;
  /** See `SqsBackend.receiveAbortGraceMs`: 0 aborts open receives at once on stop. */
  readonly receiveAbortGraceMs: number;
  /**
   * A receive not answered this long after it was sent is aborted and retried like a failure
   * (network clock, ms): a half-open connection must not hold slots for good. Undefined: never
   * (the in-process emulator always answers within its long poll).
   */
  readonly receiveTimeoutMs?: number;
  /**
   * The clock that times the receive abort grace and how long a stop waits for open receives:
   * they measure a network, so real time by default (a `SystemClock`). The consumer simulation
   * passes its virtual clock, whose network is simulated too.
   */
  readonly networkClock?: Clock;
  /** Random source for backend retry jitter (tests pin it). */
  readonly random?: () => number;
}

/** What `SqsConsumers.status()` reports per queue. */
export interface SqsConsumerStatus {
  readonly queue: string;
  readonly state: 'stopped' | 'running' | 'stopping';
  readonly handlers: readonly string[];
  readonly concurrency: number;
  /** Messages held: received and not yet settled (running, or waiting for a worker or their group). */
  readonly inFlight: number;
  /** Messages inside handlers now. */
  readonly running: number;
  /** Open ReceiveMessage requests. */
  readonly receiving: number;
  /** How long the longest-running handler call has been running (clock ms; 0 if none). */
  readonly longestRunningMs: number;
  /** Messages handled successfully since boot. */
  readonly processed: number;
  /** Failed attempts since boot. */
  readonly failed: number;
  /** The same counts per handler (decorators stacked on one method share its row). */
  readonly byHandler: readonly SqsHandlerStatus[];
}

/** One handler's share of {@link SqsConsumerStatus}. */
export interface SqsHandlerStatus {
  /** `ClassName.methodName`. */
  readonly handler: string;
  /** Messages inside this handler now. */
  readonly running: number;
  /** Messages it handled successfully since boot. */
  readonly processed: number;
  /** Its failed attempts since boot. */
  readonly failed: number;
}
