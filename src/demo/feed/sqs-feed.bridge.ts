import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { SqsEvents, type SqsMessage } from '../../index';
import { DemoFeed } from './demo-feed.service';

/**
 * Turns the module's `SqsEvents` (received, processed, failed, dead-lettered) into feed events,
 * so handlers only do their work and throw or return: the ack contract is all they know.
 */
@Injectable()
export class SqsFeedBridge implements OnModuleInit, OnModuleDestroy {
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly events: SqsEvents,
    private readonly feed: DemoFeed,
  ) {}

  onModuleInit(): void {
    this.unsubscribe.push(
      this.events.on('messageReceived', ({ queue, message }) =>
        this.feed.publish({ type: 'received', ...fieldsOf(queue, message) }),
      ),
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

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
