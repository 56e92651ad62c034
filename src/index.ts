export * from './emulator';
export * from './server';
export type { SqsPort, SqsCallOptions, SqsAction, SqsVoidResult } from './port/sqs-port.interface';
