import type {
  SqsOutgoingEntry,
  SqsSendObservation,
} from '../../interfaces/sqs-instrumentation.interface';
import type { QueueDescription } from '../messaging-attributes';
import type { SqsMetrics } from './sqs-metrics';

/** Counts each message of a send, around the send's spans if tracing is on too. */
export class MeteredSend implements SqsSendObservation {
  constructor(
    private readonly spans: SqsSendObservation | undefined,
    private readonly metrics: SqsMetrics,
    private readonly queue: QueueDescription,
  ) {}

  prepare(index: number, entry: SqsOutgoingEntry, size: number): number {
    return this.spans ? this.spans.prepare(index, entry, size) : size;
  }

  run<R>(request: () => Promise<R>): Promise<R> {
    return this.spans ? this.spans.run(request) : request();
  }

  sent(index: number, messageId: string): void {
    this.spans?.sent(index, messageId);
    this.metrics.recordSend(this.queue);
  }

  failed(index: number, error: unknown): void {
    this.spans?.failed(index, error);
    this.metrics.recordSend(this.queue, error);
  }

  end(): void {
    this.spans?.end();
  }
}
