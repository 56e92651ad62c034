export * from './dashboard-options.interface';
export * from './dashboard-path';
export * from './dashboard-source.interface';
export * from './dashboard-views.interface';
export * from './dashboard.error';
export * from './sqs-dashboard';
export { EmulatorDashboardSource } from './sources/emulator-dashboard.source';
