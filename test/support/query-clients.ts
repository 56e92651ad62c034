import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * The query-protocol clients the tests drive: an aws CLI, and a python3 with boto3. SDKs moved
 * SQS to the JSON protocol (botocore 1.31.81, aws-cli v2 after 2.13.33), so a client qualifies
 * only below those versions: Debian bookworm's `awscli` (aws-cli 2.9.19) and `python3-boto3`
 * (botocore 1.29.27) do. The first qualifying one on PATH is used; `SQS_QUERY_AWS_CLI` or
 * `SQS_QUERY_PYTHON` names one explicitly.
 */
export type QueryClientKind = 'aws-cli' | 'boto3';

const SPEC: Record<QueryClientKind, { env: string; program: string; install: string }> = {
  'aws-cli': {
    env: 'SQS_QUERY_AWS_CLI',
    program: 'aws',
    install: "Debian's awscli (apt-get install awscli), or aws-cli v1 with botocore < 1.31.81",
  },
  boto3: {
    env: 'SQS_QUERY_PYTHON',
    program: 'python3',
    install:
      "Debian's python3-boto3 (apt-get install python3-boto3), or boto3 with botocore < 1.31.81",
  },
};

/** The last botocore release that speaks the query protocol to SQS, and aws-cli v2's. */
const LAST_QUERY_BOTOCORE = [1, 31, 80];
const LAST_QUERY_AWS_CLI_V2 = [2, 13, 33];

const found = new Map<string, string>();

/** The path of a query-protocol client, or an error that says what was found and what is needed. */
export function queryClient(kind: QueryClientKind, path = process.env.PATH ?? ''): string {
  const spec = SPEC[kind];
  const explicit = process.env[spec.env];
  if (explicit) return explicit;
  const key = `${kind}\u0000${path}`;
  const cached = found.get(key);
  if (cached) return cached;
  const rejected: string[] = [];
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const file = join(dir, spec.program);
    if (!isExecutable(file)) continue;
    const verdict = kind === 'aws-cli' ? judgeAwsCli(file) : judgeBoto3(file);
    if (verdict.query) {
      found.set(key, file);
      return file;
    }
    rejected.push(`${file}: ${verdict.version}`);
  }
  throw new Error(
    `No ${kind} that speaks SQS's query protocol on PATH` +
      (rejected.length ? ` (found ${rejected.join('; ')})` : '') +
      `. Install ${spec.install}, or set ${spec.env} to one.`,
  );
}

/** `aws --version`: "aws-cli/2.9.19 Python/3.11.2 …" or "aws-cli/1.45.11 … botocore/1.43.11". */
export function judgeAwsCli(file: string): { query: boolean; version: string } {
  const out = run(file, ['--version']);
  const cli = /aws-cli\/(\d+)\.(\d+)\.(\d+)/.exec(out);
  if (!cli) return { query: false, version: `no version in '${out.trim()}'` };
  const version = `aws-cli ${cli.slice(1).join('.')}`;
  if (cli[1] === '2') return { query: atMost(cli.slice(1), LAST_QUERY_AWS_CLI_V2), version };
  const botocore = /botocore\/(\d+)\.(\d+)\.(\d+)/.exec(out);
  if (!botocore) return { query: false, version: `${version}, botocore unknown` };
  return {
    query: atMost(botocore.slice(1), LAST_QUERY_BOTOCORE),
    version: `${version}, botocore ${botocore.slice(1).join('.')}`,
  };
}

/** The botocore under `python3 -c 'import boto3'`. */
export function judgeBoto3(file: string): { query: boolean; version: string } {
  const out = run(file, ['-c', 'import boto3, botocore; print(botocore.__version__)']).trim();
  const v = /^(\d+)\.(\d+)\.(\d+)/.exec(out);
  if (!v) return { query: false, version: 'no boto3' };
  return { query: atMost(v.slice(1), LAST_QUERY_BOTOCORE), version: `botocore ${out}` };
}

function atMost(version: readonly string[], limit: readonly number[]): boolean {
  for (let i = 0; i < 3; i++) {
    const part = Number(version[i]);
    if (part !== limit[i]) return part < limit[i];
  }
  return true;
}

function run(file: string, args: string[]): string {
  const result = spawnSync(file, args, { encoding: 'utf8', timeout: 30_000 });
  return `${result.stdout ?? ''}${result.stderr ?? ''}`;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
