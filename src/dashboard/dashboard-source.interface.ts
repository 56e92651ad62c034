import type { SqsPort } from '../port/sqs-port.interface';
import type {
  DashboardConsumerView,
  DashboardMessage,
  DashboardMessageFailure,
  DashboardQueueCounts,
} from './dashboard-views.interface';

/** A queue the dashboard shows, resolved to its URL and ARN. */
export interface DashboardQueueRef {
  /** The key the page uses: the logical name in an app, the queue name on the CLI. */
  readonly id: string;
  /** Physical SQS queue name. */
  readonly name: string;
  readonly url: string;
  readonly arn: string;
  readonly fifo: boolean;
  readonly deadLetterTargetArn?: string;
  readonly maxReceiveCount?: number;
  /** Whether the application declared it (SqsModule's `queues`). Default false. */
  readonly declared?: boolean;
  /** Where its calls go, when not the source's `port` (a queue in another region or account). */
  readonly port?: SqsPort;
}

/** Reads messages without receiving them: the emulator in-process, or its HTTP inspection API. */
export interface MessagePeeker {
  peek(queue: DashboardQueueRef, limit: number): Promise<DashboardMessage[]>;
  /**
   * Deletes one message by id without a receipt handle, where the backend can (the emulator
   * in-process). Without it the dashboard receives until it finds the message.
   */
  deleteById?(queue: DashboardQueueRef, messageId: string): Promise<boolean>;
}

/** Peeking, or why it is not possible on this backend. */
export type PeekerLookup =
  | { readonly peeker: MessagePeeker; readonly reason?: undefined }
  | { readonly peeker?: undefined; readonly reason: string };

/** The consumers of an application, as the dashboard controls them. */
export interface DashboardConsumers {
  status(): DashboardConsumerView[];
  start(queue: string): Promise<void>;
  stop(queue: string): Promise<void>;
}

/** Something that moves a queue's throughput: a message sent to it or deleted from it. */
export type DashboardActivity = 'sent' | 'deleted';

/** Events counted over a span of time rather than seen one by one (an estimate from polls). */
export interface DashboardActivitySpan {
  readonly count: number;
  /** Start of the span (epoch ms); it ends now. */
  readonly since: number;
}

/** Hears one event as it happens, or with `span`, a number of them over a span of time. */
export type DashboardActivityListener = (
  queueName: string,
  activity: DashboardActivity,
  span?: DashboardActivitySpan,
) => void;

/** Where the dashboard's data comes from. */
export interface DashboardSource {
  /** Shown in the header: `memory`, `aws`, `emulator`… */
  readonly backend: string;
  /** Sends, move tasks, purges and deletes go through the port: SQS's own semantics. */
  readonly port: SqsPort;
  /** The queues to show, in display order. */
  queues(): Promise<DashboardQueueRef[]>;
  /** Counts by queue id; a queue whose counts could not be read maps to the error. */
  counts(queues: readonly DashboardQueueRef[]): Promise<Map<string, DashboardQueueCounts | Error>>;
  /** How to peek, or why peeking is not possible. */
  peeker(): Promise<PeekerLookup>;
  /** The application's consumers; undefined where there are none (the standalone emulator). */
  readonly consumers?: DashboardConsumers;
  /**
   * The last failed attempt this application's consumers saw of a message, if remembered: why a
   * dead-lettered message is there. Absent where no consumer runs (the standalone emulator).
   */
  lastFailure?(messageId: string): DashboardMessageFailure | undefined;
  /**
   * Reports activity by physical queue name, for the throughput sparklines. Returns the
   * function that unsubscribes.
   */
  onActivity(listener: DashboardActivityListener): () => void;
  /**
   * How the "sent" (in) side of the sparklines is known: `counted`, every send seen as it
   * happens (the emulator), or `estimated` from the counts between polls (see the source).
   * Default `counted`.
   */
  readonly arrivals?: 'counted' | 'estimated';
  /** Releases what the source subscribed to. */
  dispose?(): void;
}
