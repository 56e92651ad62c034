import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../src/clock';
import { DurableLog, PersistenceLockedError, PersistenceWriteError } from '../../src/persistence';
import {
  HookedFiles,
  ModelStore,
  errnoError,
  removeTempDirs,
  replayAll,
  tempDir,
} from './fixtures/durable-log-harness';

afterEach(removeTempDirs);

describe('DurableLog round trip', () => {
  it('replays every committed record, in write order, after a reopen', async () => {
    const dir = tempDir();
    const log = DurableLog.open(
      { dir },
      () => undefined,
      () => [],
    );
    const written = [{ a: 1 }, 'two', 3, [4, { five: null }], true, { unicode: 'é✓𝄞' }];
    for (const r of written) log.append(r);
    await log.commit();
    await log.close();
    expect(await replayAll(dir)).toEqual(written);
  });

  it('keeps appending to the same journal across reopens', async () => {
    const dir = tempDir();
    for (let round = 0; round < 3; round++) {
      const seen: unknown[] = [];
      const log = DurableLog.open(
        { dir },
        (r) => seen.push(r),
        () => [],
      );
      expect(seen).toEqual(Array.from({ length: round * 2 }, (_, i) => i));
      log.append(round * 2);
      log.append(round * 2 + 1);
      await log.close();
    }
    expect(fs.readdirSync(dir).sort()).toEqual(['journal-00000001.sqsj']);
  });

  it('writes appended records on close even without a commit', async () => {
    const dir = tempDir();
    const log = DurableLog.open(
      { dir, fsync: 'never' },
      () => undefined,
      () => [],
    );
    log.append({ late: true });
    await log.close();
    expect(await replayAll(dir)).toEqual([{ late: true }]);
  });

  it('refuses a value JSON cannot hold, and use after close', async () => {
    const log = DurableLog.open(
      { dir: tempDir() },
      () => undefined,
      () => [],
    );
    expect(() => log.append(undefined)).toThrow(TypeError);
    await log.close();
    expect(() => log.append(1)).toThrow(/closed/);
    await expect(log.commit()).rejects.toThrow(/closed/);
  });

  it('counts snapshot and journal bytes in diskBytes', async () => {
    const dir = tempDir();
    const store = new ModelStore(dir);
    for (let i = 0; i < 50; i++) store.apply({ op: 'put', id: `m${i}`, v: i });
    await store.log.commit();
    const sizeOnDisk = (): number =>
      fs
        .readdirSync(dir)
        .filter((n) => n.endsWith('.sqsj'))
        .reduce((s, n) => s + fs.statSync(join(dir, n)).size, 0);
    expect(store.log.diskBytes()).toBe(sizeOnDisk());
    await store.log.compact();
    expect(store.log.diskBytes()).toBe(sizeOnDisk());
    await store.log.close();
  });
});

