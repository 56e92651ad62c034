import type { SqsAction } from '../../port/sqs-port.interface';
import {
  BLOB,
  BOOLEAN,
  INTEGER,
  LONG,
  STRING,
  type StructureShape,
  list,
  map,
  named,
  struct,
} from './shapes';

// Shapes shared by several actions, transcribed from SQS's query model (API 2012-11-05).

const QUEUE_ATTRIBUTES = map(STRING, { name: 'Attribute' });
// botocore sends `Tag.N.Key` for both CreateQueue and TagQueue; other clients use `Tags.N.Key`.
const TAGS = map(STRING, { keyName: 'Key', valueName: 'Value', name: 'Tag' });

const MESSAGE_ATTRIBUTE_VALUE = struct({
  StringValue: STRING,
  BinaryValue: BLOB,
  StringListValues: list(STRING, 'StringListValue'),
  BinaryListValues: list(BLOB, 'BinaryListValue'),
  DataType: STRING,
});
const MESSAGE_ATTRIBUTES = map(MESSAGE_ATTRIBUTE_VALUE);
const MESSAGE_SYSTEM_ATTRIBUTES = map(MESSAGE_ATTRIBUTE_VALUE);

const SEND_FIELDS = {
  MessageBody: STRING,
  DelaySeconds: INTEGER,
  MessageAttributes: named(MESSAGE_ATTRIBUTES, 'MessageAttribute'),
  MessageSystemAttributes: named(MESSAGE_SYSTEM_ATTRIBUTES, 'MessageSystemAttribute'),
  MessageDeduplicationId: STRING,
  MessageGroupId: STRING,
};

const SEND_RESULT_FIELDS = {
  MessageId: STRING,
  MD5OfMessageBody: STRING,
  MD5OfMessageAttributes: STRING,
  MD5OfMessageSystemAttributes: STRING,
  SequenceNumber: STRING,
};

const BATCH_ERRORS = list(
  struct({ Id: STRING, SenderFault: BOOLEAN, Code: STRING, Message: STRING }),
  'BatchResultErrorEntry',
);

const idOnlyBatchResult = (entryName: string): StructureShape =>
  struct({
    Successful: list(struct({ Id: STRING }), entryName),
    Failed: BATCH_ERRORS,
  });

const MESSAGE = struct({
  MessageId: STRING,
  ReceiptHandle: STRING,
  MD5OfBody: STRING,
  Body: STRING,
  Attributes: named(map(STRING), 'Attribute'),
  MD5OfMessageAttributes: STRING,
  MessageAttributes: named(MESSAGE_ATTRIBUTES, 'MessageAttribute'),
});

/** One SQS action: its wire name, the emulator/port method, and its request and result shapes. */
export interface SqsActionSpec {
  /** The wire name, e.g. `SendMessage` (`Action=` / `X-Amz-Target: AmazonSQS.`). */
  readonly action: string;
  /** The `SqsPort`/`SqsEmulator` method that performs it. */
  readonly method: SqsAction;
  readonly input: StructureShape;
  /** Undefined for actions whose result is empty. */
  readonly output?: StructureShape;
}

const spec = (
  action: string,
  method: SqsAction,
  input: StructureShape,
  output?: StructureShape,
): SqsActionSpec => ({ action, method, input, output });

const QUEUE_URL_ONLY = struct({ QueueUrl: STRING });
const QUEUE_URL_RESULT = struct({ QueueUrl: STRING });

/**
 * Every SQS action, keyed by wire name. The only place the protocol layer learns about an action:
 * the JSON and query codecs are driven by these shapes.
 */
