import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePortHint } from '../config/demo-config';
import { formatBanner } from './demo-banner';
import { DemoStack } from './demo-stack';
import { LAUNCHER_HELP, type LauncherCommand, parseLauncherCommand } from './launcher-commands';
import {
  type DemoProcessName,
  describeExit,
  type ProcessExit,
  type ProcessOutput,
} from './supervised-process';

/** The prefix of each process's lines, padded so the lines align. */
const PREFIX_WIDTH = '[launcher]'.length;
const COLOURS: Record<DemoProcessName | 'launcher', string> = {
  emulator: '\x1b[35m',
  notifier: '\x1b[36m',
  orders: '\x1b[33m',
  launcher: '\x1b[1m',
};

/**
 * `npm start`: the emulator, the notifier and the orders service as three processes, their lines
 * prefixed (`[emulator] …`), a banner once all are ready, and commands typed on stdin to stop,
 * start, restart or kill one of them. Nothing is restarted behind the user's back: a process that
 * ends unasked is reported, and stays down until started again. SIGINT/SIGTERM stop the services
 * (they finish what they hold), then the emulator; a second one kills all three at once.
 * Resolves with the exit code.
 */
export async function runLauncher(): Promise<number> {
  loadDotEnv();
  const startedAt = Date.now();
  const colour = process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
  const say = (text: string) => write('launcher', 'stdout', text);
  const recentErrors = new Map<DemoProcessName, string[]>();
  const write = (
    name: DemoProcessName | 'launcher',
    stream: 'stdout' | 'stderr',
    line: string,
  ): void => {
    const prefix = `[${name}]`.padEnd(PREFIX_WIDTH);
    const shown = colour ? `${COLOURS[name]}${prefix}\x1b[0m` : prefix;
    (stream === 'stdout' ? process.stdout : process.stderr).write(`${shown} ${line}\n`);
  };
  const output: ProcessOutput = (name, stream, line) => {
    if (stream === 'stderr')
      recentErrors.set(name, [...(recentErrors.get(name) ?? []), line].slice(-5));
    write(name, stream, line);
  };
  const onUnexpectedExit = (name: DemoProcessName, exit: ProcessExit) =>
    say(
      `${name} ended unasked (${describeExit(exit.code, exit.signal)}). Nothing restarts it: ` +
        `type "start ${name}" to start it again.`,
    );

  let stack: DemoStack;
  try {
    say('starting the emulator, then the notifier and the orders service…');
    stack = await DemoStack.start({
      env: process.env,
      output,
      onUnexpectedExit,
      typescriptHook: typescriptHookOf(process.execArgv),
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`The demo could not start: ${message}${portHint(recentErrors)}\n`);
    return 1;
  }
  // Signals are taken before the banner says the demo is ready: whoever reads it may press
  // Ctrl-C (or a test send SIGINT) at once, and must find the clean stop in place.
  const stopped = new Promise<number>((resolve) => {
    let closing = false;
    const quit = (why: string) => {
      if (closing) {
        say(`${why} again: killing all three now.`);
        for (const name of stack.names) stack.process(name).signal('SIGKILL');
        resolve(1);
        return;
      }
      closing = true;
      say(`${why}: stopping the orders service and the notifier, then the emulator…`);
      void stack.close().then(() => {
        say('stopped.');
        resolve(0);
      });
    };
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.on(signal, () => quit(signal));
    }
    const lines = createInterface({ input: process.stdin, terminal: false });
    lines.on('line', (line) => {
      const command = parseLauncherCommand(line);
      if (command?.kind === 'quit') quit('quit');
      else if (command && !closing) void run(stack, command, say);
    });
  });
  process.stdout.write(
    formatBanner({
      config: stack.config,
      url: stack.url,
      sqsEndpoint: stack.sqsEndpoint,
      processes: stack.names.map((name) => ({
        name,
        pid: stack.process(name).pid,
        url: stack.process(name).url,
      })),
      dataDir: stack.dataDir,
      readyMs: Date.now() - startedAt,
    }),
  );
  return stopped;
}

/** Runs one typed command, saying what happens. */
async function run(
  stack: DemoStack,
  command: Exclude<LauncherCommand, { kind: 'quit' }>,
  say: (text: string) => void,
): Promise<void> {
  try {
    switch (command.kind) {
      case 'help':
        for (const line of LAUNCHER_HELP.split('\n')) say(line);
        return;
      case 'status':
        for (const name of stack.names) {
          const p = stack.process(name);
          say(
            `${name.padEnd(9)}${p.running ? `running, pid ${p.pid}, ${p.url ?? 'starting'}` : 'stopped'}`,
          );
        }
        return;
      case 'unknown':
        say(`"${command.text}"? Try: stop notifier, start notifier, restart emulator, help.`);
        return;
      case 'kill': {
        const sent = stack.process(command.name).signal('SIGKILL');
        say(sent ? `${command.name} killed (SIGKILL).` : `${command.name} is not running.`);
        return;
      }
      case 'stop': {
        say(`stopping ${command.name}…`);
        const exit = await stack.stop(command.name);
        say(
          exit
            ? `${command.name} stopped (${describeExit(exit.code, exit.signal)}).`
            : `${command.name} was not running.`,
        );
        return;
      }
      case 'start':
      case 'restart': {
        if (command.kind === 'start' && stack.process(command.name).running) {
          say(`${command.name} is already running (pid ${stack.process(command.name).pid}).`);
          return;
        }
        say(`${command.kind === 'start' ? 'starting' : 'restarting'} ${command.name}…`);
        const started = Date.now();
        const url =
          command.kind === 'start'
            ? await stack.start(command.name)
            : await stack.restart(command.name);
        say(
          `${command.name} ready in ${((Date.now() - started) / 1000).toFixed(1)} s on ${url} ` +
            `(pid ${stack.process(command.name).pid}).`,
        );
        return;
      }
    }
  } catch (error) {
    say(error instanceof Error ? error.message : String(error));
  }
}

/** The variable to change when the emulator's port is taken (the services name theirs). */
function portHint(recentErrors: ReadonlyMap<DemoProcessName, string[]>): string {
  const emulatorErrors = recentErrors.get('emulator') ?? [];
  if (!emulatorErrors.some((line) => line.includes('EADDRINUSE'))) return '';
  const port = Number(process.env.SQS_PORT ?? 9324);
  const next = freePortHint(port, [3000, 3001]);
  return ` Set SQS_PORT to another port (SQS_PORT=${next} npm start), or SQS_PORT=0 for a free one.`;
}

/** A `.env` in the working directory, as the services' `@nestjs/config` reads it, for all three. */
function loadDotEnv(): void {
  const file = join(process.cwd(), '.env');
  if (existsSync(file)) process.loadEnvFile(file);
}

/**
 * The require hook this launcher itself was started with (`node -r <hook> src/demo/main.ts`), for
 * its processes to run the same way; undefined when it runs compiled.
 */
export function typescriptHookOf(execArgv: readonly string[]): string | undefined {
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i];
    const hook =
      arg === '-r' || arg === '--require'
        ? execArgv[i + 1]
        : arg.startsWith('--require=')
          ? arg.slice('--require='.length)
          : undefined;
    if (hook && !hook.includes('exit-with-parent')) return hook;
  }
  return undefined;
}
