/** What an {@link SqsError} is made from: one row of SQS's error table. */
export interface SqsErrorShape {
  /** The JSON protocol's shape name, e.g. `QueueDoesNotExist` (the SDK's `error.name`). */
  readonly name: string;
  /** The JSON protocol's full `__type`, e.g. `com.amazonaws.sqs#QueueDoesNotExist`. */
  readonly type: string;
  /** The query protocol's `<Code>`, also the first half of `x-amzn-query-error`. */
  readonly code: string;
  /** HTTP status under the query model (and JSON with `x-amzn-query-mode: true`). */
  readonly status: number;
  /** `Sender` (client fault) or `Receiver` (service fault). */
  readonly fault: 'Sender' | 'Receiver';
}

/**
 * An error exactly as SQS reports it. Its fields mirror what `@aws-sdk/client-sqs` puts on the
 * errors it throws (`name`, `message`, `Code`, `Type`, `$fault`, `$metadata.httpStatusCode`), so
 * code that handles real SQS errors handles the emulator's the same way.
 */
export class SqsError extends Error {
  /** The query-protocol error code, e.g. `AWS.SimpleQueueService.NonExistentQueue`. */
  readonly Code: string;
  /** `Sender` or `Receiver`. */
  readonly Type: 'Sender' | 'Receiver';
  readonly $fault: 'client' | 'server';
  readonly $metadata: { httpStatusCode: number };
  /** The full JSON `__type`. */
  readonly __type: string;
  readonly shape: SqsErrorShape;

  constructor(shape: SqsErrorShape, message: string) {
    super(message);
    this.name = shape.name;
    this.shape = shape;
    this.Code = shape.code;
    this.Type = shape.fault;
    this.$fault = shape.fault === 'Sender' ? 'client' : 'server';
    this.$metadata = { httpStatusCode: shape.status };
    this.__type = shape.type;
  }

  /** The HTTP status as SQS's JSON protocol sends it (400 unless the client asked for query mode). */
  jsonStatus(queryMode: boolean): number {
    return queryMode ? this.shape.status : this.shape.status >= 500 ? this.shape.status : 400;
  }
}

/** Whether `e` is an {@link SqsError}. */
export function isSqsError(e: unknown): e is SqsError {
  return e instanceof SqsError;
}
