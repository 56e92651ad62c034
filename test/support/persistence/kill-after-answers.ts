/**
 * Preloaded into an emulator process (`-r`) by tests: with KILL_AFTER_ANSWERS=n, the process
 * SIGKILLs itself right after handing its n-th SQS answer (a POST's response) to the socket,
 * before any other code of the process runs: the worst moment for durability, since a server
 * that answered before writing would lose what it just acknowledged.
 */
import { ServerResponse } from 'node:http';

const after = Number(process.env.KILL_AFTER_ANSWERS);
if (after > 0) {
  let answered = 0;
  const end = ServerResponse.prototype.end;
  ServerResponse.prototype.end = function patchedEnd(this: ServerResponse, ...args: unknown[]) {
    const result = (end as (...a: unknown[]) => ServerResponse).apply(this, args);
    if (this.req?.method === 'POST' && ++answered === after) process.kill(process.pid, 'SIGKILL');
    return result;
  } as typeof end;
}
