import { join } from 'node:path';
import type { DurableFiles } from './durable-files.interface';
import { fsyncDir } from './durable-files.interface';
import { JournalWriter } from './journal-writer';
import { PersistenceCorruptionError } from './persistence-corruption.error';
import { PersistenceWriteError } from './persistence-write.error';
import { fileName, parseFileName } from './record-format';
import { readRecordFile } from './record-file-reader';

/** What opening a data directory left in place. */
export interface RecoveredDataDir {
  /** Generation of the snapshot loaded, 0 for none. */
  readonly snapshotGen: number;
  readonly snapshotBytes: number;
  /** Bytes of the journals before the current one (all since the snapshot). */
  readonly olderJournalBytes: number;
  /** The newest journal, open for appending. */
  readonly journal: JournalWriter;
}

/**
 * Loads a data directory: the newest snapshot, then every journal from its generation on, in
 * order, each record through `replay`. Journals must run without a gap from the snapshot's
 * generation (from 1 without a snapshot). Only the newest journal may end in a torn record, which
 * is cut off; every other defect throws PersistenceCorruptionError. Leftovers of an interrupted
 * compaction (a `.tmp` snapshot, files older than the newest snapshot) are removed once the load
 * has succeeded.
 */
export function recoverDataDir(
  files: DurableFiles,
  dir: string,
  replay: (record: unknown) => void,
  warn: (message: string) => void,
): RecoveredDataDir {
  let names: string[];
  try {
    names = files.readdirSync(dir);
  } catch (e) {
    throw PersistenceWriteError.from(e, dir, 'listing data directory');
  }
  const snapshots: number[] = [];
  const journals: number[] = [];
  const temps: string[] = [];
  for (const name of names) {
    const f = parseFileName(name);
    if (!f) continue;
    if (f.temp) temps.push(name);
    else (f.kind === 'snapshot' ? snapshots : journals).push(f.gen);
  }
  const snapshotGen = snapshots.length ? Math.max(...snapshots) : 0;
  const live = journals.filter((g) => g >= snapshotGen).sort((a, b) => a - b);
  const first = snapshotGen || 1;
  for (let i = 0; i < live.length; i++) {
    if (live[i] !== first + i) {
      throw new PersistenceCorruptionError(
        join(dir, fileName('journal', first + i)),
        0,
        `journal missing: the directory has ${live.map((g) => fileName('journal', g)).join(', ')} ` +
          `after ${snapshotGen ? fileName('snapshot', snapshotGen) : 'no snapshot'}`,
      );
    }
  }
  if (snapshotGen > 0 && live.length === 0) {
    // Compaction creates journal <gen> before it starts snapshot <gen>.
    throw new PersistenceCorruptionError(
      join(dir, fileName('journal', snapshotGen)),
      0,
      `journal missing: ${fileName('snapshot', snapshotGen)} has no journal after it`,
    );
  }

  let snapshotBytes = 0;
  if (snapshotGen > 0) {
    const path = join(dir, fileName('snapshot', snapshotGen));
    snapshotBytes = readRecordFile(files, path, 'snapshot', snapshotGen, false, replay).size;
  }
  let olderJournalBytes = 0;
  let journal: JournalWriter | undefined;
  for (const gen of live) {
    const path = join(dir, fileName('journal', gen));
    const newest = gen === live[live.length - 1];
    const scan = readRecordFile(files, path, 'journal', gen, newest, replay);
    if (!newest) {
      olderJournalBytes += scan.size;
      continue;
    }
    if (scan.torn !== undefined) {
      warn(
        `${path}: dropped ${scan.size - scan.validEnd} bytes at byte ${scan.validEnd} ` +
          `(${scan.torn}): the final append was cut short by a crash; it was never acknowledged`,
      );
      if (scan.validEnd === 0) {
        removeFile(files, dir, path);
        journal = JournalWriter.create(files, dir, path, gen);
        continue;
      }
      truncate(files, path, scan.validEnd);
    }
    journal = JournalWriter.reopen(files, path, gen, scan.validEnd);
  }
  journal ??= JournalWriter.create(files, dir, join(dir, fileName('journal', 1)), 1);

  // Only now, with everything loaded, is it safe to delete what the snapshot made redundant.
  const stale = [
    ...temps,
    ...snapshots.filter((g) => g < snapshotGen).map((g) => fileName('snapshot', g)),
    ...journals.filter((g) => g < snapshotGen).map((g) => fileName('journal', g)),
  ];
  for (const name of stale) {
    try {
      files.unlinkSync(join(dir, name));
    } catch (e) {
      warn(
        `could not remove ${join(dir, name)}, left over from an interrupted compaction: ${String(e)}`,
      );
    }
  }
  return { snapshotGen, snapshotBytes, olderJournalBytes, journal };
}

function truncate(files: DurableFiles, path: string, length: number): void {
  let fd: number | undefined;
  try {
    fd = files.openSync(path, 'r+');
    files.ftruncateSync(fd, length);
    files.fsyncSync(fd);
  } catch (e) {
    throw PersistenceWriteError.from(e, path, 'truncating the torn tail of');
  } finally {
    if (fd !== undefined) files.closeSync(fd);
  }
}

function removeFile(files: DurableFiles, dir: string, path: string): void {
  try {
    files.unlinkSync(path);
    fsyncDir(files, dir);
  } catch (e) {
    throw PersistenceWriteError.from(e, path, 'removing the torn journal');
  }
}
