import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface ProcessResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program (no shell) and resolves with its exit code and output; never rejects on exit. */
export function runProcess(
  file: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 60_000,
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      [...args],
      { env: { ...process.env, ...env }, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(error);
          return;
        }
        resolve({ code: error ? (error.code as unknown as number) : 0, stdout, stderr });
      },
    );
  });
}

/**
 * The path of a Debian-packaged client the query-protocol tests need. Debian bookworm's `awscli`
 * and `python3-boto3` still speak the query protocol; newer pip-installed ones (often first on
 * PATH) speak JSON, hence the absolute default paths.
 */
export function requireClient(envName: string, defaultPath: string): string {
  const path = process.env[envName] ?? defaultPath;
  if (!existsSync(path)) {
    throw new Error(
      `${path} not found: install Debian's query-protocol clients with ` +
        '`apt-get install -y awscli python3-boto3` (or set ' +
        `${envName} to another query-protocol client).`,
    );
  }
  return path;
}
