import type {
  AddPermissionRequest,
  CancelMessageMoveTaskRequest,
  CancelMessageMoveTaskResult,
  ChangeMessageVisibilityBatchRequest,
  ChangeMessageVisibilityBatchResult,
  ChangeMessageVisibilityRequest,
  CreateQueueRequest,
  CreateQueueResult,
  DeleteMessageBatchRequest,
  DeleteMessageBatchResult,
  DeleteMessageRequest,
  DeleteQueueRequest,
  GetQueueAttributesRequest,
  GetQueueAttributesResult,
  GetQueueUrlRequest,
  GetQueueUrlResult,
  ListDeadLetterSourceQueuesRequest,
  ListDeadLetterSourceQueuesResult,
  ListMessageMoveTasksRequest,
  ListMessageMoveTasksResult,
  ListQueuesRequest,
  ListQueuesResult,
  ListQueueTagsRequest,
  ListQueueTagsResult,
  PurgeQueueRequest,
  ReceiveMessageRequest,
  ReceiveMessageResult,
  RemovePermissionRequest,
  SendMessageBatchRequest,
  SendMessageBatchResult,
  SendMessageRequest,
  SendMessageResult,
  SetQueueAttributesRequest,
  StartMessageMoveTaskRequest,
  StartMessageMoveTaskResult,
  TagQueueRequest,
  UntagQueueRequest,
} from '@aws-sdk/client-sqs';
import type { Clock } from '../clock/clock.interface';
import type { SqsPort } from '../port/sqs-port.interface';
import * as deadLetterActions from './actions/dead-letter-actions';
import * as deleteAndVisibilityActions from './actions/delete-and-visibility-actions';
import * as queueActions from './actions/queue-actions';
import * as receiveActions from './actions/receive-actions';
import * as sendActions from './actions/send-actions';
import * as tagAndPermissionActions from './actions/tag-and-permission-actions';
import type { EmulatorEvents } from './emulator-events';
import { EmulatorState } from './emulator-state';
import {
  findMessage,
  type PeekedMessage,
  type PeekOptions,
  peekMessages,
  type QueueSummary,
  summarizeQueue,
} from './inspection';
import {
  type EmulatorPersistence,
  type EmulatorPersistenceStatus,
  openPersistence,
} from './persistence/emulator-persistence';
import { SimulatedLatency } from './latency';
import type { SqsQueue } from './queue/sqs-queue';
import type { EmulatorRequestContext, SqsEmulatorOptions } from './sqs-emulator-options.interface';

/**
 * Amazon SQS in memory. Each method is one SQS action, taking and returning
 * `@aws-sdk/client-sqs`'s request and result shapes and throwing {@link SqsError}s with SQS's
 * codes and texts. Time comes from the injected {@link Clock}.
 *
 * This class holds the emulator's state and hands each action to the file of its chapter of the
 * SQS API reference, under `actions/`; the queues themselves are in `queue/`.
 *
 * With `persistence: { dir }` the state lives in a data directory too: the constructor restores
 * it, every action answers only once what it changed is written, and {@link close} ends it.
 *
 * @example
 * const sqs = new SqsEmulator({ clock: new ManualClock() });
 * const { QueueUrl } = await sqs.createQueue({ QueueName: 'orders' });
 * await sqs.sendMessage({ QueueUrl, MessageBody: 'hello' });
 */
export class SqsEmulator implements SqsPort {
  readonly clock: Clock;
  readonly region: string;
  readonly accountId: string;
  readonly baseUrl: string;
  readonly strict: boolean;
  /** Observers of what happens to messages (sent, received, deleted, dead-lettered). */
  readonly events: EmulatorEvents;
  private readonly state: EmulatorState;
  private readonly disk: EmulatorPersistence | undefined;
  private readonly latency: SimulatedLatency | undefined;

  /**
   * @throws with `persistence`, when the data directory cannot be used: PersistenceCorruptionError
   *   (naming the file and byte offset), PersistenceLockedError (another process has it),
   *   PersistenceWriteError (cannot create or write it), PersistedStateMismatchError (another
   *   account or region, or a newer format).
   */
  constructor(options: SqsEmulatorOptions = {}) {
    const state = new EmulatorState(options);
    this.state = state;
    this.clock = state.clock;
    this.region = state.region;
    this.accountId = state.accountId;
    this.baseUrl = state.baseUrl;
    this.strict = state.strict;
    this.events = state.events;
    const latency =
      options.latency === undefined ? undefined : new SimulatedLatency(options.latency);
    this.latency = latency?.active ? latency : undefined;
    this.disk = options.persistence ? openPersistence(state, options.persistence) : undefined;
  }