describe('DurableLog lock', () => {
  it('refuses a second open of the same directory, naming it and the holder pid', async () => {
    const dir = tempDir();
    const first = DurableLog.open(
      { dir },
      () => undefined,
      () => [],
    );
    let error: unknown;
    try {
      DurableLog.open(
        { dir },
        () => undefined,
        () => [],
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PersistenceLockedError);
    expect((error as PersistenceLockedError).pid).toBe(process.pid);
    expect((error as Error).message).toContain(dir);
    expect((error as Error).message).toContain(String(process.pid));
    await first.close();
    const again = DurableLog.open(
      { dir },
      () => undefined,
      () => [],
    );
    await again.close();
  });

  it('refuses a lock held by another live process', () => {
    const dir = tempDir();
    // This worker's parent (the Jest runner) is alive while the test runs.
    fs.writeFileSync(join(dir, 'LOCK'), JSON.stringify({ pid: process.ppid, host: os.hostname() }));
    expect(() =>
      DurableLog.open(
        { dir },
        () => undefined,
        () => [],
      ),
    ).toThrow(`data directory ${dir} is in use by process ${process.ppid} on ${os.hostname()}`);
  });

  it('refuses a lock written on another host', () => {
    const dir = tempDir();
    fs.writeFileSync(join(dir, 'LOCK'), JSON.stringify({ pid: 4242, host: 'elsewhere' }));
    expect(() =>
      DurableLog.open(
        { dir },
        () => undefined,
        () => [],
      ),
    ).toThrow(PersistenceLockedError);
  });

  it('never shows a second opener an empty LOCK while the first writes it', async () => {
    const dir = tempDir();
    const hooked = new HookedFiles();
    let second: unknown;
    hooked.hook = (op, path) => {
      // Another process opens the directory the moment this one writes its lock.
      if (op === 'write' && path.includes('LOCK') && second === undefined) {
        try {
          second = new ModelStore(dir);
        } catch (e) {
          second = e;
        }
      }
    };
    let first: unknown;
    try {
      first = new ModelStore(dir, { files: hooked.files });
    } catch (e) {
      first = e;
    }
    // One of them has the directory, the other is refused (never warned about an unreadable lock).
    const opened = [first, second].filter((x) => x instanceof ModelStore);
    expect(opened).toHaveLength(1);
    expect([first, second].filter((x) => x instanceof PersistenceLockedError)).toHaveLength(1);
    expect((opened[0] as ModelStore).warnings).toEqual([]);
    await (opened[0] as ModelStore).log.close();
  });

  it('gives a dead process’s lock to one of two openers taking it over at once', async () => {
    const dir = tempDir();
    const seed = new ModelStore(dir);
    seed.apply({ op: 'put', id: 'seed', v: 1 });
    await seed.log.close();
    fs.writeFileSync(join(dir, 'LOCK'), JSON.stringify({ pid: 999_999_999, host: os.hostname() }));
    const hooked = new HookedFiles();
    let second: unknown;
    hooked.hook = (op, path) => {
      // The other opener read the same dead owner and acts between this one's steps.
      if ((op === 'unlink' || op === 'rename') && path.includes('LOCK') && second === undefined) {
        try {
          second = new ModelStore(dir, { onWarning: () => undefined });
        } catch (e) {
          second = e;
        }
      }
    };
    let first: unknown;
    try {
      first = new ModelStore(dir, { files: hooked.files, onWarning: () => undefined });
    } catch (e) {
      first = e;
    }
    const opened = [first, second].filter((x) => x instanceof ModelStore);
    expect(opened).toHaveLength(1);
    expect([first, second].filter((x) => x instanceof PersistenceLockedError)).toHaveLength(1);
    await (opened[0] as ModelStore).log.close();
  });

  it('leaves a LOCK that is not its own when it closes', async () => {
    const dir = tempDir();
    const store = new ModelStore(dir);
    const other = JSON.stringify({ pid: process.ppid, host: os.hostname() });
    fs.writeFileSync(join(dir, 'LOCK'), other);
    await store.log.close();
    expect(fs.readFileSync(join(dir, 'LOCK'), 'utf8')).toBe(other);
  });

  it('takes over the lock of a dead process with a warning', async () => {
    const dir = tempDir();
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    fs.writeFileSync(join(dir, 'LOCK'), JSON.stringify({ pid: dead, host: os.hostname() }));
    const warnings: string[] = [];
    const log = DurableLog.open(
      { dir, onWarning: (m) => warnings.push(m) },
      () => undefined,
      () => [],
    );
    expect(warnings).toEqual([expect.stringContaining(`process ${dead} that held it is gone`)]);
    await log.close();
    expect(fs.existsSync(join(dir, 'LOCK'))).toBe(false);
  });
});

describe('DurableLog on a read-only directory', () => {
  it('fails open with a PersistenceWriteError naming the file and errno', () => {
    const dir = tempDir();
    const hooked = new HookedFiles();
    hooked.hook = (op) => {
      if (op === 'open') throw errnoError('EROFS', 'open');
    };
    let error: unknown;
    try {
      DurableLog.open(
        { dir, files: hooked.files },
        () => undefined,
        () => [],
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PersistenceWriteError);
    expect((error as PersistenceWriteError).code).toBe('EROFS');
    expect((error as PersistenceWriteError).file).toBe(join(dir, 'LOCK'));
    expect((error as Error).message).toMatch(/creating the lock file .*LOCK failed: EROFS/);
  });

  it('releases the lock when the journal cannot be created', () => {
    const dir = tempDir();
    const hooked = new HookedFiles();
    hooked.hook = (op, path) => {
      if (op === 'open' && path.includes('journal')) throw errnoError('EACCES', 'open');
    };
    expect(() =>
      DurableLog.open(
        { dir, files: hooked.files },
        () => undefined,
        () => [],
      ),
    ).toThrow(/creating journal .*journal-00000001.sqsj failed: EACCES/);
    expect(fs.existsSync(join(dir, 'LOCK'))).toBe(false);
  });
});

describe('DurableLog fsync policies', () => {
  async function run(policy: 'always' | 'batch' | 'never', clock = new ManualClock()) {
    const hooked = new HookedFiles();
    const log = DurableLog.open(
      { dir: tempDir(), fsync: policy, files: hooked.files, clock },
      () => undefined,
      () => [],
    );
    const syncs = (): number => hooked.count('fdatasync', 'journal');
    return { log, syncs, clock };
  }

  it('always: one fdatasync per commit, shared by the commits of one tick', async () => {
    const { log, syncs } = await run('always');
    for (let i = 0; i < 5; i++) {
      log.append(i);
      await log.commit();
    }
    expect(syncs()).toBe(5);
    for (let i = 0; i < 5; i++) log.append(i);
    await Promise.all([log.commit(), log.commit(), log.commit()]);
    expect(syncs()).toBe(6);
    await log.close();
    expect(syncs()).toBe(6);
  });

  it('batch: no fdatasync in the commit, one when the interval has passed', async () => {
    const { log, syncs, clock } = await run('batch');
    for (let i = 0; i < 5; i++) {
      log.append(i);
      await log.commit();
    }
    expect(syncs()).toBe(0);
    clock.advance(99);
    expect(syncs()).toBe(0);
    clock.advance(1);
    expect(syncs()).toBe(1);
    await log.close();
    expect(syncs()).toBe(1);
  });

  it('never: no fdatasync until close', async () => {
    const { log, syncs, clock } = await run('never');
    for (let i = 0; i < 5; i++) {
      log.append(i);
      await log.commit();
    }
    clock.advance(60_000);
    expect(syncs()).toBe(0);
    await log.close();
    expect(syncs()).toBe(1);
  });
});
