export * from './dashboard-options.interface';
export * from './dashboard-path';
export * from './dashboard-source.interface';
export * from './dashboard-views.interface';
export * from './dashboard.error';
export * from './sqs-dashboard';
export { EmulatorDashboardSource } from './sources/emulator-dashboard.source';
export { ModuleDashboardSource } from './sources/module-dashboard.source';
export type { ModuleDashboardSourceOptions } from './sources/module-dashboard.source';
