import { Catch, type ExceptionFilter } from '@nestjs/common';

/**
 * Lets a handler's error through untouched. Without it Nest's default filter for non-HTTP
 * contexts logs every failed attempt with its stack, next to the one-line warning `SqsModule`
 * already writes (with the retry delay). Rethrowing keeps the ack contract: the message is
 * retried, then dead-lettered.
 */
@Catch()
export class RethrowFilter implements ExceptionFilter {
  catch(exception: unknown): never {
    throw exception;
  }
}
