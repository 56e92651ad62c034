import { runService } from '../shared/service-app';
import { createNotifierApp } from './notifier-app';

// The notifier's process, as the launcher (src/demo/main.ts) starts it.
runService('notifier', () => createNotifierApp({ shutdownHooks: true }));
