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
  SQSClient,
  StartMessageMoveTaskCommand,
  TagQueueCommand,
  UntagQueueCommand,
} from '@aws-sdk/client-sqs';
import type { SqsCallOptions, SqsPort } from '../../src/port/sqs-port.interface';

/** An SQS client for the emulator's HTTP server: dummy credentials, no retries. */
export function sdkClientFor(endpoint: string): SQSClient {
  return new SQSClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    // A retry would hide a wrong answer from the server under test.
    maxAttempts: 1,
  });
}

/** The SDK's `send`, typed loosely enough to take any of the 23 commands. */
type LooseSend = (
  command: unknown,
  options: { abortSignal?: AbortSignal },
) => Promise<{ $metadata?: unknown }>;

/**
 * {@link SqsPort} over `@aws-sdk/client-sqs`: each method is `client.send(new XCommand(input),
 * { abortSignal })`. The test-only twin of the module's AWS backend, so the conformance suite can
 * run over HTTP through the real SDK (AWS JSON protocol, MD5 checks and all). The SDK's
 * `$metadata` is dropped, so results compare equal to the in-process emulator's.
 */
export function sdkSqsPort(client: SQSClient): SqsPort {
  const loose = client.send.bind(client) as unknown as LooseSend;
  const send = async <O extends object>(command: unknown, options?: SqsCallOptions) => {
    const { $metadata: _metadata, ...output } = await loose(command, {
      abortSignal: options?.abortSignal,
    });
    void _metadata;
    return output as O;
  };
  return {
    createQueue: (input, o) => send(new CreateQueueCommand(input), o),
    getQueueUrl: (input, o) => send(new GetQueueUrlCommand(input), o),
    listQueues: (input, o) => send(new ListQueuesCommand(input), o),
    deleteQueue: (input, o) => send(new DeleteQueueCommand(input), o),
    getQueueAttributes: (input, o) => send(new GetQueueAttributesCommand(input), o),
    setQueueAttributes: (input, o) => send(new SetQueueAttributesCommand(input), o),
    sendMessage: (input, o) => send(new SendMessageCommand(input), o),
    sendMessageBatch: (input, o) => send(new SendMessageBatchCommand(input), o),
    receiveMessage: (input, o) => send(new ReceiveMessageCommand(input), o),
    deleteMessage: (input, o) => send(new DeleteMessageCommand(input), o),
    deleteMessageBatch: (input, o) => send(new DeleteMessageBatchCommand(input), o),
    changeMessageVisibility: (input, o) => send(new ChangeMessageVisibilityCommand(input), o),
    changeMessageVisibilityBatch: (input, o) =>
      send(new ChangeMessageVisibilityBatchCommand(input), o),
    purgeQueue: (input, o) => send(new PurgeQueueCommand(input), o),
    tagQueue: (input, o) => send(new TagQueueCommand(input), o),
    untagQueue: (input, o) => send(new UntagQueueCommand(input), o),
    listQueueTags: (input, o) => send(new ListQueueTagsCommand(input), o),
    listDeadLetterSourceQueues: (input, o) => send(new ListDeadLetterSourceQueuesCommand(input), o),
    startMessageMoveTask: (input, o) => send(new StartMessageMoveTaskCommand(input), o),
    listMessageMoveTasks: (input, o) => send(new ListMessageMoveTasksCommand(input), o),
    cancelMessageMoveTask: (input, o) => send(new CancelMessageMoveTaskCommand(input), o),
    addPermission: (input, o) => send(new AddPermissionCommand(input), o),
    removePermission: (input, o) => send(new RemovePermissionCommand(input), o),
  };
}
