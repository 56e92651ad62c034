import { SqsModuleError } from '../errors/sqs-module.error';

/** Distinct failure sites whose stack is printed; past this, lines go without stacks. */
const MAX_SITES = 256;

/**
 * Puts a handler error's stack under the first log line of each distinct failure (handler,
 * error name, the frame that threw), and leaves it off the lines of the same failure again:
 * one line per failed attempt, the stack once. Errors of this package (timeouts, decoding,
 * routing) carry no useful stack and never get one.
 */
export class StackOnce {
  private readonly seen = new Set<string>();

  withFirstStack(line: string, handler: string | undefined, error: unknown): string {
    if (!(error instanceof Error) || error instanceof SqsModuleError || !error.stack) return line;
    const frames = error.stack.split('\n').filter((l) => /^\s+at /.test(l));
    const site = `${handler ?? ''}\u0000${error.name}\u0000${frames[0] ?? ''}`;
    if (this.seen.has(site) || this.seen.size >= MAX_SITES) return line;
    this.seen.add(site);
    return frames.length > 0 ? `${line}\n${frames.join('\n')}` : line;
  }
}
