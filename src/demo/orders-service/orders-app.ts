import type { Server } from 'node:http';
import type { DemoEnv } from '../config/demo-config.module';
import { FEED_PATH } from '../feed/demo-event.interface';
import { createServiceApp, type ServiceApp, type ServiceAppOptions } from '../shared/service-app';
import { OrdersAppModule } from './orders-app.module';
import { NotifierProxy } from './notifier-proxy';

/** Where the notifier's dashboard is, on the notifier and (forwarded) here. */
export const DASHBOARD_PATH = '/sqs';

/** Options of {@link createOrdersApp}. */
export type OrdersAppOptions = Pick<ServiceAppOptions, 'logger' | 'shutdownHooks'> & {
  /** Settings instead of the process environment (tests). Default: `process.env` and `.env`. */
  readonly env?: DemoEnv;
};

/** Starts the orders service on `PORT`: the page, the REST API, and the notifier forwarded. */
export function createOrdersApp(options: OrdersAppOptions = {}): Promise<ServiceApp> {
  return createServiceApp({
    name: 'orders service',
    module: OrdersAppModule.forRoot(options.env),
    portVariable: 'PORT',
    port: (config) => config.port,
    logger: options.logger,
    shutdownHooks: options.shutdownHooks,
    configure: (app) => {
      const proxy = app.get(NotifierProxy);
      // Before Nest's body parser (registered when the app starts): the bytes go on untouched.
      app.use(DASHBOARD_PATH, proxy.forwardHttp);
      proxy.forwardUpgrades(app.getHttpServer() as Server, FEED_PATH);
    },
  });
}
