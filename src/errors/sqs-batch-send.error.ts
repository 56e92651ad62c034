import type { SqsBatchEntryResult } from '../interfaces/sqs-send-options.interface';
import { SqsModuleError } from './sqs-module.error';
import { BATCH_SEND_FAILED } from './sqs.messages';

/**
 * Some entries of a `sendBatch` failed. `results` holds every entry's outcome in input order, so
 * the messages that were sent are known and only the failed ones need sending again.
 */
export class SqsBatchSendError extends SqsModuleError {
  constructor(
    readonly queue: string,
    readonly results: readonly SqsBatchEntryResult[],
  ) {
    super(BATCH_SEND_FAILED(queue, results.filter((r) => !r.ok).length, results.length));
  }

  /** The entries that failed. */
  get failed(): Extract<SqsBatchEntryResult, { ok: false }>[] {
    return this.results.filter((r): r is Extract<SqsBatchEntryResult, { ok: false }> => !r.ok);
  }

  /** The entries that were sent. */
  get succeeded(): Extract<SqsBatchEntryResult, { ok: true }>[] {
    return this.results.filter((r): r is Extract<SqsBatchEntryResult, { ok: true }> => r.ok);
  }
}
