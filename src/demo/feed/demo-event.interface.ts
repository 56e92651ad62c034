/** What happened to a message, as the page and the WebSocket feed show it. */
export type DemoMessageEventType = 'sent' | 'received' | 'processed' | 'failed' | 'dead-lettered';

/** One step of a message's life, pushed on the notifier's WebSocket feed. */
export interface DemoMessageEvent {
  /** Position in this notifier's feed, from 1: what a page sends back to resume after a drop. */
  readonly seq: number;
  /** When it happened (ISO 8601); for `sent`, when SQS accepted the message. */
  readonly at: string;
  readonly type: DemoMessageEventType;
  /** Logical queue name (`orders`, `payments`). */
  readonly queue: string;
  readonly messageId: string;
  /** The decoded body, an order or a payment (not on `received`: it is decoded later). */
  readonly body?: unknown;
  /** Receive count of this attempt (received, processed, failed, dead-lettered). */
  readonly attempt?: number;
  /** FIFO message group. */
  readonly groupId?: string;
  /** How long the message waited in the queue before this notifier first received it (sent). */
  readonly waitedMs?: number;
  /** How long the handler ran (processed). */
  readonly durationMs?: number;
  /** Delay before the next attempt (failed). */
  readonly retryInSeconds?: number;
  /** Why the handler failed (failed, dead-lettered). */
  readonly error?: string;
  /** The queue's counts with this event included: counters shown from events stay in step. */
  readonly counts: QueueCounts;
}

/**
 * The first message on every WebSocket connection: how the demo runs, the counts so far, and the
 * events the page missed while it was away (or, on a first visit, the notifier's recent history).
 */
export interface DemoHelloEvent {
  readonly type: 'hello';
  /** Identifies this run of the notifier: a page that saw another one missed a restart. */
  readonly instance: string;
  /** When this notifier started (ISO 8601): its counts are since then. */
  readonly startedAt: string;
  readonly backend: 'emulator' | 'aws';
  readonly autoStartup: boolean;
  readonly failureRate: number;
  readonly maxReceiveCount: number;
  readonly retryDelaySeconds: number;
  /** The SQS endpoint (the emulator's, by default); absent for AWS's own endpoints. */
  readonly sqsEndpoint?: string;
  /** The emulator's own dashboard, when the demo runs one. */
  readonly emulatorDashboard?: string;
  /** The counts as of `lastSeq`; each later event carries its queue's. */
  readonly counts: { readonly orders: QueueCounts; readonly payments: QueueCounts };
  /** The newest event's `seq` (0 before the first). */
  readonly lastSeq: number;
  /**
   * Events the page has not seen, oldest first: those after the `after` it sent, when it last
   * talked to this same notifier (`resumed`); else every event the notifier still keeps.
   */
  readonly missed: readonly DemoMessageEvent[];
  /** Whether `missed` continues where the page left off (same notifier instance). */
  readonly resumed: boolean;
  /** Events the page missed that are too old to be replayed (the feed keeps the latest only). */
  readonly dropped: number;
}

/** What happened to one queue's messages since the notifier started. */
export interface QueueCounts {
  /** Messages the notifier has seen: each one's first receive is announced as `sent` first. */
  sent: number;
  /** Handled successfully (and deleted). */
  processed: number;
  /** Failed attempts (each one is retried after the backoff, or dead-lettered). */
  failedAttempts: number;
  /** Messages whose last attempt failed: SQS moves them to the dead-letter queue. */
  deadLettered: number;
}

/** What the page sends back when it (re)connects: `/ws?instance=…&after=…`. */
export interface FeedResumePoint {
  /** The `instance` of the notifier it last heard from. */
  readonly instance?: string;
  /** The last `seq` it saw from that instance. */
  readonly after?: number;
}

/** A message on the feed's WebSocket, server to browser (JSON text frames). */
export type FeedFrame =
  | { readonly event: 'hello'; readonly data: DemoHelloEvent }
  | { readonly event: 'message'; readonly data: DemoMessageEvent };

/** Path of the feed's WebSocket, on the notifier and, forwarded, on the orders service. */
export const FEED_PATH = '/ws';
