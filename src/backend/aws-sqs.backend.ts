import {
  AddPermissionCommand,
  CancelMessageMoveTaskCommand,
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListDeadLetterSourceQueuesCommand,
  ListMessageMoveTasksCommand,
  ListQueuesCommand,
  ListQueueTagsCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  RemovePermissionCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  StartMessageMoveTaskCommand,
  TagQueueCommand,
  UntagQueueCommand,
  type AddPermissionRequest,
  type CancelMessageMoveTaskRequest,
  type CancelMessageMoveTaskResult,
  type ChangeMessageVisibilityBatchRequest,
  type ChangeMessageVisibilityBatchResult,
  type ChangeMessageVisibilityRequest,
  type CreateQueueRequest,
  type CreateQueueResult,
  type DeleteMessageBatchRequest,
  type DeleteMessageBatchResult,
  type DeleteMessageRequest,
  type DeleteQueueRequest,
  type GetQueueAttributesRequest,
  type GetQueueAttributesResult,
  type GetQueueUrlRequest,
  type GetQueueUrlResult,
  type ListDeadLetterSourceQueuesRequest,
  type ListDeadLetterSourceQueuesResult,
  type ListMessageMoveTasksRequest,
  type ListMessageMoveTasksResult,
  type ListQueuesRequest,
  type ListQueuesResult,
  type ListQueueTagsRequest,
  type ListQueueTagsResult,
  type PurgeQueueRequest,
  type ReceiveMessageRequest,
  type ReceiveMessageResult,
  type RemovePermissionRequest,
  type SendMessageBatchRequest,
  type SendMessageBatchResult,
  type SendMessageRequest,
  type SendMessageResult,
  type SetQueueAttributesRequest,
  type StartMessageMoveTaskRequest,
  type StartMessageMoveTaskResult,
  type TagQueueRequest,
  type UntagQueueRequest,
} from '@aws-sdk/client-sqs';
import type { SqsClientLike } from '../interfaces/sqs-module-options.interface';
import type { SqsCallOptions, SqsPort, SqsVoidResult } from '../port/sqs-port.interface';

/**
 * The `aws` backend: {@link SqsPort} over `@aws-sdk/client-sqs`. Each action becomes
 * `client.send(new XCommand(input), { abortSignal })`, so any object with the SDK client's
 * `send` works (an `SQSClient`, or a wrapper adding tracing or retries).
 */
export class AwsSqsBackend implements SqsPort {
  constructor(readonly client: SqsClientLike) {}

  private call<R>(command: unknown, options?: SqsCallOptions): Promise<R> {
    return this.client.send(
      command,
      options?.abortSignal ? { abortSignal: options.abortSignal } : undefined,
    ) as Promise<R>;
  }

  createQueue(input: CreateQueueRequest, options?: SqsCallOptions): Promise<CreateQueueResult> {
    return this.call(new CreateQueueCommand(input), options);
  }
  getQueueUrl(input: GetQueueUrlRequest, options?: SqsCallOptions): Promise<GetQueueUrlResult> {
    return this.call(new GetQueueUrlCommand(input), options);
  }
  listQueues(input: ListQueuesRequest, options?: SqsCallOptions): Promise<ListQueuesResult> {
    return this.call(new ListQueuesCommand(input), options);
  }
  deleteQueue(input: DeleteQueueRequest, options?: SqsCallOptions): Promise<SqsVoidResult> {
    return this.call(new DeleteQueueCommand(input), options);
  }
  getQueueAttributes(
    input: GetQueueAttributesRequest,
    options?: SqsCallOptions,
  ): Promise<GetQueueAttributesResult> {
    return this.call(new GetQueueAttributesCommand(input), options);
  }
  setQueueAttributes(
    input: SetQueueAttributesRequest,
    options?: SqsCallOptions,
  ): Promise<SqsVoidResult> {
    return this.call(new SetQueueAttributesCommand(input), options);
  }
  sendMessage(input: SendMessageRequest, options?: SqsCallOptions): Promise<SendMessageResult> {
    return this.call(new SendMessageCommand(input), options);
  }
  sendMessageBatch(
    input: SendMessageBatchRequest,
    options?: SqsCallOptions,
  ): Promise<SendMessageBatchResult> {
    return this.call(new SendMessageBatchCommand(input), options);
  }
  receiveMessage(
    input: ReceiveMessageRequest,
    options?: SqsCallOptions,
  ): Promise<ReceiveMessageResult> {
    return this.call(new ReceiveMessageCommand(input), options);
  }
  deleteMessage(input: DeleteMessageRequest, options?: SqsCallOptions): Promise<SqsVoidResult> {
    return this.call(new DeleteMessageCommand(input), options);
  }
  deleteMessageBatch(
    input: DeleteMessageBatchRequest,
    options?: SqsCallOptions,
  ): Promise<DeleteMessageBatchResult> {
    return this.call(new DeleteMessageBatchCommand(input), options);
  }
  changeMessageVisibility(
    input: ChangeMessageVisibilityRequest,
    options?: SqsCallOptions,
  ): Promise<SqsVoidResult> {
    return this.call(new ChangeMessageVisibilityCommand(input), options);
  }
  changeMessageVisibilityBatch(
    input: ChangeMessageVisibilityBatchRequest,
    options?: SqsCallOptions,
  ): Promise<ChangeMessageVisibilityBatchResult> {
    return this.call(new ChangeMessageVisibilityBatchCommand(input), options);
  }
  purgeQueue(input: PurgeQueueRequest, options?: SqsCallOptions): Promise<SqsVoidResult> {
    return this.call(new PurgeQueueCommand(input), options);
  }
  tagQueue(input: TagQueueRequest, options?: SqsCallOptions): Promise<SqsVoidResult> {
    return this.call(new TagQueueCommand(input), options);
  }
  untagQueue(input: UntagQueueRequest, options?: SqsCallOptions): Promise<SqsVoidResult> {
    return this.call(new UntagQueueCommand(input), options);
  }
  listQueueTags(
    input: ListQueueTagsRequest,
    options?: SqsCallOptions,
  ): Promise<ListQueueTagsResult> {
    return this.call(new ListQueueTagsCommand(input), options);
  }
  listDeadLetterSourceQueues(
    input: ListDeadLetterSourceQueuesRequest,
    options?: SqsCallOptions,
  ): Promise<ListDeadLetterSourceQueuesResult> {
    return this.call(new ListDeadLetterSourceQueuesCommand(input), options);
  }
  startMessageMoveTask(
    input: StartMessageMoveTaskRequest,
    options?: SqsCallOptions,
  ): Promise<StartMessageMoveTaskResult> {
    return this.call(new StartMessageMoveTaskCommand(input), options);
  }
  listMessageMoveTasks(
    input: ListMessageMoveTasksRequest,
    options?: SqsCallOptions,
  ): Promise<ListMessageMoveTasksResult> {
    return this.call(new ListMessageMoveTasksCommand(input), options);
  }
  cancelMessageMoveTask(
    input: CancelMessageMoveTaskRequest,
    options?: SqsCallOptions,
  ): Promise<CancelMessageMoveTaskResult> {
    return this.call(new CancelMessageMoveTaskCommand(input), options);
  }
  addPermission(input: AddPermissionRequest, options?: SqsCallOptions): Promise<SqsVoidResult> {
    return this.call(new AddPermissionCommand(input), options);
  }
  removePermission(
    input: RemovePermissionRequest,
    options?: SqsCallOptions,
  ): Promise<SqsVoidResult> {
    return this.call(new RemovePermissionCommand(input), options);
  }
}
