import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** The demo's three processes. */
export type DemoProcessName = 'emulator' | 'notifier' | 'orders';

/** How to start one process. */
export interface ProcessCommand {
  /** Node's own options (`-r ts-node/register/transpile-only`…). */
  readonly nodeArgs: readonly string[];
  /** The script, then its arguments. */
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/** Where the lines a process writes go (the launcher prefixes them; tests keep them). */
export type ProcessOutput = (
  name: DemoProcessName,
  stream: 'stdout' | 'stderr',
  line: string,
) => void;

/** How a process ended. */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Whether the launcher asked for it (stop, restart); otherwise it crashed or was killed. */
  readonly expected: boolean;
}

/** How messages name each process. */
const TITLES: Readonly<Record<DemoProcessName, string>> = {
  emulator: 'emulator',
  notifier: 'notifier',
  orders: 'orders service',
};

/** A process that says it is ready by printing `… listening on <url>` on stdout. */
const READY_LINE = /listening on (https?:\/\/\S+)/;

/**
 * One of the demo's processes: started from a command, its output passed on line by line, ready
 * once it prints where it listens, stopped with SIGTERM (SIGKILL if it does not end in time).
 * Nothing restarts it: when it ends unasked, `onExit` says so and that is all.
 */
export class SupervisedProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<ProcessExit> | undefined;
  private stopping = false;
  private currentUrl: string | undefined;

  constructor(
    readonly name: DemoProcessName,
    private readonly command: () => ProcessCommand,
    private readonly output: ProcessOutput,
    private readonly onExit: (name: DemoProcessName, exit: ProcessExit) => void = () => undefined,
  ) {}

  /** How messages name it: `orders service`. */
  get title(): string {
    return TITLES[this.name];
  }

  /** Its pid while it runs. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Whether it runs (started, not yet exited). */
  get running(): boolean {
    return this.child !== undefined;
  }

  /** Where it said it listens, since it was last ready. */
  get url(): string | undefined {
    return this.currentUrl;
  }

  /**
   * Starts it and resolves with the URL it listens on, once it says so. Rejects if it ends first
   * (its own error lines have gone to the output by then) or says nothing for `timeoutMs`.
   */
  start(timeoutMs = 60_000): Promise<string> {
    if (this.child) return Promise.reject(new Error(`The ${this.title} is already running.`));
    const { nodeArgs, args, env, cwd } = this.command();
    const child = spawn(process.execPath, [...nodeArgs, ...args], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // A process group of its own: Ctrl-C in a terminal reaches the launcher only, which then
      // stops the three in order (services before the emulator they use).
      detached: true,
    });
    this.child = child;
    this.stopping = false;
    this.currentUrl = undefined;
    let ready: ((url: string) => void) | undefined;
    const readyUrl = new Promise<string>((resolve) => (ready = resolve));
    this.exited = new Promise<ProcessExit>((resolve) => {
      child.on('error', (error) => {
        this.output(this.name, 'stderr', `could not start: ${error.message}`);
      });
      child.on('close', (code, signal) => {
        const exit = { code, signal, expected: this.stopping };
        this.child = undefined;
        this.currentUrl = undefined;
        resolve(exit);
        this.onExit(this.name, exit);
      });
    });
    for (const stream of ['stdout', 'stderr'] as const) {
      const lines = createInterface({ input: child[stream] as NodeJS.ReadableStream });
      lines.on('line', (line) => {
        this.output(this.name, stream, line);
        const match = stream === 'stdout' && ready ? READY_LINE.exec(line) : null;
        if (match && ready) {
          this.currentUrl = match[1];
          ready(match[1]);
          ready = undefined;
        }
      });
    }
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`The ${this.title} did not say it was ready within ${timeoutMs} ms.`));
        void this.stop();
      }, timeoutMs);
      readyUrl.then((url) => {
        clearTimeout(timer);
        resolve(url);
      }, reject);
      void this.exited?.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(
          new Error(
            `The ${this.title} exited before it was ready (${describeExit(code, signal)}).`,
          ),
        );
      });
    });
  }

  /**
   * Stops it: SIGTERM (it finishes what it holds and exits), then SIGKILL after `graceMs`.
   * Resolves when it has exited; at once if it is not running.
   */
  async stop(graceMs = 10_000): Promise<ProcessExit | undefined> {
    const child = this.child;
    const exited = this.exited;
    if (!child || !exited) return undefined;
    this.stopping = true;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Sends `signal` and does not wait: SIGKILL is a crash (nothing flushed, nothing said),
   * SIGSTOP/SIGCONT freeze and thaw it. Reported by `onExit` as unexpected if it ends.
   */
  signal(signal: NodeJS.Signals): boolean {
    return this.child?.kill(signal) ?? false;
  }

  /** Resolves when it exits (at once if it is not running). */
  async waitForExit(): Promise<ProcessExit | undefined> {
    return this.child ? this.exited : undefined;
  }
}

/** "code 1", "signal SIGKILL". */
export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `signal ${signal}` : `code ${code ?? 'unknown'}`;
}
