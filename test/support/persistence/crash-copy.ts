import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A copy of a live data directory as a crash would leave it: every file as the OS has it now,
 * without the lock (whose owner a crash would leave dead). Opening the copy is what a restart
 * after SIGKILL sees, since the log answers a commit only once its bytes are written to the OS.
 */
export function crashCopy(dir: string): string {
  const copy = mkdtempSync(join(tmpdir(), 'sqs-kit-crash-'));
  for (const name of readdirSync(dir)) {
    if (name !== 'LOCK') cpSync(join(dir, name), join(copy, name));
  }
  return copy;
}
