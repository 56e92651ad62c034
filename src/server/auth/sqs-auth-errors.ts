import { SqsError, type SqsErrorShape } from '../../emulator/errors/sqs-error';
import { SQS_ERRORS } from '../../emulator/errors/sqs-error-shapes';

/**
 * An authentication failure. SQS's front end answers these before the service sees the request,
 * with the status of AWS's common errors in both protocols (403, or 400 for a malformed or expired
 * signature) rather than the JSON protocol's usual 400.
 */
export class SqsAuthError extends SqsError {}

const MISSING_AUTHENTICATION_TOKEN: SqsErrorShape = {
  name: 'MissingAuthenticationToken',
  type: 'com.amazon.coral.service#MissingAuthenticationTokenException',
  code: 'MissingAuthenticationToken',
  status: 403,
  fault: 'Sender',
};

const INCOMPLETE_SIGNATURE: SqsErrorShape = {
  name: 'IncompleteSignature',
  type: 'com.amazon.coral.service#IncompleteSignatureException',
  code: 'IncompleteSignature',
  status: 400,
  fault: 'Sender',
};

const REQUEST_EXPIRED: SqsErrorShape = {
  name: 'RequestExpired',
  type: 'com.amazon.coral.service#RequestExpired',
  code: 'RequestExpired',
  status: 400,
  fault: 'Sender',
};

// What SQS answers a caller it does not let in (`AccessDenied`, 403, in the query protocol; the
// JSON protocol's common `AccessDeniedException` with the same query code in `x-amzn-query-error`).
const ACCESS_DENIED: SqsErrorShape = {
  name: 'AccessDeniedException',
  type: 'com.amazon.coral.service#AccessDeniedException',
  code: 'AccessDenied',
  status: 403,
  fault: 'Sender',
};

/** The texts SQS sends (AWS common errors; the two most frequent as recorded from SQS). */
export const SqsAuthErrors = {
  missingToken: () =>
    new SqsAuthError(
      MISSING_AUTHENTICATION_TOKEN,
      'The request must contain either a valid (registered) AWS access key ID or X.509 certificate.',
    ),
  incomplete: (detail: string) => new SqsAuthError(INCOMPLETE_SIGNATURE, detail),
  unknownAccessKey: () =>
    new SqsAuthError(
      SQS_ERRORS.InvalidClientTokenId,
      'The security token included in the request is invalid.',
    ),
  signatureDoesNotMatch: () =>
    new SqsAuthError(
      SQS_ERRORS.SignatureDoesNotMatch,
      'The request signature we calculated does not match the signature you provided. ' +
        'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    ),
  /** A date more than the allowed skew away from the server's clock. */
  skewed: (detail: string) => new SqsAuthError(SQS_ERRORS.SignatureDoesNotMatch, detail),
  presignedExpired: () => new SqsAuthError(REQUEST_EXPIRED, 'Request has expired.'),
  /**
   * A request the server refuses before reading it (a host name or a site it does not answer):
   * SQS's sentence, then why and how to allow it.
   */
  accessDenied: (resource: string, reason: string) =>
    new SqsAuthError(ACCESS_DENIED, `Access to the resource ${resource} is denied. ${reason}`),
};