  /** The data directory and what was restored from it, with `persistence`; else undefined. */
  get persistence(): EmulatorPersistenceStatus | undefined {
    return this.disk;
  }

  /**
   * Writes what is pending and closes the data directory (with `persistence`; otherwise does
   * nothing). Afterwards actions that change state fail with InternalError. Idempotent.
   */
  close(): Promise<void> {
    return this.disk ? this.disk.close() : Promise.resolve();
  }

  // Each method returns its action's promise as it is (no `async` here), so an action takes as
  // many microtask turns as it did when its body lived in this class. With persistence, an action
  // that changes state answers after the journal's commit (`durable`); with `latency`, every
  // action waits on its way in and out (`answer`).

  private answer<T>(action: () => Promise<T>, ctx?: EmulatorRequestContext): Promise<T> {
    const latency = this.latency;
    return latency ? latency.around(action, ctx?.abortSignal) : action();
  }

  private durable<T>(action: () => Promise<T>, ctx?: EmulatorRequestContext): Promise<T> {
    const disk = this.disk;
    return this.answer(disk ? () => disk.journal.run(action) : action, ctx);
  }

  // ---- queues: actions/queue-actions.ts -----------------------------------------------------

  createQueue(input: CreateQueueRequest, ctx?: EmulatorRequestContext): Promise<CreateQueueResult> {
    return this.durable(() => queueActions.createQueue(this.state, input, ctx), ctx);
  }

  getQueueUrl(input: GetQueueUrlRequest, ctx?: EmulatorRequestContext): Promise<GetQueueUrlResult> {
    return this.answer(() => queueActions.getQueueUrl(this.state, input, ctx), ctx);
  }

  listQueues(
    input: ListQueuesRequest = {},
    ctx?: EmulatorRequestContext,
  ): Promise<ListQueuesResult> {
    return this.answer(() => queueActions.listQueues(this.state, input, ctx), ctx);
  }

  deleteQueue(input: DeleteQueueRequest): Promise<object> {
    return this.durable(() => queueActions.deleteQueue(this.state, input));
  }

  getQueueAttributes(input: GetQueueAttributesRequest): Promise<GetQueueAttributesResult> {
    return this.answer(() => queueActions.getQueueAttributes(this.state, input));
  }

  setQueueAttributes(input: SetQueueAttributesRequest): Promise<object> {
    return this.durable(() => queueActions.setQueueAttributes(this.state, input));
  }

  purgeQueue(input: PurgeQueueRequest): Promise<object> {
    return this.durable(() => queueActions.purgeQueue(this.state, input));
  }

  // ---- tags and permissions: actions/tag-and-permission-actions.ts ---------------------------

  tagQueue(input: TagQueueRequest): Promise<object> {
    return this.durable(() => tagAndPermissionActions.tagQueue(this.state, input));
  }

  untagQueue(input: UntagQueueRequest): Promise<object> {
    return this.durable(() => tagAndPermissionActions.untagQueue(this.state, input));
  }

  listQueueTags(input: ListQueueTagsRequest): Promise<ListQueueTagsResult> {
    return this.answer(() => tagAndPermissionActions.listQueueTags(this.state, input));
  }

  addPermission(input: AddPermissionRequest): Promise<object> {
    return this.durable(() => tagAndPermissionActions.addPermission(this.state, input));
  }

  removePermission(input: RemovePermissionRequest): Promise<object> {
    return this.durable(() => tagAndPermissionActions.removePermission(this.state, input));
  }

  // ---- sending: actions/send-actions.ts -------------------------------------------------------

  sendMessage(input: SendMessageRequest, ctx?: EmulatorRequestContext): Promise<SendMessageResult> {
    return this.durable(() => sendActions.sendMessage(this.state, input, ctx), ctx);
  }

  sendMessageBatch(
    input: SendMessageBatchRequest,
    ctx?: EmulatorRequestContext,
  ): Promise<SendMessageBatchResult> {
    return this.durable(() => sendActions.sendMessageBatch(this.state, input, ctx), ctx);
  }

  // ---- receiving: actions/receive-actions.ts --------------------------------------------------

