/** Another live process (or another DurableLog in this one) has the data directory open. */
export class PersistenceLockedError extends Error {
  override readonly name = 'PersistenceLockedError';

  constructor(
    readonly dir: string,
    /** The holder's pid, as its lock file says. */
    readonly pid: number,
    readonly host: string,
  ) {
    super(
      `data directory ${dir} is in use by process ${pid} on ${host}; stop that process, or point ` +
        `this one at another directory (if no such process runs, delete ${dir}/LOCK)`,
    );
  }
}
