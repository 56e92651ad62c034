import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeDemoPorts, TEST_ENV } from './start-demo';

const ROOT = join(__dirname, '..', '..', '..');

/**
 * `npm start` for a test: the launcher (src/demo/main.ts) as a process of its own, on free ports
 * and a data directory of its own, its stdin open for commands and its output kept.
 */
export class LauncherProcess {
  /** Everything it wrote on stdout and stderr, interleaved as it came. */
  output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly waiters = new Set<() => void>();

  private constructor(
    readonly child: ChildProcess,
    private readonly dataDir: string,
  ) {
    for (const stream of [child.stdout, child.stderr]) {
      stream?.on('data', (chunk: Buffer) => {
        this.output += chunk.toString('utf8');
        for (const waiter of [...this.waiters]) waiter();
      });
    }
    this.exited = new Promise((resolve) =>
      child.on('close', (code, signal) => {
        rmSync(this.dataDir, { recursive: true, force: true });
        resolve({ code, signal });
        for (const waiter of [...this.waiters]) waiter();
      }),
    );
  }

  /** Starts the launcher with `env` over the tests' settings (free ports, no simulated work). */
  static async start(env: NodeJS.ProcessEnv = {}): Promise<LauncherProcess> {
    const ports = await freeDemoPorts();
    const dataDir = mkdtempSync(join(tmpdir(), 'demo-launcher-'));
    const child = spawn(
      process.execPath,
      ['-r', join(__dirname, 'cached-ts-register.js'), join(ROOT, 'src', 'demo', 'main.ts')],
      {
        cwd: ROOT,
        env: { ...process.env, ...TEST_ENV, ...ports, DEMO_DATA_DIR: dataDir, ...env },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    return new LauncherProcess(child, dataDir);
  }

  /** Types a command into its terminal. */
  send(line: string): void {
    this.child.stdin?.write(`${line}\n`);
  }

  /** The first match of `pattern` in its output from `from` on, once it is there. */
  async waitFor(pattern: RegExp, timeoutMs = 60_000, from = 0): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(this.output.slice(from));
        if (!match && this.child.exitCode === null && this.child.signalCode === null) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        if (match) resolve(match);
        else reject(new Error(`The launcher ended without printing ${pattern}:\n${this.output}`));
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`No ${pattern} within ${timeoutMs} ms:\n${this.output.slice(-3000)}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  /** The pid the banner gives for a process. */
  async pidOf(name: string): Promise<number> {
    const [, pid] = await this.waitFor(new RegExp(`${name}\\s+pid (\\d+)`));
    return Number(pid);
  }

  /** Stops it as Ctrl-C does (SIGKILL if it is still there after `graceMs`); resolves on exit. */
  async stop(graceMs = 20_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGINT');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
      void this.exited.then(() => clearTimeout(timer));
    }
    return this.exited;
  }
}

/** Whether a process with this pid exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
