/**
 * Error codes as `err.Code` carries them: the query protocol's `<Code>`, which the JSON protocol
 * sends in `x-amzn-query-error` and the SDK copies onto the error (reference §1.11). Written out
 * here, not imported from the emulator, so the suite stays an independent oracle.
 */
export const SqsCode = {
  QueueDoesNotExist: 'AWS.SimpleQueueService.NonExistentQueue',
  QueueNameExists: 'QueueAlreadyExists',
  QueueDeletedRecently: 'AWS.SimpleQueueService.QueueDeletedRecently',
  InvalidAttributeName: 'InvalidAttributeName',
  InvalidAttributeValue: 'InvalidAttributeValue',
  InvalidParameterValue: 'InvalidParameterValue',
  MissingParameter: 'MissingParameter',
  ReceiptHandleIsInvalid: 'ReceiptHandleIsInvalid',
  EmptyBatchRequest: 'AWS.SimpleQueueService.EmptyBatchRequest',
  TooManyEntriesInBatchRequest: 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
  BatchEntryIdsNotDistinct: 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
  InvalidBatchEntryId: 'AWS.SimpleQueueService.InvalidBatchEntryId',
  BatchRequestTooLong: 'AWS.SimpleQueueService.BatchRequestTooLong',
  PurgeQueueInProgress: 'AWS.SimpleQueueService.PurgeQueueInProgress',
  OverLimit: 'OverLimit',
  InvalidMessageContents: 'InvalidMessageContents',
  ResourceNotFoundException: 'ResourceNotFoundException',
} as const;

/**
 * QueueDoesNotExist's text differs by protocol: JSON says "The specified queue does not exist.",
 * query adds " for this wsdl version." (reference §1.11). Either is right.
 */
export const QUEUE_DOES_NOT_EXIST =
  /^The specified queue does not exist( for this wsdl version)?\.$/;

/**
 * For errors whose exact text neither the reference nor an AWS recording gives: the case then
 * pins the code and only requires some message.
 */
export const ANY_MESSAGE = /\S/;

interface ErrorLike {
  Code?: unknown;
  message?: unknown;
}

/**
 * Asserts that `call` rejects with an SQS error of query code `code` whose message equals
 * `message` (a string) or matches it (a RegExp). Works for the emulator's `SqsError` and for the
 * errors `@aws-sdk/client-sqs` throws, which carry the same `Code` and `message`.
 */
export async function expectSqsError(
  call: Promise<unknown>,
  code: string,
  message: string | RegExp,
): Promise<void> {
  let caught: unknown;
  let failed = false;
  try {
    await call;
  } catch (e) {
    caught = e;
    failed = true;
  }
  if (!failed) throw new Error(`expected the call to fail with ${code}, but it succeeded`);
  const err = (caught ?? {}) as ErrorLike;
  expect({ Code: err.Code, message: err.message }).toEqual({
    Code: code,
    message: typeof message === 'string' ? message : expect.stringMatching(message),
  });
}
