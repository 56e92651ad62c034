import type { SqsEmulator } from '../../../src/emulator';

/** The queue a consumer reads: over HTTP (endpoint + URL) or in this process (emulator). */
export interface QueueRef {
  readonly queueName: string;
  readonly queueUrl: string;
  /** The HTTP emulator's endpoint (HTTP consumers). */
  readonly endpoint?: string;
  /** The in-process emulator (memory backend). */
  readonly emulator?: SqsEmulator;
}

/** Called once per message with its body; may return a promise (an I/O-bound handler). */
export type BenchHandler = (body: string | undefined) => void | Promise<void>;

/** A consumer built and ready: `start` begins consuming (timed), `stop` tears it down. */
export interface PreparedConsumer {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** One consumer library at one setting. */
export interface ConsumerUnderTest {
  /** Short key, e.g. `kit-aws-c10`. */
  readonly name: string;
  /** For tables, e.g. `nestjs-sqs-kit, aws backend`. */
  readonly label: string;
  /** Messages in handlers at once, at most. */
  readonly concurrency: number;
  /** Which queue it reads: the HTTP emulator, or an emulator in this process. */
  readonly transport: 'http' | 'memory';
  /** The settings used, for the report. */
  readonly settings: string;
  prepare(queue: QueueRef, handler: BenchHandler): Promise<PreparedConsumer>;
}
