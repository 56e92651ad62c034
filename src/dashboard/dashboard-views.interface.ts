/**
 * What the dashboard's JSON API returns: the shapes the page renders. Everything here is plain
 * data (no functions, no class instances), ready for JSON.stringify.
 */

/** Visible, in-flight and delayed counts of a queue (exact on the emulator, approximate on SQS). */
export interface DashboardQueueCounts {
  readonly visible: number;
  readonly inflight: number;
  readonly delayed: number;
}

/** Messages a second over the last minute, oldest first (one entry per second). */
export interface DashboardThroughput {
  /** Messages in: sent to the queue (or dead-lettered into it). See `DashboardState.arrivals`. */
  readonly sent: readonly number[];
  /** Messages out: deleted (on `aws`: processed by this application's consumers). */
  readonly deleted: readonly number[];
}

/** A message move task (StartMessageMoveTask) as ListMessageMoveTasks reports it. */
export interface DashboardMoveTask {
  readonly status: string;
  readonly moved: number;
  readonly toMove: number | undefined;
  /** Present while the task runs: what CancelMessageMoveTask needs. */
  readonly taskHandle?: string;
  /** Id of the destination queue, when the task was given one (else: the source queues). */
  readonly destination?: string;
  readonly startedAt: number | undefined;
  readonly failureReason?: string;
}

/** One queue on the overview. */
export interface DashboardQueueView {
  /** The key the API and page use: the logical name in an app, the queue name on the CLI. */
  readonly id: string;
  /** Physical SQS queue name. */
  readonly name: string;
  readonly url: string;
  readonly arn: string;
  readonly fifo: boolean;
  /**
   * Whether the application declared it (SqsModule's `queues`). On the memory backend the
   * dashboard also lists the emulator's other queues (created by other clients through its SQS
   * endpoint), after the declared ones; on the standalone emulator no queue is declared.
   */
  readonly declared: boolean;
  /** Null when the counts could not be read (see `error`). */
  readonly counts: DashboardQueueCounts | null;
  readonly error?: string;
  /** Id of this queue's dead-letter queue, if it has a redrive policy. */
  readonly deadLetterQueue?: string;
  readonly maxReceiveCount?: number;
  /** Ids of the queues whose dead-letter queue this is (empty for an ordinary queue). */
  readonly deadLetterSources: readonly string[];
  readonly throughput: DashboardThroughput;
  /** The most recent move task out of this dead-letter queue. */
  readonly moveTask?: DashboardMoveTask;
}

/** The last failure a consumer saw. */
export interface DashboardConsumerError {
  readonly message: string;
  readonly handler?: string;
  readonly messageId?: string;
  readonly at: number;
}

/**
 * One handler (`@SqsHandler` method) of a consumer. It runs when its queue's consumer runs (the
 * consumer's `state`). Decorators stacked on one method share its row.
 */
export interface DashboardHandlerView {
  /** `ClassName.methodName`. */
  readonly handler: string;
  /** Messages inside it now. */
  readonly running: number;
  /** Messages it handled successfully since boot (each message of a batch counts). */
  readonly processed: number;
  /** Its failed attempts since boot (each message of a failed batch counts). */
  readonly failed: number;
  /** Its last failure. */
  readonly lastError?: DashboardConsumerError;
}

/** One consumer (all the handlers of one queue). */
export interface DashboardConsumerView {
  /** Queue id (logical name). */
  readonly queue: string;
  readonly state: 'stopped' | 'running' | 'stopping';
  /** Names of its handlers (`ClassName.methodName`). */
  readonly handlers: readonly string[];
  /** The same handlers with their own counts. */
  readonly handlerStats: readonly DashboardHandlerView[];
  readonly concurrency: number;
  /** Messages received and not yet settled (running or waiting for a slot or their group). */
  readonly inFlight: number;
  /** Messages inside handlers now. */
  readonly running: number;
  /** Messages handled successfully since boot, by every handler. */
  readonly processed: number;
  /**
   * Failed attempts since boot: the handlers' plus messages no handler took (an unknown message
   * type, under the `fail` policy).
   */
  readonly failed: number;
  /** The last failure of the queue: a handler's, or a backend call's. */
  readonly lastError?: DashboardConsumerError;
}

/** Whether messages can be shown without receiving them, and if not, why. */
export interface DashboardPeekSupport {
  readonly available: boolean;
  readonly reason?: string;
}

/** Everything the overview shows; pushed on the event stream. */
export interface DashboardState {
  /** e.g. `memory`, `aws`, `emulator` — shown in the header. */
  readonly backend: string;
  readonly readOnly: boolean;
  readonly peek: DashboardPeekSupport;
  readonly queues: readonly DashboardQueueView[];
  /** Null where there are no consumers to control (the standalone emulator). */
  readonly consumers: readonly DashboardConsumerView[] | null;
  /**
   * How the sparklines' "in" is known: `counted` (every send, on the emulator) or `estimated`
   * (elsewhere: from the growth of the queue's counts between polls plus what this application
   * processed meanwhile; a lower bound, as other consumers hide arrivals).
   */
  readonly arrivals: 'counted' | 'estimated';
  readonly generatedAt: number;
}

/** A message attribute, binary values in base64. */
export interface DashboardMessageAttribute {
  readonly type: string;
  readonly value: string;
}

/**
 * The last failed attempt of a message, as this application's consumers saw it: in a dead-letter
 * queue, why the message is there.
 */
export interface DashboardMessageFailure {
  /** The handler's error (`Name: message`, cut at 1,000 characters). */
  readonly error: string;
  /** `ClassName.methodName`; absent when no handler took the message (an unknown type). */
  readonly handler?: string;
  /** When the attempt failed (epoch ms). */
  readonly at: number;
  /** The message's receive count on that attempt. */
  readonly receiveCount: number;
}

/** A message seen without receiving it. */
export interface DashboardMessage {
  readonly messageId: string;
  readonly body: string;
  readonly state: 'visible' | 'inflight' | 'delayed';
  readonly receiveCount: number;
  readonly sentTimestamp: number;
  readonly firstReceiveTimestamp?: number;
  /** When a delayed or in-flight message becomes visible (epoch ms). */
  readonly visibleAt?: number;
  readonly groupId?: string;
  readonly deduplicationId?: string;
  readonly sequenceNumber?: string;
  /** ARN of the queue it was dead-lettered from. */
  readonly deadLetterSourceArn?: string;
  readonly attributes: Readonly<Record<string, DashboardMessageAttribute>>;
  /**
   * Its last failed attempt, if this application's consumers saw one (recently: the dashboard
   * remembers a bounded number). Absent for a message that failed in another process, or whose
   * failure was forgotten.
   */
  readonly lastFailure?: DashboardMessageFailure;
}

/** The answer of `GET api/messages`. */
export interface DashboardMessagesView {
  readonly queue: string;
  readonly peek: DashboardPeekSupport;
  readonly messages: readonly DashboardMessage[];
}
