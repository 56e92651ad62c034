import type { SqsServerLogger } from '../server/sqs-server-options.interface';

/** The CLI's log levels, most severe first. */
export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Whether `text` names a log level. */
export function isLogLevel(text: string): text is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(text);
}

/** Where log lines go: stdout for info/debug, stderr for warnings and errors. */
export interface LogSink {
  out(line: string): void;
  err(line: string): void;
}

const processSink: LogSink = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** A logger that writes lines at or above `level`, each prefixed with a timestamp and level. */
export function createConsoleLogger(level: LogLevel, sink: LogSink = processSink): SqsServerLogger {
  const rank = LOG_LEVELS.indexOf(level);
  const line = (lvl: LogLevel, message: string): string =>
    `${new Date().toISOString()} ${lvl.toUpperCase().padEnd(5)} ${message}`;
  const at = (lvl: LogLevel, write: (text: string) => void) => (message: string) => {
    if (LOG_LEVELS.indexOf(lvl) <= rank) write(line(lvl, message));
  };
  return {
    error: at('error', sink.err),
    warn: at('warn', sink.err),
    info: at('info', sink.out),
    debug: at('debug', sink.out),
  };
}
