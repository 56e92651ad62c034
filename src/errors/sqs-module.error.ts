/** Base class of every error this module throws (not of errors SQS itself returns). */
export class SqsModuleError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
