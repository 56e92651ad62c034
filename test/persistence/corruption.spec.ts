import * as fs from 'node:fs';
import { join } from 'node:path';
import { DurableLog, PersistenceCorruptionError } from '../../src/persistence';
import { crc32 } from '../../src/persistence/crc32.util';
import {
  HookedFiles,
  ModelStore,
  errnoError,
  removeTempDirs,
  replayAll,
  tempDir,
} from './fixtures/durable-log-harness';

afterEach(removeTempDirs);

const JOURNAL = 'journal-00000001.sqsj';
const HEADER = 16;

function frame(record: unknown): Buffer {
  const payload = Buffer.from(JSON.stringify(record));
  const head = Buffer.alloc(8);
  head.writeUInt32LE(payload.length, 0);
  head.writeUInt32LE(crc32(payload), 4);
  return Buffer.concat([head, payload]);
}

/** A directory whose journal holds records 'r0'..'r<n-1>'; returns it and the journal path. */
async function journalOf(n: number): Promise<{ dir: string; journal: string }> {
  const dir = tempDir();
  const log = DurableLog.open(
    { dir },
    () => undefined,
    () => [],
  );
  for (let i = 0; i < n; i++) log.append(`r${i}`);
  await log.close();
  return { dir, journal: join(dir, JOURNAL) };
}

function openError(dir: string): PersistenceCorruptionError {
  try {
    DurableLog.open(
      { dir },
      () => undefined,
      () => [],
    );
  } catch (e) {
    if (e instanceof PersistenceCorruptionError) return e;
    throw e;
  }
  throw new Error('open succeeded');
}

describe('torn tail of the newest journal', () => {
  const tails: [string, () => Buffer][] = [
    ['a cut-short length header', () => Buffer.from([0x10, 0x00, 0x00])],
    ['a cut-short frame header', () => frame('r3').subarray(0, 6)],
    ['a cut-short payload', () => frame('r3').subarray(0, 11)],
    [
      'a bad CRC on the last record',
      () => {
        const f = frame('r3');
        f[5] ^= 0xff;
        return f;
      },
    ],
    ['a zero-filled tail', () => Buffer.alloc(4096)],
    [
      'a length running past the end',
      () => Buffer.concat([frame('r3').subarray(0, 4), Buffer.from('junk')]),
    ],
  ];

  it.each(tails)('drops %s with a warning and appends cleanly after it', async (_name, tail) => {
    const { dir, journal } = await journalOf(3);
    const clean = fs.statSync(journal).size;
    fs.appendFileSync(journal, tail());
    const warnings: string[] = [];
    const seen: unknown[] = [];
    const log = DurableLog.open(
      { dir, onWarning: (m) => warnings.push(m) },
      (r) => seen.push(r),
      () => [],
    );
    expect(seen).toEqual(['r0', 'r1', 'r2']);
    expect(warnings).toEqual([
      expect.stringContaining(`${journal}: dropped ${tail().length} bytes at byte ${clean}`),
    ]);
    expect(fs.statSync(journal).size).toBe(clean);
    log.append('r3');
    await log.close();
    const again: string[] = [];
    expect(await replayAll(dir, again)).toEqual(['r0', 'r1', 'r2', 'r3']);
    expect(again).toEqual([]);
  });

  it('recreates a newest journal whose header was cut short', async () => {
    const { dir, journal } = await journalOf(0);
    fs.truncateSync(journal, 5);
    const warnings: string[] = [];
    const log = DurableLog.open(
      { dir, onWarning: (m) => warnings.push(m) },
      () => undefined,
      () => [],
    );
    expect(warnings).toEqual([expect.stringContaining('file header cut short')]);
    log.append('after');
    await log.close();
    expect(await replayAll(dir)).toEqual(['after']);
  });
});

