export * from './errors/sqs-error';
export * from './errors/sqs-error-shapes';
export * from './errors/sqs-errors';
export * from './emulator-events';
export * from './inspection';
export * from './md5';
export * from './sqs-emulator';
export * from './sqs-emulator-options.interface';
export { MAX_MESSAGE_SIZE, MAX_VISIBILITY_TIMEOUT } from './queue/queue-attributes';
export type { InvalidCharacterPolicy } from './validation/message-validation';
export type { EmulatorPersistenceStatus } from './persistence/emulator-persistence';
export { PersistedStateMismatchError } from './persistence/restore-state';
// What `persistence` can throw or take, so users need not import the log's own folder.
export { PersistenceCorruptionError } from '../persistence/persistence-corruption.error';
export { PersistenceLockedError } from '../persistence/persistence-locked.error';
export { PersistenceWriteError } from '../persistence/persistence-write.error';
export type { DurableFiles } from '../persistence/durable-files.interface';
export type { FsyncPolicy } from '../persistence/durable-log-options.interface';
export type { SqsLatency } from './latency';
