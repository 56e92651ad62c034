import type { DemoProcessName } from './supervised-process';

/** A command typed into the launcher's terminal. */
export type LauncherCommand =
  | { readonly kind: 'start' | 'stop' | 'restart' | 'kill'; readonly name: DemoProcessName }
  | { readonly kind: 'status' | 'help' | 'quit' }
  | { readonly kind: 'unknown'; readonly text: string };

/** What the launcher answers to `help`. */
export const LAUNCHER_HELP = [
  'start <name>     start it (again), on the same port',
  'stop <name>      SIGTERM: it finishes what it holds, then exits',
  'restart <name>   stop, then start',
  'kill <name>      SIGKILL: a crash, nothing flushed',
  'status           which process runs, with its pid',
  'quit             stop all three (as Ctrl-C does)',
  'names: emulator, notifier, orders',
].join('\n');

const NAMES: readonly DemoProcessName[] = ['emulator', 'notifier', 'orders'];

/** Reads one line: `stop notifier`, `restart emulator`, `status`… (blank lines are undefined). */
export function parseLauncherCommand(line: string): LauncherCommand | undefined {
  const words = line.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return undefined;
  const [verb, target] = words;
  if ((verb === 'status' || verb === 'help' || verb === 'quit') && words.length === 1) {
    return { kind: verb };
  }
  if (
    (verb === 'start' || verb === 'stop' || verb === 'restart' || verb === 'kill') &&
    words.length === 2 &&
    NAMES.includes(target as DemoProcessName)
  ) {
    return { kind: verb, name: target as DemoProcessName };
  }
  return { kind: 'unknown', text: line.trim() };
}
