export * from './sqs.module';
export * from './sqs-module-options.interface';
export * from './sqs-consumers.service';
export * from './sqs-queues.service';
export * from './sqs-health.indicator';
export { ModuleDashboardSource } from './module-dashboard.source';
export type { ModuleDashboardSourceOptions } from './module-dashboard.source';
