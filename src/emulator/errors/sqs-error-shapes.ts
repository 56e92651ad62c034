import type { SqsErrorShape } from './sqs-error';

const sqs = (name: string, code: string, status = 400): SqsErrorShape => ({
  name,
  type: `com.amazonaws.sqs#${name}`,
  code,
  status,
  fault: 'Sender',
});
const coral = (name: string, code: string): SqsErrorShape => ({
  name,
  type: `com.amazon.coral.service#${name}`,
  code,
  status: 400,
  fault: 'Sender',
});
const legacy = (name: string, status = 400): SqsErrorShape =>
  sqs(name, `AWS.SimpleQueueService.${name}`, status);

/** SQS's error shapes (reference §1.11): JSON shape, `__type`, query code and status. */
export const SQS_ERRORS = {
  QueueDoesNotExist: sqs('QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue'),
  QueueNameExists: sqs('QueueNameExists', 'QueueAlreadyExists'),
  QueueDeletedRecently: legacy('QueueDeletedRecently'),
  InvalidAttributeName: sqs('InvalidAttributeName', 'InvalidAttributeName'),
  InvalidAttributeValue: sqs('InvalidAttributeValue', 'InvalidAttributeValue'),
  InvalidParameterValue: coral('InvalidParameterValueException', 'InvalidParameterValue'),
  MissingParameter: coral('MissingRequiredParameterException', 'MissingParameter'),
  ReceiptHandleIsInvalid: sqs('ReceiptHandleIsInvalid', 'ReceiptHandleIsInvalid'),
  MessageNotInflight: legacy('MessageNotInflight'),
  EmptyBatchRequest: legacy('EmptyBatchRequest'),
  TooManyEntriesInBatchRequest: legacy('TooManyEntriesInBatchRequest'),
  BatchEntryIdsNotDistinct: legacy('BatchEntryIdsNotDistinct'),
  InvalidBatchEntryId: legacy('InvalidBatchEntryId'),
  BatchRequestTooLong: legacy('BatchRequestTooLong'),
  PurgeQueueInProgress: legacy('PurgeQueueInProgress', 403),
  OverLimit: sqs('OverLimit', 'OverLimit', 403),
  UnsupportedOperation: legacy('UnsupportedOperation'),
  InvalidMessageContents: sqs('InvalidMessageContents', 'InvalidMessageContents'),
  ResourceNotFoundException: {
    ...sqs('ResourceNotFoundException', 'ResourceNotFoundException', 404),
  },
  InvalidIdFormat: sqs('InvalidIdFormat', 'InvalidIdFormat'),
  InvalidAddress: sqs('InvalidAddress', 'InvalidAddress'),
  InvalidSecurity: sqs('InvalidSecurity', 'InvalidSecurity'),
  RequestThrottled: sqs('RequestThrottled', 'RequestThrottled'),
  // Protocol-level errors the HTTP server raises (not in the SQS model, but SQS sends them).
  InvalidAction: coral('InvalidAction', 'InvalidAction'),
  MalformedQueryString: coral('MalformedQueryString', 'MalformedQueryString'),
  SerializationException: coral('SerializationException', 'SerializationException'),
  UnknownOperationException: coral('UnknownOperationException', 'UnknownOperationException'),
  InvalidClientTokenId: { ...coral('InvalidClientTokenId', 'InvalidClientTokenId'), status: 403 },
  SignatureDoesNotMatch: {
    ...coral('SignatureDoesNotMatch', 'SignatureDoesNotMatch'),
    status: 403,
  },
  InternalError: {
    name: 'InternalError',
    type: 'com.amazon.coral.service#InternalFailure',
    code: 'InternalError',
    status: 500,
    fault: 'Receiver',
  },
} as const satisfies Record<string, SqsErrorShape>;

/**
 * A row of {@link SQS_ERRORS}, by its key (not always the error's `name`: `MissingParameter`'s is
 * `MissingRequiredParameterException`). Unused inside the package; kept as public API.
 */
export type SqsErrorName = keyof typeof SQS_ERRORS;
