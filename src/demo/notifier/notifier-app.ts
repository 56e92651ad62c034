import { WsAdapter } from '@nestjs/platform-ws';
import type { DemoEnv } from '../config/demo-config.module';
import { createServiceApp, type ServiceApp, type ServiceAppOptions } from '../shared/service-app';
import { NotifierAppModule } from './notifier-app.module';

/** Options of {@link createNotifierApp}. */
export type NotifierAppOptions = Pick<ServiceAppOptions, 'logger' | 'shutdownHooks'> & {
  /** Settings instead of the process environment (tests). Default: `process.env` and `.env`. */
  readonly env?: DemoEnv;
};

/** Starts the notifier on `NOTIFIER_PORT`: consumers, the WebSocket feed at /ws, /sqs. */
export function createNotifierApp(options: NotifierAppOptions = {}): Promise<ServiceApp> {
  return createServiceApp({
    name: 'notifier',
    module: NotifierAppModule.forRoot(options.env),
    portVariable: 'NOTIFIER_PORT',
    port: (config) => config.notifierPort,
    logger: options.logger,
    shutdownHooks: options.shutdownHooks,
    // The `ws` library's server, on the app's own HTTP server and port.
    configure: (app) => app.useWebSocketAdapter(new WsAdapter(app)),
  });
}
