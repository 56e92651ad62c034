import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root (bench/compare/servers → ../../..). */
export const REPO_ROOT = join(__dirname, '..', '..', '..');

/**
 * The Node binary every emulator runs on: this process's own, so that every side of the
 * comparison (peers, our server, the clients) runs on one runtime, the machine's.
 */
export function serverNode(): { path: string; version: string } {
  return { path: process.execPath, version: process.version };
}

/** How to start one emulator as its own process. */
export interface ServerSpec {
  /** Short key, e.g. `kit`, `fauxqs`. */
  readonly name: string;
  /** Name for tables, e.g. `nestjs-sqs-kit 0.1.0`. */
  readonly label: string;
  /** Arguments after the Node binary. */
  readonly args: readonly string[];
  /** How it was started, for the report. */
  readonly how: string;
}

/** A started emulator. */
export interface RunningServer {
  readonly spec: ServerSpec;
  readonly endpoint: string;
  readonly pid: number;
  /** CPU seconds the process has used so far (Linux /proc), if readable. */
  cpuSeconds(): number | undefined;
  stop(): Promise<void>;
}

const CLOCK_TICKS = 100; // USER_HZ on Linux
const READY = /listening on (http:\/\/[^\s,]+)/;
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** CPU seconds (user + system) of a process, from /proc/<pid>/stat. */
export function procCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** Stops the servers this process started if it exits without stopping them. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

/** Starts `spec` on the server Node binary and resolves once it prints its address. */
export async function startServer(spec: ServerSpec, timeoutMs = 60_000): Promise<RunningServer> {
  installExitHook();
  const child = spawn(serverNode().path, [...spec.args], {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  running.add(child);
  let output = '';
  const endpoint = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${spec.name} did not start within ${timeoutMs} ms: ${output.trim()}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = READY.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1].replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      reject(
        new Error(`${spec.name} exited (${code ?? signal}) before starting: ${output.trim()}`),
      );
    });
  });
  // Keep draining its output so a chatty server cannot block on a full pipe.
  child.stdout?.resume();
  child.stderr?.resume();
  const pid = child.pid as number;
  return {
    spec,
    endpoint,
    pid,
    cpuSeconds: () => procCpuSeconds(pid),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          running.delete(child);
          resolve();
          return;
        }
        const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(kill);
          running.delete(child);
          resolve();
        });
        child.kill('SIGTERM');
        child.stdin?.end();
      }),
  };
}

function version(pkg: string): string {
  const file = join(REPO_ROOT, 'node_modules', pkg, 'package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

/**
 * Our emulator: the `nestjs-sqs-kit emulator` CLI, from the sources; with `latencyMs`, started
 * with `--latency <ms>` (every request answered after that much simulated network latency).
 */
export function kitServer(latencyMs?: number): ServerSpec {
  const own = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    version: string;
  };
  return {
    name: 'kit',
    label: `nestjs-sqs-kit ${own.version}`,
    args: [
      '-r',
      'ts-node/register/transpile-only',
      'src/cli/main.ts',
      'emulator',
      '--port',
      '0',
      '--log-level',
      'warn',
      ...(latencyMs === undefined ? [] : ['--latency', String(latencyMs)]),
    ],
    how:
      `\`nestjs-sqs-kit emulator --port 0 --log-level warn` +
      `${latencyMs === undefined ? '' : ` --latency ${latencyMs}`}\` (the CLI, from the sources via ts-node)`,
  };
}

/** fauxqs, started programmatically as its README shows, with request logging off. */
export function fauxqsServer(): ServerSpec {
  return {
    name: 'fauxqs',
    label: `fauxqs ${version('fauxqs')}`,
    args: ['bench/compare/servers/fauxqs.child.mjs'],
    how: '`startFauxqs({ port: 0, logger: false })` (README, "Programmatic usage"; its CLI forces request logging on)',
  };
}

/** local-aws-sqs, started as its README shows (it has no CLI). */
export function localAwsSqsServer(): ServerSpec {
  return {
    name: 'local-aws-sqs',
    label: `local-aws-sqs ${version('local-aws-sqs')}`,
    args: ['bench/compare/servers/local-aws-sqs.child.mjs'],
    how: '`createSqsServer({ port: 0, hostname: \'127.0.0.1\' })` (README, "Usage")',
  };
}
