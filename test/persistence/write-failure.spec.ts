import * as fs from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { DurableLog, PersistenceWriteError } from '../../src/persistence';
import {
  HookedFiles,
  errnoError,
  removeTempDirs,
  replayAll,
  tempDir,
} from './fixtures/durable-log-harness';

afterEach(removeTempDirs);

const JOURNAL = 'journal-00000001.sqsj';

function openHooked(
  dir: string,
  hooked: HookedFiles,
  fsync: 'always' | 'batch' | 'never' = 'never',
) {
  const warnings: string[] = [];
  const log = DurableLog.open(
    { dir, fsync, files: hooked.files, onWarning: (m) => warnings.push(m) },
    () => undefined,
    () => [],
  );
  return { log, warnings };
}

describe('journal write failures', () => {
  it('settles every commit when the onWarning callback itself throws', async () => {
    const dir = tempDir();
    const hooked = new HookedFiles();
    const log = DurableLog.open(
      {
        dir,
        files: hooked.files,
        onWarning: () => {
          throw new Error('a logger that fails');
        },
      },
      () => undefined,
      () => [],
    );
    hooked.hook = (op) => {
      if (op === 'write') throw errnoError('ENOSPC', 'write');
    };
    log.append('a');
    const hung = new Promise((resolve) => setTimeout(() => resolve('still pending'), 500));
    expect(await Promise.race([log.commit().catch((e: unknown) => e), hung])).toBeInstanceOf(
      PersistenceWriteError,
    );
    hooked.hook = () => undefined;
    await log.commit();
    await log.close();
    expect(await replayAll(dir)).toEqual(['a']);
  });

  it.each(['ENOSPC', 'EROFS', 'EIO', 'EACCES'])(
    '%s after a partial write: rejects, keeps the rest, and the next commit continues exactly there',
    async (code) => {
      const dir = tempDir();
      const hooked = new HookedFiles();
      const { log, warnings } = openHooked(dir, hooked);
      log.append('a0');
      await log.commit();

      // The disk takes 5 bytes of the next write, then refuses.
      let budget = 5;
      hooked.hook = (op, path, length) => {
        if (op !== 'write' || !path.endsWith(JOURNAL)) return;
        if (budget === 0) throw errnoError(code, 'write');
        const cut = Math.min(budget, length ?? 0);
        budget -= cut;
        return cut;
      };
      log.append('b1');
      log.append('b2');
      const failed = log.commit();
      await expect(failed).rejects.toBeInstanceOf(PersistenceWriteError);
      await expect(failed).rejects.toMatchObject({ code, file: join(dir, JOURNAL) });
      expect(log.failing).toBe(true);
      log.append('c3');
      await expect(log.commit()).rejects.toMatchObject({ code });
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(`writing journal ${join(dir, JOURNAL)} failed: ${code}`);

      hooked.hook = () => undefined;
      log.append('d4');
      await log.commit();
      expect(log.failing).toBe(false);
      expect(warnings).toHaveLength(2);
      expect(warnings[1]).toMatch(/writes work again; nothing was lost/);
      await log.close();
      expect(await replayAll(dir)).toEqual(['a0', 'b1', 'b2', 'c3', 'd4']);
    },
  );

  it('leaves the journal a valid prefix when the process dies while writes fail', async () => {
    const dir = tempDir();
    const hooked = new HookedFiles();
    const { log } = openHooked(dir, hooked);
    log.append('kept');
    await log.commit();
    let budget = 7;
    hooked.hook = (op, _path, length) => {
      if (op !== 'write') return;
      if (budget === 0) throw errnoError('ENOSPC', 'write');
      const cut = Math.min(budget, length ?? 0);
      budget -= cut;
      return cut;
    };
    log.append('never-acknowledged');
    await expect(log.commit()).rejects.toMatchObject({ code: 'ENOSPC' });
    // Die here: no close, the lock stays behind as after SIGKILL.
    hooked.closeAll();
    fs.writeFileSync(join(dir, 'LOCK'), JSON.stringify({ pid: 999_999_999, host: os.hostname() }));
    const warnings: string[] = [];
    expect(await replayAll(dir, warnings)).toEqual(['kept']);
    expect(warnings.some((w) => w.includes('dropped 7 bytes'))).toBe(true);
  });

  it('always: a failed fdatasync rejects the commit and the next commit syncs again', async () => {
    const dir = tempDir();
    const hooked = new HookedFiles();
    const { log, warnings } = openHooked(dir, hooked, 'always');
    hooked.hook = (op) => {
      if (op === 'fdatasync') throw errnoError('EIO', 'fdatasync');
    };
    log.append('x');
    await expect(log.commit()).rejects.toMatchObject({ code: 'EIO', file: join(dir, JOURNAL) });
    expect(log.failing).toBe(true);
    hooked.hook = () => undefined;
    const before = hooked.count('fdatasync', JOURNAL);
    await log.commit();
    expect(hooked.count('fdatasync', JOURNAL)).toBe(before + 1);
    expect(log.failing).toBe(false);
    expect(warnings).toEqual([
      expect.stringContaining('syncing journal'),
      expect.stringContaining('syncs work again'),
    ]);
    await log.close();
    expect(await replayAll(dir)).toEqual(['x']);
  });

  it('close rejects with the write error but still releases the lock', async () => {
    const dir = tempDir();
    const hooked = new HookedFiles();
    const { log } = openHooked(dir, hooked);
    hooked.hook = (op) => {
      if (op === 'write') throw errnoError('ENOSPC', 'write');
    };
    log.append('unwritable');
    await expect(log.close()).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(fs.existsSync(join(dir, 'LOCK'))).toBe(false);
  });
});
