import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { DemoEnv } from '../../../src/demo/config/demo-config.module';
import { DemoStack } from '../../../src/demo/launcher/demo-stack';
import type { DemoProcessName } from '../../../src/demo/launcher/supervised-process';
import { createNotifierApp } from '../../../src/demo/notifier/notifier-app';
import { createOrdersApp } from '../../../src/demo/orders-service/orders-app';
import type { ServiceApp } from '../../../src/demo/shared/service-app';
import { SqsEmulator, type SqsServerHandle, startSqsServer } from '../../../src/index';

/**
 * Settings for a fast, deterministic demo: free ports, no simulated work, retries at once, no
 * random failures (tests fail orders with `{ "fail": true }`).
 */
export const TEST_ENV: DemoEnv = {
  HOST: '127.0.0.1',
  PORT: '0',
  NOTIFIER_PORT: '0',
  SQS_PORT: '0',
  DEMO_WORK_MS: '0',
  DEMO_RETRY_DELAY_SECONDS: '0',
  DEMO_FAILURE_RATE: '0',
};

/**
 * Ports for the three processes, each free when probed, below the range the system hands out for
 * port 0 and outgoing connections (32768 and up on Linux): a process restarted on its port must
 * not find it taken by some other test's connection meanwhile. Settings for {@link TEST_ENV}.
 */
export async function freeDemoPorts(): Promise<{
  PORT: string;
  NOTIFIER_PORT: string;
  SQS_PORT: string;
}> {
  const [PORT, NOTIFIER_PORT, SQS_PORT] = [await freePort(), await freePort(), await freePort()];
  return { PORT, NOTIFIER_PORT, SQS_PORT };
}

const taken = new Set<number>();

async function freePort(): Promise<string> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (taken.has(port)) continue;
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) {
      taken.add(port);
      return String(port);
    }
  }
}

/** The processes' TypeScript, transpiled once and cached (see the file). */
const TYPESCRIPT_HOOK = join(__dirname, 'cached-ts-register.js');

/** The demo as `npm start` runs it, for a test. */
export interface RunningDemo {
  readonly stack: DemoStack;
  /** The orders service: the page, the REST API, `/ws` and `/sqs` forwarded. */
  readonly url: string;
  readonly sqsEndpoint: string | undefined;
  /** Every line the processes wrote, prefixed as the launcher prefixes them. */
  readonly output: string[];
  /** The last lines, to explain a failure. */
  tail(lines?: number): string;
  /** Stops the processes and deletes the data directory. */
  close(): Promise<void>;
}

/**
 * Starts the demo's three processes (emulator, notifier, orders service) on free ports (see
 * {@link freeDemoPorts}), with a data directory of its own, `env` over {@link TEST_ENV}. Set
 * DEMO_TEST_LOGS=1 to see their lines.
 */
export async function startDemo(env: DemoEnv = {}): Promise<RunningDemo> {
  const dataDir = mkdtempSync(join(tmpdir(), 'demo-data-'));
  const output: string[] = [];
  const stack = await DemoStack.start({
    env: {
      ...process.env,
      ...TEST_ENV,
      ...(await freeDemoPorts()),
      DEMO_DATA_DIR: dataDir,
      ...env,
    },
    typescriptHook: TYPESCRIPT_HOOK,
    output: (name: DemoProcessName, _stream, line) => {
      const text = `[${name}] ${line}`;
      output.push(text);
      if (process.env.DEMO_TEST_LOGS) process.stderr.write(`${text}\n`);
    },
    onUnexpectedExit: (name, exit) =>
      output.push(`[launcher] ${name} ended unasked: ${exit.code ?? exit.signal}`),
  }).catch((error: unknown) => {
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`${(error as Error).message}\n${output.slice(-30).join('\n')}`);
  });
  return {
    stack,
    get url() {
      return stack.url;
    },
    get sqsEndpoint() {
      return stack.sqsEndpoint;
    },
    output,
    tail: (lines = 30) => output.slice(-lines).join('\n'),
    async close() {
      await stack.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The demo's two services in this process, on an emulator served from this process too. */
export interface InProcessDemo {
  /** The orders service's origin. */
  readonly url: string;
  readonly sqsEndpoint: string;
  /** The emulator the SQS endpoint serves: tests read and change its state directly. */
  readonly emulator: SqsEmulator;
  readonly notifier: ServiceApp;
  readonly orders: ServiceApp;
  close(): Promise<void>;
}

/**
 * The demo's services as Nest applications in the test's own process, on an emulator served over
 * HTTP from it: for tests of what the services serve (the dashboard), which reach into the
 * emulator or the notifier's consumers, and need no process to stop or restart.
 */
export async function startDemoInProcess(env: DemoEnv = {}): Promise<InProcessDemo> {
  const server: SqsServerHandle = await startSqsServer({ emulator: new SqsEmulator(), port: 0 });
  const settings = { ...TEST_ENV, SQS_PORT: new URL(server.url).port, ...env };
  let notifier: ServiceApp | undefined;
  try {
    notifier = await createNotifierApp({ env: settings, logger: false });
    const orders = await createOrdersApp({
      env: { ...settings, NOTIFIER_PORT: new URL(notifier.url).port },
      logger: false,
    });
    const started = notifier;
    return {
      url: orders.url,
      sqsEndpoint: server.url,
      emulator: server.emulator,
      notifier: started,
      orders,
      async close() {
        await orders.close();
        await started.close();
        await server.close();
      },
    };
  } catch (error) {
    await notifier?.close();
    await server.close();
    throw error;
  }
}

/** An SDK client for an SQS endpoint (the emulator accepts any credentials). */
export function sqsClient(endpoint: string): SQSClient {
  return new SQSClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
}
