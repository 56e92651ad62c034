export * from './clock.interface';
export * from './manual-clock';
export * from './system-clock';
