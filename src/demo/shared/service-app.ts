import type { AddressInfo } from 'node:net';
import type { DynamicModule, INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DemoConfig, freePortHint, urlHost } from '../config/demo-config';
import { DemoLogger } from './demo-logger';

/** Options of {@link createServiceApp}. */
export interface ServiceAppOptions {
  /** How logs and errors name it: `orders service`, `notifier`. */
  readonly name: string;
  readonly module: DynamicModule;
  /** The variable that sets its port, and the port it names (for the hint when it is taken). */
  readonly portVariable: 'PORT' | 'NOTIFIER_PORT';
  readonly port: (config: DemoConfig) => number;
  /** Nest's logger levels, or `false` for none. Default: log, warn, error. */
  readonly logger?: false | LogLevel[];
  /** Close the app on SIGINT/SIGTERM (`app.enableShutdownHooks()`). Default false. */
  readonly shutdownHooks?: boolean;
  /** Runs before the app listens (adapters, raw routes that must come before Nest's own). */
  readonly configure?: (app: INestApplication, config: DemoConfig) => void;
}

/** One running service of the demo. */
export interface ServiceApp {
  readonly app: INestApplication;
  readonly config: DemoConfig;
  /** Its origin, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Creates one of the demo's Nest applications and starts listening. Separate from each `main.ts`
 * so tests can run a service in-process on a free port and close it.
 */
export async function createServiceApp(options: ServiceAppOptions): Promise<ServiceApp> {
  const levels = options.logger ?? ['log', 'warn', 'error'];
  const app = await NestFactory.create(options.module, {
    logger: levels === false ? false : new DemoLogger({ logLevels: levels }),
    // Throw boot errors to the caller instead of exiting the process.
    abortOnError: false,
    // Open sockets (the dashboard's event stream, forwarded ones) would hold the server open.
    forceCloseConnections: true,
  });
  if (options.shutdownHooks) app.enableShutdownHooks();
  try {
    const config = app.get(DemoConfig);
    options.configure?.(app, config);
    const port = options.port(config);
    await app.listen(port, config.host).catch((error: unknown) => {
      throw listenError(error, options, config, port);
    });
    const address = app.getHttpServer().address() as AddressInfo;
    return {
      app,
      config,
      url: `http://${urlHost(config.host)}:${address.port}`,
      close: () => app.close(),
    };
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
}

/**
 * The entry of a service's process: creates it, then prints the line the launcher waits for
 * (`<name> listening on <url>`). A failure to start is one line on stderr and exit code 1.
 */
export function runService(name: string, create: () => Promise<ServiceApp>): void {
  create().then(
    (service) => process.stdout.write(`${name} listening on ${service.url}\n`),
    (error: unknown) => {
      process.stderr.write(
        `The ${name} could not start: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exitCode = 1;
    },
  );
}

/**
 * A taken port as the demo's user can fix it (which variable, and a command line); other
 * failures pass through unchanged.
 */
function listenError(
  error: unknown,
  options: ServiceAppOptions,
  config: DemoConfig,
  port: number,
): unknown {
  if ((error as NodeJS.ErrnoException | undefined)?.code !== 'EADDRINUSE') return error;
  const variable = options.portVariable;
  const next = freePortHint(port, [config.port, config.notifierPort, config.sqsPort]);
  return new Error(
    `Cannot serve the ${options.name}: ${urlHost(config.host)}:${port} is in use. ` +
      `Set ${variable} to another port (${variable}=${next} npm start), or ${variable}=0 for a free one.`,
  );
}
