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

/** Per-call options every backend understands. */
export interface SqsCallOptions {
  /** Aborts the call (used to end an open long poll at shutdown); rejects with an `AbortError`. */
  abortSignal?: AbortSignal;
}

/** What a void SQS action resolves to (the SDK resolves `{ $metadata }`; we promise nothing). */
export type SqsVoidResult = object;

/**
 * The one SQS-shaped port: every SQS action, with `@aws-sdk/client-sqs`'s own request and result
 * types. The in-memory emulator, the emulator over HTTP and real SQS all meet here, and one
 * conformance suite runs against each of them.
 *
 * This is the only place an action's signature is written. Everything else derives from it:
 * `SQS_ACTIONS` (`./sqs-actions`) lists the same methods for run time with their wire names, and
 * the compiler refuses it if one is missing or extra; the aws backend and the fault injector
 * forward every method through `ForwardingSqsPort`; the HTTP server calls the emulator by action
 * through {@link SqsPortMethods}. Adding an action is a method here, its line in `SQS_ACTIONS`,
 * the emulator's implementation and its wire shapes (the compiler asks for the last three).
 *
 * The methods are written out as method signatures, not made by a mapped type, on purpose: a
 * mapped type makes properties, and a class cannot override an inherited property with a method
 * (TS2425), so `class X extends FaultInjectingSqsBackend { override receiveMessage() {…} }` would
 * stop compiling; methods also keep the parameter bivariance implementers rely on.
 */
export interface SqsPort {
  createQueue(input: CreateQueueRequest, options?: SqsCallOptions): Promise<CreateQueueResult>;
  getQueueUrl(input: GetQueueUrlRequest, options?: SqsCallOptions): Promise<GetQueueUrlResult>;
  listQueues(input: ListQueuesRequest, options?: SqsCallOptions): Promise<ListQueuesResult>;
  deleteQueue(input: DeleteQueueRequest, options?: SqsCallOptions): Promise<SqsVoidResult>;
  getQueueAttributes(
    input: GetQueueAttributesRequest,
    options?: SqsCallOptions,
  ): Promise<GetQueueAttributesResult>;
  setQueueAttributes(
    input: SetQueueAttributesRequest,
    options?: SqsCallOptions,
  ): Promise<SqsVoidResult>;
  sendMessage(input: SendMessageRequest, options?: SqsCallOptions): Promise<SendMessageResult>;
  sendMessageBatch(
    input: SendMessageBatchRequest,
    options?: SqsCallOptions,
  ): Promise<SendMessageBatchResult>;
  receiveMessage(
    input: ReceiveMessageRequest,
    options?: SqsCallOptions,
  ): Promise<ReceiveMessageResult>;
  deleteMessage(input: DeleteMessageRequest, options?: SqsCallOptions): Promise<SqsVoidResult>;
  deleteMessageBatch(
    input: DeleteMessageBatchRequest,
    options?: SqsCallOptions,
  ): Promise<DeleteMessageBatchResult>;
  changeMessageVisibility(
    input: ChangeMessageVisibilityRequest,
    options?: SqsCallOptions,
  ): Promise<SqsVoidResult>;
  changeMessageVisibilityBatch(
    input: ChangeMessageVisibilityBatchRequest,
    options?: SqsCallOptions,
  ): Promise<ChangeMessageVisibilityBatchResult>;
  purgeQueue(input: PurgeQueueRequest, options?: SqsCallOptions): Promise<SqsVoidResult>;
  tagQueue(input: TagQueueRequest, options?: SqsCallOptions): Promise<SqsVoidResult>;
  untagQueue(input: UntagQueueRequest, options?: SqsCallOptions): Promise<SqsVoidResult>;
  listQueueTags(
    input: ListQueueTagsRequest,
    options?: SqsCallOptions,
  ): Promise<ListQueueTagsResult>;
  listDeadLetterSourceQueues(
    input: ListDeadLetterSourceQueuesRequest,
    options?: SqsCallOptions,
  ): Promise<ListDeadLetterSourceQueuesResult>;
  startMessageMoveTask(
    input: StartMessageMoveTaskRequest,
    options?: SqsCallOptions,
  ): Promise<StartMessageMoveTaskResult>;
  listMessageMoveTasks(
    input: ListMessageMoveTasksRequest,
    options?: SqsCallOptions,
  ): Promise<ListMessageMoveTasksResult>;
  cancelMessageMoveTask(
    input: CancelMessageMoveTaskRequest,
    options?: SqsCallOptions,
  ): Promise<CancelMessageMoveTaskResult>;
  addPermission(input: AddPermissionRequest, options?: SqsCallOptions): Promise<SqsVoidResult>;
  removePermission(
    input: RemovePermissionRequest,
    options?: SqsCallOptions,
  ): Promise<SqsVoidResult>;
}

/** The port's method names, one per SQS action, in the API reference's order. */
export type SqsAction = keyof SqsPort;

/** The request an action takes: `SqsInput<'sendMessage'>` is the SDK's `SendMessageRequest`. */
export type SqsInput<A extends SqsAction> = Parameters<SqsPort[A]>[0];

/** What an action resolves to: `SqsOutput<'sendMessage'>` is the SDK's `SendMessageResult`. */
export type SqsOutput<A extends SqsAction> = Awaited<ReturnType<SqsPort[A]>>;

/**
 * The port's methods as one mapped type, with per-call options `O` (the HTTP server passes the
 * emulator its request context). It exists for code that calls a method chosen at run time:
 * indexing it with a generic action, `port[action](input, options)`, type-checks input and result
 * for that very action, where indexing {@link SqsPort} itself would only see a union of methods.
 */
export type SqsPortMethods<O = SqsCallOptions> = {
  readonly [A in SqsAction]: (input: SqsInput<A>, options?: O) => Promise<SqsOutput<A>>;
};
