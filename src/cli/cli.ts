import {
  EMULATOR_USAGE,
  parseEmulatorArgs,
  runEmulatorCommand,
  UsageError,
} from './emulator-command';
import { readPackageVersion } from './package-version';
import { QueueConfigError } from './queue-config';
import { isDataDirError } from './cli-emulator';

export const CLI_USAGE = `Usage: nestjs-sqs-kit <command> [options]

Commands:
  emulator    run the in-memory SQS emulator over HTTP (see: nestjs-sqs-kit emulator --help)
  version     print the version of nestjs-sqs-kit

Options:
  -v, --version  print the version of nestjs-sqs-kit
  -h, --help     show this help`;

const VERSION_COMMANDS: readonly string[] = ['--version', '-v', 'version'];

/**
 * Runs the CLI with `args` (without `node` and the script) and resolves to the exit code:
 * 0 on success, 1 on a runtime failure (bad config, port in use), 2 on a usage error.
 */
export async function runCli(args: readonly string[]): Promise<number> {
  const [command, ...rest] = args;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${CLI_USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  if (VERSION_COMMANDS.includes(command)) return printVersion();
  if (command !== 'emulator') {
    process.stderr.write(`Unknown command "${command}".\n\n${CLI_USAGE}\n`);
    return 2;
  }
  try {
    const options = parseEmulatorArgs(rest);
    if (options === 'help') {
      process.stdout.write(`${EMULATOR_USAGE}\n`);
      return 0;
    }
    await runEmulatorCommand(options);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n\n${EMULATOR_USAGE}\n`);
      return 2;
    }
    if (e instanceof QueueConfigError) {
      process.stderr.write(`Config error: ${e.message}\n`);
      return 1;
    }
    if (isDataDirError(e)) {
      process.stderr.write(`Data directory error: ${e.message}\n`);
      return 1;
    }
    const error = e as NodeJS.ErrnoException;
    if (error.code === 'EADDRINUSE' || error.code === 'EACCES' || error.code === 'EADDRNOTAVAIL') {
      process.stderr.write(`Cannot listen: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`${error.stack ?? String(e)}\n`);
    return 1;
  }
}

function printVersion(): number {
  const version = readPackageVersion();
  if (version === undefined) {
    process.stderr.write('Cannot tell the version: no package.json of nestjs-sqs-kit found.\n');
    return 1;
  }
  process.stdout.write(`${version}\n`);
  return 0;
}
