/**
 * A data directory holds something the log cannot load without losing or inventing data: a bad
 * record that is not a torn final append, a foreign or newer-format file, a missing journal.
 * Opening refuses rather than load part of the state; `file` and `offset` say where to look.
 */
export class PersistenceCorruptionError extends Error {
  override readonly name = 'PersistenceCorruptionError';

  constructor(
    /** Absolute path of the file at fault. */
    readonly file: string,
    /** Byte offset in `file` where the bad data starts. */
    readonly offset: number,
    why: string,
  ) {
    super(`${file} at byte ${offset}: ${why}`);
  }
}
