import { SqsError, type SqsErrorShape } from '../../emulator/errors/sqs-error';
import { SQS_ERRORS } from '../../emulator/errors/sqs-error-shapes';

/**
 * A request body over the server's bound. Not in SQS's model (the front end refuses such bodies
 * before SQS sees them), so the shape lives here; its status is 413 in both protocols.
 */
export const REQUEST_ENTITY_TOO_LARGE: SqsErrorShape = {
  name: 'RequestEntityTooLarge',
  type: 'com.amazon.coral.service#RequestEntityTooLargeException',
  code: 'RequestEntityTooLarge',
  status: 413,
  fault: 'Sender',
};

/** The errors the HTTP layer raises itself, before a request reaches the emulator. */
export const ProtocolErrors = {
  /** Query protocol: an `Action` SQS does not have. */
  invalidAction: (action: string) =>
    new SqsError(SQS_ERRORS.InvalidAction, `The action ${action} is not valid for this endpoint.`),
  /** JSON protocol: an `X-Amz-Target` that names no SQS operation. */
  unknownOperation: (target: string) =>
    new SqsError(
      SQS_ERRORS.UnknownOperationException,
      target
        ? `The operation ${target} is not valid for this endpoint.`
        : 'The request must contain the header X-Amz-Target.',
    ),
  missingAction: () =>
    new SqsError(SQS_ERRORS.MissingParameter, 'The request must contain the parameter Action.'),
  malformedQueryString: (detail: string) =>
    new SqsError(SQS_ERRORS.MalformedQueryString, `The query string is malformed: ${detail}`),
  serialization: (detail: string) => new SqsError(SQS_ERRORS.SerializationException, detail),
  unsupportedContentType: (contentType: string) =>
    new SqsError(
      SQS_ERRORS.SerializationException,
      `Unsupported content type "${contentType}": the AWS JSON protocol uses application/x-amz-json-1.0.`,
    ),
  invalidParameterValue: (value: string, parameter: string, reason: string) =>
    new SqsError(
      SQS_ERRORS.InvalidParameterValue,
      `Value ${value} for parameter ${parameter} is invalid. Reason: ${reason}`,
    ),
  tooLarge: (limit: number) =>
    new SqsError(REQUEST_ENTITY_TOO_LARGE, `Request body must not be longer than ${limit} bytes.`),
  internal: () =>
    new SqsError(SQS_ERRORS.InternalError, 'We encountered an internal error. Please try again.'),
};
