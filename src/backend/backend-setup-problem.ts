import {
  AWS_CREDENTIALS_MISSING,
  AWS_REGION_MISSING,
  SQS_UNREACHABLE,
} from '../errors/sqs.messages';

/** Network errors that mean nothing answers at the endpoint at all. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'ETIMEDOUT',
]);

/**
 * When an SDK error means the backend cannot reach SQS at all (no region, no credentials, an
 * endpoint that does not answer), the message that names the cause and the fix; otherwise
 * undefined. Without it, such an error would read as a missing queue.
 */
export function backendSetupProblem(
  error: unknown,
  endpoint: string | undefined,
): string | undefined {
  const e = error as { name?: string; message?: string; code?: string } | undefined;
  if (!e) return undefined;
  if (e.message === 'Region is missing') return AWS_REGION_MISSING();
  if (e.name === 'CredentialsProviderError') return AWS_CREDENTIALS_MISSING(e.message ?? '');
  const code = e.code ?? /\b(E[A-Z]+)\b/.exec(e.message ?? '')?.[1];
  if (code !== undefined && UNREACHABLE_CODES.has(code)) {
    // The SDK wraps Node's network errors in a message of its own.
    const reason = (e.message || code).replace(/^AWS SDK error wrapper for (Error: )?/, '');
    return SQS_UNREACHABLE(endpoint, reason);
  }
  return undefined;
}
