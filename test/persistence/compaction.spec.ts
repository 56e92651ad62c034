import * as fs from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import {
  HookedFiles,
  type ModelRecord,
  ModelStore,
  applyRecord,
  errnoError,
  removeTempDirs,
  tempDir,
} from './fixtures/durable-log-harness';

afterEach(removeTempDirs);

/** A small deterministic PRNG (mulberry32), so a failing case can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random puts and deletes over `ids` ids, each put with a fresh version. */
function recordSource(seed: number, ids: number): () => ModelRecord {
  const rnd = prng(seed);
  let v = 0;
  return () => {
    const id = `m${Math.floor(rnd() * ids)}`;
    return rnd() < 0.2
      ? { op: 'del', id }
      : { op: 'put', id, v: ++v, pad: 'p'.repeat(Math.floor(rnd() * 200)) };
  };
}

/** One turn of the event loop: an automatic compaction starts after the commit that made it due. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function sorted(state: Map<string, ModelRecord>): string {
  return JSON.stringify([...state.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

function recover(dir: string): { state: Map<string, ModelRecord>; warnings: string[] } {
  const store = new ModelStore(dir);
  void store.log.close();
  return { state: store.state, warnings: store.warnings };
}

describe('compaction', () => {
  it('while commits go on, reopening gives exactly the final state', async () => {
    const dir = tempDir();
    const store = new ModelStore(dir, {
      compactAfterBytes: 8 * 1024,
      snapshotSliceMs: 0,
      fsync: 'batch',
    });
    const next = recordSource(1, 300);
    let commitsDuringCompaction = 0;
    let compacting = false;
    for (let round = 0; round < 4; round++) {
      compacting = true;
      const forced = store.log.compact().finally(() => (compacting = false));
      for (let i = 0; i < 400 || compacting; i++) {
        for (let k = 0; k < 3; k++) store.apply(next());
        await store.log.commit();
        if (compacting) commitsDuringCompaction++;
        // Requests arrive as I/O events: without a turn of the event loop the snapshot's slices
        // (setImmediate) would never run.
        await new Promise((resolve) => setImmediate(resolve));
      }
      await forced;
    }
    await store.log.close();
    expect(commitsDuringCompaction).toBeGreaterThan(10);
    // close() may have cut an automatic compaction short: at most one snapshot, no temp file.
    const names = fs.readdirSync(dir).sort();
    expect(names.filter((n) => n.startsWith('snapshot-'))).toHaveLength(1);
    expect(names.filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(Number(names[0].slice(8, 16))).toBeGreaterThan(5); // automatic compactions ran too
    expect(sorted(recover(dir).state)).toBe(sorted(store.state));
  });

  it('starts automatically once the journals pass compactAfterBytes and twice the snapshot', async () => {
    const dir = tempDir();
    const store = new ModelStore(dir, { compactAfterBytes: 2000 });
    for (let i = 0; i < 20; i++)
      store.apply({ op: 'put', id: `m${i}`, v: i, pad: 'x'.repeat(100) });
    await store.log.commit(); // ~2.7 kB of journal: due
    await settle();
    await store.log.close();
    expect(fs.readdirSync(dir).sort()).toEqual(['journal-00000002.sqsj', 'snapshot-00000002.sqsj']);
    const snapshotBytes = fs.statSync(join(dir, 'snapshot-00000002.sqsj')).size;

    const again = new ModelStore(dir, { compactAfterBytes: 2000 });
    // Past compactAfterBytes but under twice the snapshot: not yet due.
    while (again.log.diskBytes() - snapshotBytes < 2000) {
      again.apply({ op: 'put', id: 'm0', v: 1, pad: 'y'.repeat(100) });
      await again.log.commit(); // diskBytes counts written bytes
    }
    await settle();
    await again.log.close();
    expect(fs.readdirSync(dir)).toContain('journal-00000002.sqsj');
    const third = new ModelStore(dir, { compactAfterBytes: 2000 });
    while (third.log.diskBytes() - snapshotBytes < 2 * snapshotBytes) {
      third.apply({ op: 'put', id: 'm1', v: 2 });
      await third.log.commit();
    }
    await settle();
    await third.log.close();
    expect(fs.readdirSync(dir).sort()).toEqual(['journal-00000003.sqsj', 'snapshot-00000003.sqsj']);
  });

  it('runs one compaction at a time', async () => {
    const dir = tempDir();
    const store = new ModelStore(dir);
    store.apply({ op: 'put', id: 'a', v: 1 });
    await Promise.all([store.log.compact(), store.log.compact(), store.log.compact()]);
    await store.log.close();
    expect(fs.readdirSync(dir).sort()).toEqual(['journal-00000004.sqsj', 'snapshot-00000004.sqsj']);
  });

  it('keeps a record appended while the old journal syncs at the switch to a new one', async () => {
    // A commit that came while compaction's rotation awaited the old journal's fdatasync was
    // queued on the old journal, then dropped when the new one took over: its commit resolved, and
    // a crash before the new snapshot was durable lost it (seen once in sigkill.spec.ts on CI).
    const dir = tempDir();
    const hooked = new HookedFiles();
    const store = new ModelStore(dir, { files: hooked.files, fsync: 'never', snapshotSliceMs: 0 });
    store.apply({ op: 'put', id: 'a', v: 1 });
    await store.log.commit();
    let during: Promise<void> | undefined;
    hooked.hook = (op, path) => {
      if (op === 'fdatasync' && path.includes('journal-00000001') && !during) {
        store.apply({ op: 'put', id: 'b', v: 1 });
        during = store.log.commit();
      }
      // The process dies before the new snapshot is renamed into place.
      if (op === 'rename') throw errnoError('EIO', 'crash');
    };
    await expect(store.log.compact()).rejects.toThrow(/EIO/);
    await during;
    hooked.closeAll();
    fs.writeFileSync(join(dir, 'LOCK'), JSON.stringify({ pid: 999_999_999, host: os.hostname() }));
    expect([...recover(dir).state.keys()].sort()).toEqual(['a', 'b']);
  });

  it('runs no compaction that waited behind another once close() is called', async () => {
    const dir = tempDir();
    const hooked = new HookedFiles();
    const store = new ModelStore(dir, { files: hooked.files, fsync: 'never' });
    store.apply({ op: 'put', id: 'a', v: 1 });
    await store.log.commit();
    const running = store.log.compact();
    const waiting = store.log.compact();
    await store.log.close();
    const afterClose = fs.readdirSync(dir).sort();
    await running;
    await expect(waiting).rejects.toThrow(/closing/);
    // Nothing more happened in the directory, whose lock close() released, and no file is open.
    expect(fs.readdirSync(dir).sort()).toEqual(afterClose);
    expect(afterClose).toEqual(['journal-00000002.sqsj', 'snapshot-00000002.sqsj']);
    expect([...hooked.paths.values()]).toEqual([]);
  });

  it('compacts again after a failed switch left the new journal behind', async () => {
    const dir = tempDir();
    const hooked = new HookedFiles();
    const store = new ModelStore(dir, { files: hooked.files });
    store.apply({ op: 'put', id: 'a', v: 1 });
    await store.log.commit();
    // Creating journal 2 fails after the file exists, and so does removing it again.
    hooked.hook = (op, path) => {
      if (path.includes('journal-00000002') && (op === 'write' || op === 'unlink')) {
        throw errnoError('EIO', op);
      }
    };
    await expect(store.log.compact()).rejects.toThrow(/EIO/);
    hooked.hook = () => undefined;
    store.apply({ op: 'put', id: 'b', v: 1 });
    await store.log.commit();
    await store.log.compact();
    store.apply({ op: 'put', id: 'c', v: 1 });
    await store.log.close();
    expect(fs.readdirSync(dir).sort()).toEqual(['journal-00000002.sqsj', 'snapshot-00000002.sqsj']);
    expect([...recover(dir).state.keys()].sort()).toEqual(['a', 'b', 'c']);
  });

  /**
   * Kills the "process" at file operation `k` after a compaction starts, with commits going on:
   * from then on every file operation fails, as nothing more reaches the disk after a crash.
   * Returns whether the compaction finished before the crash point.
   */
  async function crashAt(k: number, seed: number): Promise<boolean> {
    const dir = tempDir();
    const hooked = new HookedFiles();
    const store = new ModelStore(dir, { files: hooked.files, fsync: 'always', snapshotSliceMs: 0 });
    const next = recordSource(seed, 120);
    const appended: ModelRecord[] = [];
    const apply = (): void => {
      const r = next();
      store.apply(r);
      appended.push(r);
    };
    for (let i = 0; i < 400; i++) apply();
    await store.log.commit();
    await store.log.compact(); // so the crash also meets an older snapshot to replace
    for (let i = 0; i < 50; i++) apply();
    await store.log.commit();
    let committed = appended.length;

    let ops = 0;
    let dead = false;
    hooked.hook = () => {
      if (!dead && ops++ === k) dead = true;
      if (dead) throw errnoError('EIO', 'crash');
    };
    let settled = false;
    const compaction = store.log.compact().then(
      () => true,
      () => false,
    );
    void compaction.finally(() => (settled = true));
    for (let i = 0; !settled || i < 20; i++) {
      apply();
      const n = appended.length;
      try {
        await store.log.commit();
        committed = n;
      } catch {
        break;
      }
    }
    const completed = await compaction;
    hooked.closeAll();
    fs.writeFileSync(join(dir, 'LOCK'), JSON.stringify({ pid: 999_999_999, host: os.hostname() }));

    const { state } = recover(dir);
    const got = sorted(state);
    const model = new Map<string, ModelRecord>();
    let matched = -1;
    for (let n = 0; n <= appended.length && matched < 0; n++) {
      if (n > 0) applyRecord(model, appended[n - 1]);
      if (n >= committed && sorted(model) === got) matched = n;
    }
    expect({ k, matched: matched >= 0 }).toEqual({ k, matched: true });
    const names = fs.readdirSync(dir);
    expect(names.filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(names.filter((n) => n.startsWith('snapshot-')).length).toBeLessThanOrEqual(1);
    return completed && !dead;
  }

  it('loses nothing committed when the process dies at any file operation of a compaction', async () => {
    let k = 0;
    for (; k < 400; k++) if (await crashAt(k, 7 + k)) break;
    expect(k).toBeGreaterThan(5); // the compaction took several steps, each one crashed in turn
    expect(k).toBeLessThan(400);
  });
});
