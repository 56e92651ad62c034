import type { LoggerService } from '@nestjs/common';

/** One line a logger was given. */
export interface LogLine {
  readonly level: 'log' | 'warn' | 'error' | 'debug' | 'verbose' | 'fatal';
  /** Every argument as text (an Error as its message and stack), joined by spaces. */
  readonly text: string;
  /** The last argument, which Nest's loggers treat as the context (e.g. `SqsModule`). */
  readonly context: string | undefined;
}

/** A Nest LoggerService that keeps every line, stack traces and extra arguments included. */
export class CapturingLogger implements LoggerService {
  readonly lines: LogLine[] = [];
  log = (...args: unknown[]) => this.keep('log', args);
  warn = (...args: unknown[]) => this.keep('warn', args);
  error = (...args: unknown[]) => this.keep('error', args);
  debug = (...args: unknown[]) => this.keep('debug', args);
  verbose = (...args: unknown[]) => this.keep('verbose', args);
  fatal = (...args: unknown[]) => this.keep('fatal', args);

  private keep(level: LogLine['level'], args: unknown[]): void {
    const text = args
      .map((a) => (a instanceof Error ? `${a.message}\n${a.stack ?? ''}` : String(a)))
      .join(' ');
    const last = args[args.length - 1];
    this.lines.push({ level, text, context: typeof last === 'string' ? last : undefined });
  }

  /** Lines at info level and above (what a production logger prints). */
  get infoAndAbove(): LogLine[] {
    return this.lines.filter((l) => l.level !== 'debug' && l.level !== 'verbose');
  }
}
