import { SQS_ACTION_NAMES, SQS_ACTIONS } from '../../port/sqs-actions';
import type { SqsAction, SqsInput } from '../../port/sqs-port.interface';
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

/** What both wire protocols know of an action: its request's and its result's shapes. */
export interface SqsActionShapes {
  readonly input: StructureShape;
  /** Undefined for actions whose result is empty. */
  readonly output?: StructureShape;
}

const shapes = (input: StructureShape, output?: StructureShape): SqsActionShapes => ({
  input,
  output,
});

const QUEUE_URL_ONLY = struct({ QueueUrl: STRING });
const QUEUE_URL_RESULT = struct({ QueueUrl: STRING });

/**
 * Every port action's shapes, by port method. The only place the protocol layer learns what an
 * action's request and result hold: the JSON and query codecs are driven by these shapes. Its type
 * asks for every action of the port, so an action added there cannot lack its wire shapes.
 */
export const SQS_ACTION_SHAPES: { readonly [A in SqsAction]: SqsActionShapes } = {
  createQueue: shapes(
    struct({
      QueueName: STRING,
      Attributes: named(QUEUE_ATTRIBUTES, 'Attribute'),
      tags: named(TAGS, 'Tag', ['Tags']),
    }),
    QUEUE_URL_RESULT,
  ),
  getQueueUrl: shapes(
    struct({ QueueName: STRING, QueueOwnerAWSAccountId: STRING }),
    QUEUE_URL_RESULT,
  ),
  listQueues: shapes(
    struct({ QueueNamePrefix: STRING, NextToken: STRING, MaxResults: INTEGER }),
    struct({ QueueUrls: list(STRING, 'QueueUrl'), NextToken: STRING }),
  ),
  deleteQueue: shapes(QUEUE_URL_ONLY),
  getQueueAttributes: shapes(
    struct({ QueueUrl: STRING, AttributeNames: list(STRING, 'AttributeName') }),
    struct({ Attributes: named(QUEUE_ATTRIBUTES, 'Attribute') }),
  ),
  setQueueAttributes: shapes(
    struct({ QueueUrl: STRING, Attributes: named(QUEUE_ATTRIBUTES, 'Attribute') }),
  ),
  sendMessage: shapes(struct({ QueueUrl: STRING, ...SEND_FIELDS }), struct(SEND_RESULT_FIELDS)),
  sendMessageBatch: shapes(
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
  receiveMessage: shapes(
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
  deleteMessage: shapes(struct({ QueueUrl: STRING, ReceiptHandle: STRING })),
  deleteMessageBatch: shapes(
    struct({
      QueueUrl: STRING,
      Entries: list(
        struct({ Id: STRING, ReceiptHandle: STRING }),
        'DeleteMessageBatchRequestEntry',
      ),
    }),
    idOnlyBatchResult('DeleteMessageBatchResultEntry'),
  ),
  changeMessageVisibility: shapes(
    struct({ QueueUrl: STRING, ReceiptHandle: STRING, VisibilityTimeout: INTEGER }),
  ),
  changeMessageVisibilityBatch: shapes(
    struct({
      QueueUrl: STRING,
      Entries: list(
        struct({ Id: STRING, ReceiptHandle: STRING, VisibilityTimeout: INTEGER }),
        'ChangeMessageVisibilityBatchRequestEntry',
      ),
    }),
    idOnlyBatchResult('ChangeMessageVisibilityBatchResultEntry'),
  ),
  purgeQueue: shapes(QUEUE_URL_ONLY),
  tagQueue: shapes(struct({ QueueUrl: STRING, Tags: { shape: TAGS, aliases: ['Tags'] } })),
  untagQueue: shapes(struct({ QueueUrl: STRING, TagKeys: list(STRING, 'TagKey') })),
  listQueueTags: shapes(QUEUE_URL_ONLY, struct({ Tags: named(TAGS, 'Tag') })),
  listDeadLetterSourceQueues: shapes(
    struct({ QueueUrl: STRING, NextToken: STRING, MaxResults: INTEGER }),
    struct({ queueUrls: list(STRING, 'QueueUrl'), NextToken: STRING }),
  ),
  startMessageMoveTask: shapes(
    struct({ SourceArn: STRING, DestinationArn: STRING, MaxNumberOfMessagesPerSecond: INTEGER }),
    struct({ TaskHandle: STRING }),
  ),
  listMessageMoveTasks: shapes(
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
  cancelMessageMoveTask: shapes(
    struct({ TaskHandle: STRING }),
    struct({ ApproximateNumberOfMessagesMoved: LONG }),
  ),
  addPermission: shapes(
    struct({
      QueueUrl: STRING,
      Label: STRING,
      AWSAccountIds: list(STRING, 'AWSAccountId'),
      Actions: list(STRING, 'ActionName'),
    }),
  ),
  removePermission: shapes(struct({ QueueUrl: STRING, Label: STRING })),
};

/** Each wire name's port action, e.g. `SendMessage` → `sendMessage`. */
const ACTIONS_BY_WIRE_NAME: ReadonlyMap<string, SqsAction> = new Map(
  SQS_ACTION_NAMES.map((action) => [SQS_ACTIONS[action], action]),
);

/** The port action a wire name names, or undefined (an own-key lookup: `__proto__` is no action). */
export function actionNamed(wireName: string): SqsAction | undefined {
  return ACTIONS_BY_WIRE_NAME.get(wireName);
}

/** A decoded request: one port call, the action with its input. */
export type SqsCall = {
  readonly [A in SqsAction]: { readonly action: A; readonly input: SqsInput<A> };
}[SqsAction];

/**
 * The call a request decodes to. The codecs build `input` by the action's input shape above,
 * transcribed from SQS's model as the SDK's request types are, so it is the action's request: the
 * one place where what came off the wire is taken for the port's type.
 */
export function sqsCall(action: SqsAction, input: Record<string, unknown>): SqsCall {
  return { action, input } as SqsCall;
}
