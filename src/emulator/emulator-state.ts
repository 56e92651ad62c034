import type { Clock } from '../clock/clock.interface';
import { SystemClock } from '../clock/system-clock';
import { EmulatorEvents } from './emulator-events';
import type { StateJournal } from './persistence/state-journal';
import { MessageMoveTasks } from './move-tasks/message-move-tasks';
import { QueueRegistry } from './queue/queue-registry';
import type { QueueHost, SqsQueue } from './queue/sqs-queue';
import type { EmulatorRequestContext, SqsEmulatorOptions } from './sqs-emulator-options.interface';
import type { InvalidCharacterPolicy } from './validation/message-validation';

/**
 * What every action of one emulator reads and changes: its queues, clock, observers, move tasks
 * and settings. {@link SqsEmulator} owns one and hands it to the action files under `actions/`,
 * which are plain functions so that the emulator's own fields stay private.
 */
export class EmulatorState {
  readonly clock: Clock;
  readonly region: string;
  readonly accountId: string;
  readonly baseUrl: string;
  readonly strict: boolean;
  readonly invalidCharacters: InvalidCharacterPolicy;
  readonly senderId: string;
  /** Observers of what happens to messages (sent, received, deleted, dead-lettered). */
  readonly events = new EmulatorEvents();
  readonly queues: QueueRegistry;
  /** What each queue may ask of the emulator (the clock, other queues by ARN, observers). */
  readonly host: QueueHost;
  readonly moveTasks: MessageMoveTasks;
  /** Where every change goes when the state is kept on disk (`persistence`); else undefined. */
  journal: StateJournal | undefined = undefined;

  constructor(options: SqsEmulatorOptions) {
    this.clock = options.clock ?? new SystemClock();
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '000000000000';
    this.baseUrl = (options.baseUrl ?? 'http://localhost:9324').replace(/\/+$/, '');
    this.strict = options.strict ?? false;
    this.invalidCharacters = options.invalidCharacters ?? 'reject';
    this.senderId = options.senderId ?? this.accountId;
    this.queues = new QueueRegistry(this.accountId);
    this.host = {
      clock: this.clock,
      queueByArn: (arn) => this.queues.byQueueArn(arn),
      onDeadLettered: (from, to, message) =>
        this.events.emit({
          type: 'deadLettered',
          queueName: from.name,
          deadLetterQueueName: to.name,
          messageId: message.messageId,
        }),
      journal: undefined,
    };
    this.moveTasks = new MessageMoveTasks(this.host);
  }

  /** Sends every later change to `journal` (after a restore, which must not be journaled). */
  attachJournal(journal: StateJournal): void {
    this.journal = journal;
    this.host.journal = journal;
    this.moveTasks.journal = journal;
  }

  arnOf(name: string): string {
    return `arn:aws:sqs:${this.region}:${this.accountId}:${name}`;
  }

  /** A queue's URL under the request's origin (the HTTP Host) or else the emulator's base URL. */
  urlOf(queue: SqsQueue, ctx?: EmulatorRequestContext): string {
    return this.urlOfName(queue.name, ctx);
  }

  urlOfName(name: string, ctx?: EmulatorRequestContext): string {
    const base = ctx?.baseUrl ? ctx.baseUrl.replace(/\/+$/, '') : this.baseUrl;
    return `${base}/${this.accountId}/${name}`;
  }
}
