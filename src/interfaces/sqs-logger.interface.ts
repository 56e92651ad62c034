/**
 * The logger the module writes to: Nest's `LoggerService` fits. Message bodies are only ever
 * passed to `debug`.
 */
export interface SqsLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string, stack?: string): void;
  debug?(message: string): void;
}