describe('corruption', () => {
  it('throws naming the journal and offset for a bad record followed by valid ones', async () => {
    const { dir, journal } = await journalOf(3);
    const second = HEADER + frame('r0').length;
    const bytes = fs.readFileSync(journal);
    bytes[second + 9] ^= 0x01; // a payload byte of r1
    fs.writeFileSync(journal, bytes);
    const e = openError(dir);
    expect(e.file).toBe(journal);
    expect(e.offset).toBe(second);
    expect(e.message).toBe(
      `${journal} at byte ${second}: checksum mismatch, with valid records after it`,
    );
  });

  it('throws for a bad length in the middle even though it runs past the end', async () => {
    const { dir, journal } = await journalOf(3);
    const bytes = fs.readFileSync(journal);
    bytes.writeUInt32LE(1 << 20, HEADER); // r0's length
    fs.writeFileSync(journal, bytes);
    expect(openError(dir)).toMatchObject({ file: journal, offset: HEADER });
  });

  it('throws for a torn record in an older journal, and leaves the files alone', async () => {
    const { dir, journal } = await journalOf(3);
    // Journal 2 follows journal 1 after a compaction whose snapshot never completed.
    const hooked = new HookedFiles();
    hooked.hook = (op, path) => {
      if (op === 'rename' && path.includes('snapshot')) throw errnoError('EIO', 'rename');
    };
    const log = DurableLog.open(
      { dir, files: hooked.files, onWarning: () => undefined },
      () => undefined,
      () => [],
    );
    await expect(log.compact()).rejects.toThrow(/EIO/);
    log.append('r3');
    await log.close();
    fs.appendFileSync(journal, frame('lost').subarray(0, 10));
    const before = fs.readFileSync(journal);
    expect(openError(dir)).toMatchObject({ file: journal, offset: before.length - 10 });
    expect(fs.readFileSync(journal).equals(before)).toBe(true);
  });

  it('throws naming the snapshot for a bad record in it', async () => {
    const dir = tempDir();
    const store = new ModelStore(dir);
    for (let i = 0; i < 3; i++) store.apply({ op: 'put', id: `m${i}`, v: i });
    await store.log.compact();
    await store.log.close();
    const snapshot = join(dir, 'snapshot-00000002.sqsj');
    const bytes = fs.readFileSync(snapshot);
    bytes[bytes.length - 20] ^= 0x01; // inside the last record's payload
    fs.writeFileSync(snapshot, bytes);
    const e = openError(dir);
    expect(e.file).toBe(snapshot);
    expect(e.message).toMatch(/checksum mismatch \(record 3\)/);
  });

  it('throws for a snapshot cut short (no end marker)', async () => {
    const dir = tempDir();
    const store = new ModelStore(dir);
    store.apply({ op: 'put', id: 'a', v: 1 });
    await store.log.compact();
    await store.log.close();
    const snapshot = join(dir, 'snapshot-00000002.sqsj');
    fs.truncateSync(snapshot, fs.statSync(snapshot).size - 16);
    expect(openError(dir).message).toMatch(/snapshot ends without its end marker/);
  });

  it('names a foreign file and a newer format version', async () => {
    const { dir, journal } = await journalOf(1);
    const bytes = fs.readFileSync(journal);
    bytes.writeUInt32LE(2, 8);
    fs.writeFileSync(journal, bytes);
    expect(openError(dir)).toMatchObject({
      file: journal,
      offset: 0,
      message: expect.stringContaining(
        'format version 2, this version of nestjs-sqs-kit reads only version 1',
      ),
    });
    fs.writeFileSync(journal, 'SQLite format 3\0 and more bytes');
    expect(openError(dir).message).toMatch(
      /not a nestjs-sqs-kit journal \(unknown header "SQLite f"\)/,
    );
  });

  it('throws when a journal between the snapshot and the newest is missing', async () => {
    const { dir } = await journalOf(1);
    fs.copyFileSync(join(dir, JOURNAL), join(dir, 'journal-00000003.sqsj'));
    const bytes = fs.readFileSync(join(dir, 'journal-00000003.sqsj'));
    bytes.writeUInt32LE(3, 12);
    fs.writeFileSync(join(dir, 'journal-00000003.sqsj'), bytes);
    expect(openError(dir)).toMatchObject({
      file: join(dir, 'journal-00000002.sqsj'),
      message: expect.stringContaining('journal missing'),
    });
  });
});
