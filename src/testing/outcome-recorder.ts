import type { SqsEvents } from '../consumer/sqs-events';
import type { Clock } from '../clock/clock.interface';
import type { EmulatorEvent } from '../emulator/emulator-events';
import type { SqsEventName } from '../interfaces/sqs-events.interface';
import type { SqsMessage } from '../interfaces/sqs-message.interface';
import type { SqsOutcome, SqsOutcomeKind } from './interfaces/sqs-test-outcome.interface';
import type { QueueDirectory } from './queue-directory';
import type { SqsTestEmulator } from './sqs-test-emulator';
import { decodeBody } from './test-message.factory';

/** Module events that only tell the harness that something moved. */
const ACTIVITY_EVENTS: readonly SqsEventName[] = [
  'messageReceived',
  'consumerStarted',
  'consumerStopped',
  'error',
];

/**
 * Records what happens to messages, from the module's events (processed, failed) and the
 * emulator's (moved to a dead-letter queue), in order; and counts every event, so the harness
 * can tell a busy system from a quiet one.
 */
export class OutcomeRecorder {
  private entries: SqsOutcome[] = [];
  private readonly lastFailure = new Map<string, SqsOutcome>();
  private events = 0;

  constructor(
    sqsEvents: SqsEvents,
    private readonly emulator: SqsTestEmulator,
    private readonly directory: QueueDirectory,
    private readonly clock: Clock,
  ) {
    const touch = () => void this.events++;
    sqsEvents.on('messageProcessed', (e) => {
      touch();
      this.lastFailure.delete(e.message.id);
      this.push(this.fromMessage('processed', e.queue, e.message, e.handler, undefined));
    });
    sqsEvents.on('messageFailed', (e) => {
      touch();
      const entry = this.fromMessage('failed', e.queue, e.message, e.handler, e.error);
      const failed = { ...entry, retryDelaySeconds: e.retryDelaySeconds };
      this.lastFailure.set(entry.messageId, failed);
      this.push(failed);
    });
    for (const name of ACTIVITY_EVENTS) sqsEvents.on(name, touch);
    emulator.events.on((e) => {
      touch();
      if (e.type === 'deadLettered') this.deadLettered(e);
    });
  }

  /** Events seen so far (any kind). */
  get activity(): number {
    return this.events;
  }

  /** Every outcome since the start (or the last `clear`), oldest first. */
  list(): readonly SqsOutcome[] {
    return this.entries;
  }

  clear(): void {
    this.entries = [];
    this.lastFailure.clear();
  }

  private push(entry: SqsOutcome): void {
    this.entries.push(entry);
  }

  private fromMessage(
    outcome: SqsOutcomeKind,
    queue: string,
    message: SqsMessage<unknown>,
    handler: string | undefined,
    error: unknown,
  ): SqsOutcome {
    return {
      queue,
      outcome,
      messageId: message.id,
      body: message.body,
      receiveCount: message.receiveCount,
      handler,
      error,
      retryDelaySeconds: undefined,
      at: new Date(this.clock.now()),
      message,
    };
  }

  private deadLettered(e: Extract<EmulatorEvent, { type: 'deadLettered' }>): void {
    const source = this.directory.byPhysicalName(e.queueName);
    if (!source) return;
    const failure = this.lastFailure.get(e.messageId);
    let body = failure?.body;
    let receiveCount = failure?.receiveCount;
    if (!failure) {
      const moved = this.emulator
        .peekMessages(e.deadLetterQueueName, { limit: Infinity })
        .find((m) => m.messageId === e.messageId);
      const sent = this.emulator.findSent(e.messageId);
      const raw = moved ?? sent;
      if (raw) {
        const attributes = moved ? moved.messageAttributes : sent?.messageAttributes;
        body = decodeBody(source, e.messageId, raw.body, attributes).body;
      }
      receiveCount = moved?.receiveCount;
    }
    this.push({
      queue: source.name,
      outcome: 'dead-lettered',
      messageId: e.messageId,
      body,
      receiveCount: receiveCount ?? 0,
      handler: failure?.handler,
      error: failure?.error,
      retryDelaySeconds: undefined,
      at: new Date(this.clock.now()),
      message: undefined,
    });
  }
}
