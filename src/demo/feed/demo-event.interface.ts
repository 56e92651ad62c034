/** What happened to a message, as the page and the event stream show it. */
export type DemoMessageEventType = 'sent' | 'received' | 'processed' | 'failed' | 'dead-lettered';

/** One step of a message's life, pushed on `/orders/events`. */
export interface DemoMessageEvent {
  /** Position in the app's feed, from 1. */
  readonly seq: number;
  /** When it happened (ISO 8601). */
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
  /** How long the handler ran (processed). */
  readonly durationMs?: number;
  /** Delay before the next attempt (failed). */
  readonly retryInSeconds?: number;
  /** Why the handler failed (failed, dead-lettered). */
  readonly error?: string;
  /** The queue's counts with this event included: counters shown from events stay in step. */
  readonly counts: QueueCounts;
}

/** The first event of every stream: how the demo runs, so the page can say so. */
export interface DemoHelloEvent {
  readonly type: 'hello';
  readonly backend: 'memory' | 'aws';
  readonly autoStartup: boolean;
  readonly failureRate: number;
  readonly maxReceiveCount: number;
  readonly retryDelaySeconds: number;
  /** The SQS endpoint (the emulator's on `memory`); absent for AWS's own endpoints. */
  readonly sqsEndpoint?: string;
  /** The counts so far; each later event carries its queue's. */
  readonly counts: { readonly orders: QueueCounts; readonly payments: QueueCounts };
}

/** What happened to one queue's messages since the app started. */
export interface QueueCounts {
  /** Messages the demo sent. */
  sent: number;
  /** Handled successfully (and deleted). */
  processed: number;
  /** Failed attempts (each one is retried after the backoff, or dead-lettered). */
  failedAttempts: number;
  /** Messages whose last attempt failed: SQS moves them to the dead-letter queue. */
  deadLettered: number;
}
