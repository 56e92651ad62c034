export * from './emulator';
export type { SqsPort, SqsCallOptions, SqsAction, SqsVoidResult } from './port/sqs-port.interface';
