import type { AddressInfo } from 'node:net';
import type { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule, type AppModuleOptions } from './app.module';
import { DemoConfig } from './config/demo-config';
import { urlHost } from './config/demo-sqs-options';
import { SqsEndpoint } from './sqs-endpoint/sqs-endpoint.service';

/** Options of {@link createDemoApp}. */
export interface DemoAppOptions extends AppModuleOptions {
  /** Nest's logger levels, or `false` for none. Default: log, warn, error. */
  readonly logger?: false | LogLevel[];
  /** Close the app on SIGINT/SIGTERM (`app.enableShutdownHooks()`). Default false. */
  readonly shutdownHooks?: boolean;
}

/** A running demo. */
export interface DemoApp {
  readonly app: INestApplication;
  readonly config: DemoConfig;
  /** Origin of the web app, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  /**
   * The SQS endpoint: the emulator's on `memory`, `AWS_ENDPOINT_URL_SQS` on `aws`, undefined for
   * AWS's own regional endpoint.
   */
  readonly sqsEndpoint: string | undefined;
  /** Whether `sqsEndpoint` is the emulator this app serves. */
  readonly servesEmulator: boolean;
  /** Stops consumers (letting running handlers finish), the SQS endpoint and the web server. */
  close(): Promise<void>;
}

/**
 * Creates the demo application and starts listening (`HOST`/`PORT`; the SQS endpoint on
 * `SQS_PORT`). Separate from `main.ts` so tests can run it on free ports and close it.
 */
export async function createDemoApp(options: DemoAppOptions = {}): Promise<DemoApp> {
  const app = await NestFactory.create(
    AppModule.forRoot({ env: options.env, imports: options.imports }),
    {
      logger: options.logger ?? ['log', 'warn', 'error'],
      // Throw boot errors to the caller instead of exiting the process.
      abortOnError: false,
      // Open event streams would otherwise hold the HTTP server open at shutdown.
      forceCloseConnections: true,
    },
  );
  if (options.shutdownHooks) app.enableShutdownHooks();
  try {
    const config = app.get(DemoConfig);
    await app.listen(config.port, config.host).catch((error: unknown) => {
      throw listenError(error, config);
    });
    const { port } = app.getHttpServer().address() as AddressInfo;
    const endpoint = app.get(SqsEndpoint);
    return {
      app,
      config,
      url: `http://${urlHost(config.host)}:${port}`,
      sqsEndpoint: endpoint.url,
      servesEmulator: endpoint.servesEmulator,
      close: () => app.close(),
    };
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
}

/**
 * A taken `PORT` as the demo's user can fix it (which variable, and a command line), like the SQS
 * endpoint's hint for `SQS_PORT`; other failures pass through unchanged.
 */
function listenError(error: unknown, config: DemoConfig): unknown {
  if ((error as NodeJS.ErrnoException | undefined)?.code !== 'EADDRINUSE') return error;
  const { host, port } = config;
  const next = port > 0 && port < 65535 ? port + 1 : 3001;
  return new Error(
    `Cannot serve the demo app: ${urlHost(host)}:${port} is in use. ` +
      `Set PORT to another port (PORT=${next} npm start), or PORT=0 for a free one.`,
  );
}
