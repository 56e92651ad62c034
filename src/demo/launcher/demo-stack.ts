import { mkdirSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { DemoConfig, urlHost } from '../config/demo-config';
import { emulatorQueueConfig } from '../config/demo-queues';
import {
  type DemoProcessName,
  type ProcessCommand,
  type ProcessExit,
  type ProcessOutput,
  SupervisedProcess,
} from './supervised-process';

/** The repository's root, from src/demo/launcher/ or dist/demo/launcher/. */
export const REPO_ROOT = join(__dirname, '..', '..', '..');

/** Where `npm start` keeps the emulator's state unless `DEMO_DATA_DIR` says otherwise. */
export const DEFAULT_DATA_DIR = join(REPO_ROOT, '.demo-data');

/** Settings by name, like `process.env`. */
export type StackEnv = Readonly<Record<string, string | undefined>>;

/** Options of {@link DemoStack.start}. */
export interface DemoStackOptions {
  /** The demo's settings (README): the launcher passes `process.env`, tests their own. */
  readonly env: StackEnv;
  /** Where each process's lines go. */
  readonly output: ProcessOutput;
  /** Told when a process ends without being asked to: nothing restarts it. */
  readonly onUnexpectedExit?: (name: DemoProcessName, exit: ProcessExit) => void;
  /** How long a process may take to say it is ready. Default 60 s. */
  readonly startTimeoutMs?: number;
  /**
   * The require hook that runs the processes from the TypeScript sources, when the launcher
   * itself runs from them (this repository). Default: ts-node's transpile-only mode.
   */
  readonly typescriptHook?: string;
}

/** Start order: the queues first, then their consumer, then the page that links to both. */
const START_ORDER: readonly DemoProcessName[] = ['emulator', 'notifier', 'orders'];

/**
 * The demo's three processes: the emulator (`nestjs-sqs-kit emulator`, with a data directory),
 * the notifier service and the orders service, each a Node process of its own. Used by the
 * launcher (`npm start`) and by the tests, which stop, kill and restart them one at a time.
 *
 * Ports given as 0 are resolved at first start and kept: a process restarts where the others
 * expect it. With `SQS_BACKEND=aws` there is no emulator process.
 */
export class DemoStack {
  private readonly processes = new Map<DemoProcessName, SupervisedProcess>();
  /** The ports found so far, as environment variables for the processes started after. */
  private readonly resolved: Record<string, string> = {};

  private constructor(
    private readonly options: DemoStackOptions,
    readonly config: DemoConfig,
    /** The emulator's state and its queue file. */
    readonly dataDir: string,
  ) {
    for (const name of START_ORDER) {
      if (name === 'emulator' && config.backend !== 'emulator') continue;
      this.processes.set(
        name,
        new SupervisedProcess(
          name,
          () => this.commandOf(name),
          options.output,
          (which, exit) => {
            if (!exit.expected) options.onUnexpectedExit?.(which, exit);
          },
        ),
      );
    }
  }

  /** Starts every process, in order; if one fails, stops those already started and rethrows. */
  static async start(options: DemoStackOptions): Promise<DemoStack> {
    const config = new DemoConfig((name) => options.env[name]);
    const dataDir = config.dataDir ?? DEFAULT_DATA_DIR;
    const stack = new DemoStack(options, config, dataDir);
    try {
      if (stack.processes.has('emulator')) await stack.start('emulator');
      if (config.notifierPort === 0) {
        // The orders service forwards to the notifier: it needs the port the notifier got.
        await stack.start('notifier');
        await stack.start('orders');
      } else {
        await Promise.all([stack.start('notifier'), stack.start('orders')]);
      }
    } catch (error) {
      await stack.close();
      throw error;
    }
    return stack;
  }

  /** Origin of the orders service: the page, the REST API, the forwarded feed and dashboard. */
  get url(): string {
    return this.urlOf('orders');
  }

  /** Origin of the notifier service. */
  get notifierUrl(): string {
    return this.urlOf('notifier');
  }

  /** The SQS endpoint: the emulator's, or `AWS_ENDPOINT_URL_SQS` (undefined: AWS's own). */
  get sqsEndpoint(): string | undefined {
    return this.resolvedConfig().sqsEndpoint;
  }

  /** The processes this stack runs, in start order. */
  get names(): DemoProcessName[] {
    return [...this.processes.keys()];
  }

  /** One process, to read its pid or whether it runs. */
  process(name: DemoProcessName): SupervisedProcess {
    const supervised = this.processes.get(name);
    if (!supervised) {
      throw new Error(`This demo runs no ${name} (SQS_BACKEND=aws has no emulator).`);
    }
    return supervised;
  }

  /** Starts one process (again), on the port it had; resolves with its URL once it is ready. */
  async start(name: DemoProcessName): Promise<string> {
    const url = await this.process(name).start(this.options.startTimeoutMs);
    const port = new URL(url).port;
    if (name === 'emulator') this.resolved.SQS_PORT = port;
    if (name === 'notifier') this.resolved.NOTIFIER_PORT = port;
    if (name === 'orders') this.resolved.PORT = port;
    return url;
  }

  /** Stops one process (SIGTERM: it finishes what it holds); resolves when it has exited. */
  stop(name: DemoProcessName): Promise<ProcessExit | undefined> {
    return this.process(name).stop();
  }

  /** Stops one process, then starts it again. */
  async restart(name: DemoProcessName): Promise<string> {
    await this.stop(name);
    return this.start(name);
  }

  /** Stops everything: the services first, then the emulator they use. */
  async close(): Promise<void> {
    await Promise.all(
      (['orders', 'notifier'] as const).map((name) => this.processes.get(name)?.stop()),
    );
    await this.processes.get('emulator')?.stop();
  }

  private urlOf(name: DemoProcessName): string {
    const url = this.process(name).url;
    if (url) return url;
    // Not running now: where it was, and will be again.
    const config = this.resolvedConfig();
    return name === 'orders'
      ? `http://${urlHost(config.host)}:${config.port}`
      : name === 'notifier'
        ? config.notifierUrl
        : (config.sqsEndpoint as string);
  }

  /** The settings with the ports found so far. */
  private resolvedConfig(): DemoConfig {
    return new DemoConfig((name) => this.resolved[name] ?? this.options.env[name]);
  }

  private commandOf(name: DemoProcessName): ProcessCommand {
    const env: NodeJS.ProcessEnv = { ...this.options.env, ...this.resolved };
    // Colours only where a person reads them; the launcher's output may be a file or a test.
    if (!process.stdout.isTTY) env.NO_COLOR = '1';
    if (name === 'emulator') return this.emulatorCommand(env);
    const folder = join(__dirname, '..', name === 'orders' ? 'orders-service' : 'notifier');
    return { ...nodeCommand(folder, this.options.typescriptHook), env };
  }

  /**
   * `nestjs-sqs-kit emulator` with the demo's queues, its dashboard, and its state in the data
   * directory, on `SQS_PORT` (the port found at first start, afterwards).
   */
  private emulatorCommand(env: NodeJS.ProcessEnv): ProcessCommand {
    const config = this.resolvedConfig();
    mkdirSync(this.dataDir, { recursive: true });
    const queues = join(this.dataDir, 'queues.json');
    writeFileSync(queues, `${JSON.stringify(emulatorQueueConfig(), null, 2)}\n`);
    const cli = nodeCommand(join(__dirname, '..', '..', 'cli'), this.options.typescriptHook);
    return {
      ...cli,
      args: [
        ...cli.args,
        'emulator',
        '--host',
        config.host,
        '--port',
        String(config.sqsPort),
        '--config',
        queues,
        '--data-dir',
        join(this.dataDir, 'emulator'),
        '--dashboard',
      ],
      env,
    };
  }
}

/**
 * How to run the `main` of a folder: compiled (`dist/…/main.js`) when the launcher is, else the
 * TypeScript source through ts-node (in this repository: the tests, `ts-node src/demo/main.ts`).
 * Either way with exit-with-parent.ts preloaded.
 */
function nodeCommand(folder: string, typescriptHook?: string): Omit<ProcessCommand, 'env'> {
  const ext = extname(__filename);
  const register =
    ext === '.ts'
      ? ['-r', typescriptHook ?? require.resolve('ts-node/register/transpile-only')]
      : [];
  return {
    nodeArgs: [...register, '-r', join(__dirname, `exit-with-parent${ext}`)],
    args: [join(folder, `main${ext}`)],
    cwd: REPO_ROOT,
  };
}
