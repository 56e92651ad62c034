/**
 * Writing or syncing the data directory failed (ENOSPC, EROFS, EIO, EACCES...). What was not
 * written stays queued in memory and is retried, in order, by the next commit.
 */
export class PersistenceWriteError extends Error {
  override readonly name = 'PersistenceWriteError';

  constructor(
    /** The errno code (`ENOSPC`, `EROFS`, ...), or `EUNKNOWN` when the cause had none. */
    readonly code: string,
    /** Absolute path of the file (or directory) being written. */
    readonly file: string,
    what: string,
    cause: unknown,
  ) {
    super(`${what} ${file} failed: ${code}${cause instanceof Error ? ` (${cause.message})` : ''}`);
  }

  /** Wraps a file-system failure `cause` that happened while doing `what` to `file`. */
  static from(cause: unknown, file: string, what: string): PersistenceWriteError {
    if (cause instanceof PersistenceWriteError) return cause;
    const code =
      typeof cause === 'object' &&
      cause !== null &&
      typeof (cause as { code?: unknown }).code === 'string'
        ? (cause as { code: string }).code
        : 'EUNKNOWN';
    return new PersistenceWriteError(code, file, what, cause);
  }
}
