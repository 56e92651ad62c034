import type { SqsAction } from './sqs-port.interface';

/**
 * An action's name on the wire (`Action=SendMessage`, `X-Amz-Target: AmazonSQS.SendMessage`) and
 * in the SDK (`SendMessageCommand`): the port's method name with a capital, by AWS's own naming.
 */
export type SqsWireName<A extends SqsAction> = Capitalize<A>;

/**
 * Every `SqsPort` method with its wire name, in the API reference's order: the port's
 * actions for run time (types cannot be enumerated). Its type makes the compiler refuse a missing,
 * extra or misspelt entry, so it follows the interface and cannot drift from it.
 */
export const SQS_ACTIONS: { readonly [A in SqsAction]: SqsWireName<A> } = {
  createQueue: 'CreateQueue',
  getQueueUrl: 'GetQueueUrl',
  listQueues: 'ListQueues',
  deleteQueue: 'DeleteQueue',
  getQueueAttributes: 'GetQueueAttributes',
  setQueueAttributes: 'SetQueueAttributes',
  sendMessage: 'SendMessage',
  sendMessageBatch: 'SendMessageBatch',
  receiveMessage: 'ReceiveMessage',
  deleteMessage: 'DeleteMessage',
  deleteMessageBatch: 'DeleteMessageBatch',
  changeMessageVisibility: 'ChangeMessageVisibility',
  changeMessageVisibilityBatch: 'ChangeMessageVisibilityBatch',
  purgeQueue: 'PurgeQueue',
  tagQueue: 'TagQueue',
  untagQueue: 'UntagQueue',
  listQueueTags: 'ListQueueTags',
  listDeadLetterSourceQueues: 'ListDeadLetterSourceQueues',
  startMessageMoveTask: 'StartMessageMoveTask',
  listMessageMoveTasks: 'ListMessageMoveTasks',
  cancelMessageMoveTask: 'CancelMessageMoveTask',
  addPermission: 'AddPermission',
  removePermission: 'RemovePermission',
};

/** The port's method names, in the order of {@link SQS_ACTIONS}. */
// `Object.keys` is typed `string[]`; the keys of SQS_ACTIONS are exactly the actions.
export const SQS_ACTION_NAMES = Object.freeze(Object.keys(SQS_ACTIONS)) as readonly SqsAction[];
