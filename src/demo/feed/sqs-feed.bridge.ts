import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { SqsEvents, type SqsMessage } from '../../index';
import { DemoFeed } from './demo-feed.service';

/** Message ids remembered as announced: enough for any burst the page can show. */
const REMEMBERED_IDS = 10_000;

/**
 * Turns the module's `SqsEvents` (received, processed, failed, dead-lettered) into feed events,
 * so handlers only do their work and throw or return: the ack contract is all they know.
 *
 * The notifier learns of a message only from the queue, never from the orders service: the first
 * time it receives one it announces it as `sent` (dated when SQS accepted it), so orders placed
 * while it was down arrive on the page, late but complete, when it comes back.
 */
@Injectable()
export class SqsFeedBridge implements OnModuleInit, OnModuleDestroy {
  private readonly unsubscribe: (() => void)[] = [];
  /** Ids already announced, oldest first (a Map keeps insertion order). */
  private readonly announced = new Map<string, true>();

  constructor(
    private readonly events: SqsEvents,
    private readonly feed: DemoFeed,
  ) {}

  onModuleInit(): void {
    this.unsubscribe.push(
      this.events.on('messageReceived', ({ queue, message }) => {
        this.announce(queue, message);
        this.feed.publish({ type: 'received', ...fieldsOf(queue, message) });
      }),
      this.events.on('messageProcessed', ({ queue, message, durationMs }) =>
        this.feed.publish({
          type: 'processed',
          ...fieldsOf(queue, message),
          durationMs: Math.round(durationMs),
        }),
      ),
      this.events.on('messageFailed', ({ queue, message, error, retryDelaySeconds }) =>
        this.feed.publish({
          type: 'failed',
          ...fieldsOf(queue, message),
          retryInSeconds: retryDelaySeconds,
          error: reasonOf(error),
        }),
      ),
      this.events.on('messageDeadLettered', ({ queue, message, error }) =>
        this.feed.publish({
          type: 'dead-lettered',
          ...fieldsOf(queue, message),
          error: reasonOf(error),
        }),
      ),
    );
  }

  onModuleDestroy(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }

  /** A `sent` event for a message this notifier has not seen yet. */
  private announce(queue: string, message: SqsMessage<unknown>): void {
    if (this.announced.has(message.id)) return;
    this.announced.set(message.id, true);
    if (this.announced.size > REMEMBERED_IDS) {
      const oldest = this.announced.keys().next();
      if (!oldest.done) this.announced.delete(oldest.value);
    }
    const body = parseBody(message.raw.Body);
    this.feed.publish({
      type: 'sent',
      queue,
      messageId: message.id,
      at: message.sentAt.toISOString(),
      ...(body !== undefined ? { body } : {}),
      ...(message.groupId !== undefined ? { groupId: message.groupId } : {}),
      waitedMs: Math.max(0, Date.now() - message.sentAt.getTime()),
    });
  }
}

function fieldsOf(queue: string, message: SqsMessage<unknown>) {
  return {
    queue,
    messageId: message.id,
    // Undefined on messageReceived: the consumer decodes a body when its handler is about to run.
    ...(message.body !== undefined ? { body: message.body } : {}),
    attempt: message.receiveCount,
    ...(message.groupId !== undefined ? { groupId: message.groupId } : {}),
  };
}

/** The JSON body the demo's producers send; anything else (a client's own text) is left out. */
function parseBody(raw: string | undefined): unknown {
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