export const SQS_ACTIONS: ReadonlyMap<string, SqsActionSpec> = new Map(
  [
    spec(
      'CreateQueue',
      'createQueue',
      struct({
        QueueName: STRING,
        Attributes: named(QUEUE_ATTRIBUTES, 'Attribute'),
        tags: named(TAGS, 'Tag', ['Tags']),
      }),
      QUEUE_URL_RESULT,
    ),
    spec(
      'GetQueueUrl',
      'getQueueUrl',
      struct({ QueueName: STRING, QueueOwnerAWSAccountId: STRING }),
      QUEUE_URL_RESULT,
    ),
    spec(
      'ListQueues',
      'listQueues',
      struct({ QueueNamePrefix: STRING, NextToken: STRING, MaxResults: INTEGER }),
      struct({ QueueUrls: list(STRING, 'QueueUrl'), NextToken: STRING }),
    ),
    spec('DeleteQueue', 'deleteQueue', QUEUE_URL_ONLY),
    spec(
      'GetQueueAttributes',
      'getQueueAttributes',
      struct({ QueueUrl: STRING, AttributeNames: list(STRING, 'AttributeName') }),
      struct({ Attributes: named(QUEUE_ATTRIBUTES, 'Attribute') }),
    ),
    spec(
      'SetQueueAttributes',
      'setQueueAttributes',
      struct({ QueueUrl: STRING, Attributes: named(QUEUE_ATTRIBUTES, 'Attribute') }),
    ),
    spec(
      'SendMessage',
      'sendMessage',
      struct({ QueueUrl: STRING, ...SEND_FIELDS }),
      struct(SEND_RESULT_FIELDS),
    ),
    spec(
      'SendMessageBatch',
      'sendMessageBatch',
      struct({
        QueueUrl: STRING,
        Entries: list(struct({ Id: STRING, ...SEND_FIELDS }), 'SendMessageBatchRequestEntry'),
      }),
      struct({
        Successful: list(
          struct({ Id: STRING, ...SEND_RESULT_FIELDS }),
          'SendMessageBatchResultEntry',
        ),
        Failed: BATCH_ERRORS,
      }),
    ),
    spec(
      'ReceiveMessage',
      'receiveMessage',
      struct({
        QueueUrl: STRING,
        AttributeNames: list(STRING, 'AttributeName'),
        // Newer than the last query model; accepted under the name a query client would use.
        MessageSystemAttributeNames: list(STRING, 'MessageSystemAttributeName'),
        MessageAttributeNames: list(STRING, 'MessageAttributeName'),
        MaxNumberOfMessages: INTEGER,
        VisibilityTimeout: INTEGER,
        WaitTimeSeconds: INTEGER,
        ReceiveRequestAttemptId: STRING,
      }),
      struct({ Messages: list(MESSAGE, 'Message') }),
    ),
    spec('DeleteMessage', 'deleteMessage', struct({ QueueUrl: STRING, ReceiptHandle: STRING })),
    spec(
      'DeleteMessageBatch',
      'deleteMessageBatch',
      struct({
        QueueUrl: STRING,
        Entries: list(
          struct({ Id: STRING, ReceiptHandle: STRING }),
          'DeleteMessageBatchRequestEntry',
        ),
      }),
      idOnlyBatchResult('DeleteMessageBatchResultEntry'),
    ),
    spec(
      'ChangeMessageVisibility',
      'changeMessageVisibility',
      struct({ QueueUrl: STRING, ReceiptHandle: STRING, VisibilityTimeout: INTEGER }),
    ),
    spec(
      'ChangeMessageVisibilityBatch',
      'changeMessageVisibilityBatch',
      struct({
        QueueUrl: STRING,
        Entries: list(
          struct({ Id: STRING, ReceiptHandle: STRING, VisibilityTimeout: INTEGER }),
          'ChangeMessageVisibilityBatchRequestEntry',
        ),
      }),
      idOnlyBatchResult('ChangeMessageVisibilityBatchResultEntry'),
    ),
    spec('PurgeQueue', 'purgeQueue', QUEUE_URL_ONLY),
    spec(
      'TagQueue',
      'tagQueue',
      struct({ QueueUrl: STRING, Tags: { shape: TAGS, aliases: ['Tags'] } }),
    ),
    spec('UntagQueue', 'untagQueue', struct({ QueueUrl: STRING, TagKeys: list(STRING, 'TagKey') })),
    spec('ListQueueTags', 'listQueueTags', QUEUE_URL_ONLY, struct({ Tags: named(TAGS, 'Tag') })),
    spec(
      'ListDeadLetterSourceQueues',
      'listDeadLetterSourceQueues',
      struct({ QueueUrl: STRING, NextToken: STRING, MaxResults: INTEGER }),
      struct({ queueUrls: list(STRING, 'QueueUrl'), NextToken: STRING }),
    ),
    spec(
      'StartMessageMoveTask',
      'startMessageMoveTask',
      struct({ SourceArn: STRING, DestinationArn: STRING, MaxNumberOfMessagesPerSecond: INTEGER }),
      struct({ TaskHandle: STRING }),
    ),
    spec(
      'ListMessageMoveTasks',
      'listMessageMoveTasks',
      struct({ SourceArn: STRING, MaxResults: INTEGER }),
      struct({
        Results: list(
          struct({
            TaskHandle: STRING,
            Status: STRING,
            SourceArn: STRING,
            DestinationArn: STRING,
            MaxNumberOfMessagesPerSecond: INTEGER,
            ApproximateNumberOfMessagesMoved: LONG,
            ApproximateNumberOfMessagesToMove: LONG,
            FailureReason: STRING,
            StartedTimestamp: LONG,
          }),
          'ListMessageMoveTasksResultEntry',
        ),
      }),
    ),
    spec(
      'CancelMessageMoveTask',
      'cancelMessageMoveTask',
      struct({ TaskHandle: STRING }),
      struct({ ApproximateNumberOfMessagesMoved: LONG }),
    ),
    spec(
      'AddPermission',
      'addPermission',
      struct({
        QueueUrl: STRING,
        Label: STRING,
        AWSAccountIds: list(STRING, 'AWSAccountId'),
        Actions: list(STRING, 'ActionName'),
      }),
    ),
    spec('RemovePermission', 'removePermission', struct({ QueueUrl: STRING, Label: STRING })),
  ].map((s) => [s.action, s]),
);

/** The action spec for a wire name, or undefined (an own-key lookup: `__proto__` is no action). */
export function findAction(name: string): SqsActionSpec | undefined {
  return SQS_ACTIONS.get(name);
}
