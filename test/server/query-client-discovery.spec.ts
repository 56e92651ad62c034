import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { judgeAwsCli, judgeBoto3, queryClient } from '../support/query-clients';

/** A fake program on a fake PATH that prints `output`. */
function fake(dir: string, name: string, output: string): string {
  const file = join(dir, name);
  writeFileSync(file, `#!/bin/sh\necho '${output}'\n`);
  chmodSync(file, 0o755);
  return file;
}

describe('finding query-protocol clients on PATH', () => {
  let dirs: string[];

  beforeEach(() => {
    dirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'query-clients-')));
  });

  afterEach(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('tells a query-protocol aws CLI from a JSON one by its version', () => {
    const [a] = dirs;
    expect(
      judgeAwsCli(fake(a, 'v2old', 'aws-cli/2.9.19 Python/3.11.2 Linux/6 source/x86_64.debian.12')),
    ).toEqual({ query: true, version: 'aws-cli 2.9.19' });
    expect(judgeAwsCli(fake(a, 'v2new', 'aws-cli/2.15.0 Python/3.11.6')).query).toBe(false);
    expect(
      judgeAwsCli(fake(a, 'v1new', 'aws-cli/1.45.11 Python/3.11.7 Linux/6 botocore/1.43.11')).query,
    ).toBe(false);
    expect(judgeAwsCli(fake(a, 'v1old', 'aws-cli/1.27.0 Python/3.11 botocore/1.29.27')).query).toBe(
      true,
    );
    expect(judgeBoto3(fake(a, 'py', '1.29.27'))).toEqual({
      query: true,
      version: 'botocore 1.29.27',
    });
    expect(judgeBoto3(fake(a, 'py2', '1.43.11')).query).toBe(false);
  });

  it('skips a JSON-protocol aws first on PATH for a query-protocol one further on', () => {
    const [first, second] = dirs;
    fake(first, 'aws', 'aws-cli/1.45.11 Python/3.11.7 botocore/1.43.11');
    const wanted = fake(second, 'aws', 'aws-cli/2.9.19 Python/3.11.2');
    const saved = process.env.SQS_QUERY_AWS_CLI;
    delete process.env.SQS_QUERY_AWS_CLI;
    try {
      expect(queryClient('aws-cli', `${first}${delimiter}${second}`)).toBe(wanted);
    } finally {
      if (saved !== undefined) process.env.SQS_QUERY_AWS_CLI = saved;
    }
  });

  it('names what it found and what to install when nothing qualifies', () => {
    const [only] = dirs;
    const file = fake(only, 'python3', '1.43.11');
    const saved = process.env.SQS_QUERY_PYTHON;
    delete process.env.SQS_QUERY_PYTHON;
    try {
      expect(() => queryClient('boto3', only)).toThrow(
        `No boto3 that speaks SQS's query protocol on PATH (found ${file}: botocore 1.43.11). ` +
          "Install Debian's python3-boto3 (apt-get install python3-boto3), or boto3 with botocore < 1.31.81, or set SQS_QUERY_PYTHON to one.",
      );
    } finally {
      if (saved !== undefined) process.env.SQS_QUERY_PYTHON = saved;
    }
  });
});
