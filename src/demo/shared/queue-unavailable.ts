import { ServiceUnavailableException } from '@nestjs/common';

/**
 * A send SQS did not take (the emulator stopped, restarting, or not answering) as the client of
 * the REST API should see it: 503 with what was not queued, why, and that trying again is fine.
 * `queued` names what a batch did send before it failed, so a retry can leave those out.
 */
export function queueUnavailable(
  what: string,
  error: unknown,
  endpoint: string | undefined,
  queued?: readonly string[],
): ServiceUnavailableException {
  const where = endpoint ? `SQS at ${endpoint}` : 'SQS';
  return new ServiceUnavailableException({
    statusCode: 503,
    error: 'Service Unavailable',
    message: `${what} not queued: ${where} did not take it (${reasonOf(error)}). Try again in a moment.`,
    ...(queued ? { queued } : {}),
  });
}

/** An error's own words; the SDK's network errors sometimes have only a code. */
export function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  if (error.message) return error.message;
  if (error instanceof AggregateError && error.errors.length > 0) return reasonOf(error.errors[0]);
  return code ?? error.name;
}
