import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');
const KILL_AFTER_ANSWERS = join(__dirname, 'kill-after-answers.ts');

/**
 * `nestjs-sqs-kit emulator` as a child process (from source, as `npx` would run it), on a free
 * port, for tests that kill it.
 */
export class EmulatorProcess {
  readonly child: ChildProcessWithoutNullStreams;
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  /** `killAfterAnswers`: the process SIGKILLs itself right after its n-th SQS answer. */
  constructor(args: readonly string[], options: { killAfterAnswers?: number } = {}) {
    const preload = options.killAfterAnswers ? ['-r', KILL_AFTER_ANSWERS] : [];
    this.child = spawn(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        ...preload,
        MAIN,
        'emulator',
        '--port',
        '0',
        ...args,
      ],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          TS_NODE_TRANSPILE_ONLY: 'true',
          KILL_AFTER_ANSWERS: String(options.killAfterAnswers ?? ''),
        },
      },
    );
    this.child.stdout.on('data', (c: Buffer) => (this.stdout += c.toString()));
    this.child.stderr.on('data', (c: Buffer) => (this.stderr += c.toString()));
    this.exited = new Promise((resolve) =>
      this.child.on('exit', (code, signal) => resolve({ code, signal })),
    );
  }

  /** Resolves with the endpoint once the start line is printed; rejects if the process exits. */
  async started(): Promise<string> {
    for (;;) {
      const match = /SQS emulator listening on (http:\/\/\S+)/.exec(this.stdout);
      if (match) return match[1];
      const done = await Promise.race([
        this.exited.then(() => true),
        new Promise<false>((r) => this.child.stdout.once('data', () => r(false))),
      ]);
      if (done)
        throw new Error(`the emulator exited before starting:\n${this.stdout}\n${this.stderr}`);
    }
  }

  /** SIGKILL: no shutdown code runs, as in a crash or an OOM kill. */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM, the clean stop; resolves with the exit code. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
    return (await this.exited).code;
  }
}
