import { runService } from '../shared/service-app';
import { createOrdersApp } from './orders-app';

// The orders service's process, as the launcher (src/demo/main.ts) starts it.
runService('orders service', () => createOrdersApp({ shutdownHooks: true }));
