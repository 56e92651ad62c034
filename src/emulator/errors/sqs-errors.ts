import { SqsError } from './sqs-error';
import { SQS_ERRORS } from './sqs-error-shapes';

/**
 * Every error the emulator raises, with SQS's own texts (reference §1.11 and the sections it
 * cites). One function per error so that each text is written once.
 */
export const SqsErrors = {
  queueDoesNotExist: () =>
    new SqsError(SQS_ERRORS.QueueDoesNotExist, 'The specified queue does not exist.'),
  queueNameExists: (attribute: string) =>
    new SqsError(
      SQS_ERRORS.QueueNameExists,
      `A queue already exists with the same name and a different value for attribute ${attribute}`,
    ),
  queueDeletedRecently: () =>
    new SqsError(
      SQS_ERRORS.QueueDeletedRecently,
      'You must wait 60 seconds after deleting a queue before you can create another with the same name.',
    ),
  unknownAttribute: (name: string) =>
    new SqsError(SQS_ERRORS.InvalidAttributeName, `Unknown Attribute ${name}.`),
  attributeNameError: (message: string) => new SqsError(SQS_ERRORS.InvalidAttributeName, message),
  invalidAttributeValue: (name: string, reason?: string) =>
    new SqsError(
      SQS_ERRORS.InvalidAttributeValue,
      `Invalid value for the parameter ${name}.${reason ? ` Reason: ${reason}` : ''}`,
    ),
  invalidParameterValue: (message: string) =>
    new SqsError(SQS_ERRORS.InvalidParameterValue, message),
  /** "Value X for parameter P is invalid. Reason: R" — SQS's usual wording. */
  invalidParameter: (value: unknown, parameter: string, reason: string) =>
    new SqsError(
      SQS_ERRORS.InvalidParameterValue,
      `Value ${String(value)} for parameter ${parameter} is invalid. Reason: ${reason}`,
    ),
  missingParameter: (parameter: string) =>
    new SqsError(
      SQS_ERRORS.MissingParameter,
      `The request must contain the parameter ${parameter}.`,
    ),
  receiptHandleIsInvalid: (handle: string) =>
    new SqsError(
      SQS_ERRORS.ReceiptHandleIsInvalid,
      `The input receipt handle "${handle}" is not a valid receipt handle.`,
    ),
  messageTooLong: (limit: number) =>
    new SqsError(
      SQS_ERRORS.InvalidParameterValue,
      `One or more parameters are invalid. Reason: Message must be shorter than ${limit} bytes.`,
    ),
  invalidMessageContents: () =>
    new SqsError(SQS_ERRORS.InvalidMessageContents, 'Message contains invalid characters.'),
  emptyBatch: (entryType: string) =>
    new SqsError(
      SQS_ERRORS.EmptyBatchRequest,
      `There should be at least one ${entryType} in the request.`,
    ),
  tooManyEntries: (count: number) =>
    new SqsError(
      SQS_ERRORS.TooManyEntriesInBatchRequest,
      `Maximum number of entries per request are 10. You have sent ${count}.`,
    ),
  batchIdsNotDistinct: (id: string) =>
    new SqsError(SQS_ERRORS.BatchEntryIdsNotDistinct, `Id ${id} repeated.`),
  invalidBatchEntryId: () =>
    new SqsError(
      SQS_ERRORS.InvalidBatchEntryId,
      'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
    ),
  batchRequestTooLong: (limit: number, sent: number) =>
    new SqsError(
      SQS_ERRORS.BatchRequestTooLong,
      `Batch requests cannot be longer than ${limit} bytes. You have sent ${sent} bytes.`,
    ),
  purgeQueueInProgress: (queueName: string) =>
    new SqsError(
      SQS_ERRORS.PurgeQueueInProgress,
      `Only one PurgeQueue operation on ${queueName} is allowed every 60 seconds.`,
    ),
  overLimit: (message: string) => new SqsError(SQS_ERRORS.OverLimit, message),
  unsupportedOperation: (message: string) => new SqsError(SQS_ERRORS.UnsupportedOperation, message),
  /**
   * The emulator keeps its state on disk and could not write it (disk full, read-only, I/O
   * error): a 500 that SDKs retry, as they retry SQS's own internal errors.
   */
  persistenceFailed: (code: string) =>
    new SqsError(
      SQS_ERRORS.InternalError,
      `We encountered an internal error. Please try again. (The emulator could not write its data directory: ${code}.)`,
    ),
  /** An action on an emulator whose data directory was closed. */
  emulatorClosed: () =>
    new SqsError(
      SQS_ERRORS.InternalError,
      'We encountered an internal error. Please try again. (The emulator is shut down.)',
    ),
  resourceNotFound: (parameter = 'SourceArn') =>
    new SqsError(
      SQS_ERRORS.ResourceNotFoundException,
      `The resource that you specified for the ${parameter} parameter doesn't exist.`,
    ),
};