  receiveMessage(
    input: ReceiveMessageRequest,
    ctx?: EmulatorRequestContext,
  ): Promise<ReceiveMessageResult> {
    return this.durable(() => receiveActions.receiveMessage(this.state, input, ctx), ctx);
  }

  // ---- deleting and visibility: actions/delete-and-visibility-actions.ts ----------------------

  deleteMessage(input: DeleteMessageRequest): Promise<object> {
    return this.durable(() => deleteAndVisibilityActions.deleteMessage(this.state, input));
  }

  deleteMessageBatch(input: DeleteMessageBatchRequest): Promise<DeleteMessageBatchResult> {
    return this.durable(() => deleteAndVisibilityActions.deleteMessageBatch(this.state, input));
  }

  changeMessageVisibility(input: ChangeMessageVisibilityRequest): Promise<object> {
    return this.durable(() =>
      deleteAndVisibilityActions.changeMessageVisibility(this.state, input),
    );
  }

  changeMessageVisibilityBatch(
    input: ChangeMessageVisibilityBatchRequest,
  ): Promise<ChangeMessageVisibilityBatchResult> {
    return this.durable(() =>
      deleteAndVisibilityActions.changeMessageVisibilityBatch(this.state, input),
    );
  }

  // ---- dead letters: actions/dead-letter-actions.ts -------------------------------------------

  listDeadLetterSourceQueues(
    input: ListDeadLetterSourceQueuesRequest,
    ctx?: EmulatorRequestContext,
  ): Promise<ListDeadLetterSourceQueuesResult> {
    return this.answer(
      () => deadLetterActions.listDeadLetterSourceQueues(this.state, input, ctx),
      ctx,
    );
  }

  startMessageMoveTask(input: StartMessageMoveTaskRequest): Promise<StartMessageMoveTaskResult> {
    return this.durable(() => deadLetterActions.startMessageMoveTask(this.state, input));
  }

  listMessageMoveTasks(input: ListMessageMoveTasksRequest): Promise<ListMessageMoveTasksResult> {
    return this.answer(() => deadLetterActions.listMessageMoveTasks(this.state, input));
  }

  cancelMessageMoveTask(input: CancelMessageMoveTaskRequest): Promise<CancelMessageMoveTaskResult> {
    return this.durable(() => deadLetterActions.cancelMessageMoveTask(this.state, input));
  }

  // ---- inspection (not part of SQS) -----------------------------------------------------------

  /** Every queue with its counts, without touching any message. */
  inspectQueues(ctx?: EmulatorRequestContext): QueueSummary[] {
    return this.state.queues.all().map((q) => {
      q.sweep();
      return summarizeQueue(q, this.state.urlOf(q, ctx));
    });
  }

  /**
   * The messages of a queue (by URL or name), without receiving them: no receive count,
   * visibility or timestamp changes.
   */
  peekMessages(queueUrlOrName: string, options: PeekOptions = {}): PeekedMessage[] {
    const queue = this.queueByUrlOrName(queueUrlOrName);
    queue.sweep();
    return peekMessages(queue, options);
  }

  /**
   * Deletes one message by its id, whatever its state, without receiving it (not SQS, which
   * deletes only by receipt handle): an operator's "delete this message" that leaves every other
   * message untouched. Returns whether the message was there.
   */
  deleteMessageById(queueUrlOrName: string, messageId: string): boolean {
    const queue = this.queueByUrlOrName(queueUrlOrName);
    queue.sweep();
    const message = findMessage(queue, messageId);
    if (!message) return false;
    queue.delete(message);
    const events = this.state.events;
    if (events.active) events.emit({ type: 'deleted', queueName: queue.name, messageId });
    return true;
  }

  /** Open long polls, on one queue (by URL) or on all. */
  pendingReceives(queueUrl?: string): number {
    const queues = this.state.queues;
    if (queueUrl !== undefined) return queues.resolve(queueUrl).pendingReceives;
    return queues.all().reduce((n, q) => n + q.pendingReceives, 0);
  }

  /** The URL of a queue by name (the emulator's base URL), or undefined. */
  queueUrlOf(name: string): string | undefined {
    const queue = this.state.queues.byQueueName(name);
    return queue ? this.state.urlOf(queue) : undefined;
  }

  private queueByUrlOrName(queueUrlOrName: string): SqsQueue {
    const queues = this.state.queues;
    return queues.byQueueName(queueUrlOrName) ?? queues.resolve(queueUrlOrName);
  }
}
