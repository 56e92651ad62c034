import type { SqsError } from '../../emulator/errors/sqs-error';

// Fatal: a body that is not UTF-8 is refused, not read with replacement characters (it would
// carry other text than was sent).
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A request body as text; throws `onInvalid()` when it is not valid UTF-8. */
export function utf8Text(body: Buffer, onInvalid: () => SqsError): string {
  try {
    return utf8.decode(body);
  } catch {
    throw onInvalid();
  }
}
