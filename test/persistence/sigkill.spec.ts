import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { DurableLog } from '../../src/persistence';
import { removeTempDirs, tempDir } from './fixtures/durable-log-harness';

afterEach(removeTempDirs);

const ROOT = join(__dirname, '..', '..');
const CHILD = join(__dirname, 'fixtures', 'committer-process.ts');

/** Runs the committer until it has printed `target` numbers, SIGKILLs it; returns what it printed. */
function runAndKill(dir: string, policy: string, target: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', CHILD, dir, policy],
      {
        cwd: ROOT,
        env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    let killed = false;
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (!killed && out.split('\n').length > target) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.once('error', reject);
    // 'close' comes after stdout has delivered everything the child wrote before it died.
    child.once('close', (code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`committer exited ${code}: ${err}`));
      resolve(
        out
          .split('\n')
          .filter((l) => l !== '')
          .map(Number),
      );
    });
  });
}

describe('SIGKILL at a random moment', () => {
  // Seeded kill points (numbers committed before the kill), one run per fsync policy and two
  // more for batch, the default.
  const runs: [string, number][] = [
    ['never', 1733],
    ['batch', 411],
    ['batch', 2957],
    ['always', 256],
  ];

  it.each(runs)(
    'fsync %s, killed after %i commits: every committed number is recovered',
    async (policy, target) => {
      const dir = tempDir();
      const printed = await runAndKill(dir, policy, target);
      expect(printed.length).toBeGreaterThanOrEqual(target);
      const recovered = new Set<number>();
      const log = DurableLog.open(
        { dir, onWarning: () => undefined },
        (r) => recovered.add((r as { n: number }).n),
        () => [],
      );
      await log.close();
      const missing = printed.filter((n) => !recovered.has(n));
      expect(missing).toEqual([]);
      // Nothing invented either: exactly 0..max, no gaps.
      const max = Math.max(...recovered);
      expect(recovered.size).toBe(max + 1);
    },
  );
});
