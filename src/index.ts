export * from './clock';
export * from './emulator';
export * from './server';
export * from './module-index';
export * from './dashboard';
export type { SqsPort, SqsCallOptions, SqsAction, SqsVoidResult } from './port/sqs-port.interface';
