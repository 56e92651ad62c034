export * from './durable-files.interface';
export * from './durable-log-options.interface';
export * from './durable-log';
export * from './persistence-corruption.error';
export * from './persistence-locked.error';
export * from './persistence-write.error';
