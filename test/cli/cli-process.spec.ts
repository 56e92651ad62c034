import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetQueueAttributesCommand,
  ListQueuesCommand,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import { parseEmulatorArgs, UsageError } from '../../src/cli/emulator-command';
import { sdkClientFor } from '../support/ports/sdk-port';
import { queryClient } from '../support/query-clients';
import { runProcess } from '../support/run-process';

const ROOT = join(__dirname, '..', '..');
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');
const SLOW = 60_000;

/** The CLI as a child process, exactly as `npx nestjs-sqs-kit` would run it (from source). */
class CliProcess {
  readonly child: ChildProcessWithoutNullStreams;
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(args: string[]) {
    this.child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', MAIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
    });
    this.child.stdout.on('data', (c: Buffer) => (this.stdout += c.toString()));
    this.child.stderr.on('data', (c: Buffer) => (this.stderr += c.toString()));
    this.exited = new Promise((resolve) =>
      this.child.on('exit', (code, signal) => resolve({ code, signal })),
    );
  }

  /** Resolves with the endpoint once the start line is printed. */
  async started(): Promise<string> {
    for (;;) {
      const match = /SQS emulator listening on (http:\/\/\S+)/.exec(this.stdout);
      if (match) return match[1];
      const done = await Promise.race([
        this.exited.then(() => true),
        new Promise<false>((r) => this.child.stdout.once('data', () => r(false))),
      ]);
      if (done) throw new Error(`the CLI exited before starting:\n${this.stdout}\n${this.stderr}`);
    }
  }
}

const running: CliProcess[] = [];
function cli(...args: string[]): CliProcess {
  const p = new CliProcess(args);
  running.push(p);
  return p;
}
afterEach(() => {
  for (const p of running.splice(0)) if (p.child.exitCode === null) p.child.kill('SIGKILL');
});

/** Asks the inspection API until the queue has an open long poll. */
async function untilPollIsOpen(endpoint: string, queue: string): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    const res = await fetch(`${endpoint}/_emulator/queues/${queue}`);
    if (((await res.json()) as { pendingReceives: number }).pendingReceives > 0) return;
  }
  throw new Error('the long poll never arrived');
}

function configFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'sqs-cli-')), 'queues.yaml');
  writeFileSync(path, text);
  return path;
}

describe('nestjs-sqs-kit emulator (process)', () => {
  it(
    'prints its endpoint and an aws CLI line that works as printed, and exits 0 on SIGTERM',
    async () => {
      const p = cli('emulator', '--port', '0', '--config', configFile('queues:\n  hello: {}\n'));
      const endpoint = await p.started();
      const client = sdkClientFor(endpoint);
      const listed = await client.send(new ListQueuesCommand({}));
      client.destroy();
      // The printed line works as it is, on a machine with no AWS configuration or credentials.
      const hint = /try: (aws .*)$/m.exec(p.stdout)?.[1] ?? '';
      const [, ...args] = hint.split(' ');
      const ran = await runProcess(queryClient('aws-cli'), args, {
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        AWS_ACCESS_KEY_ID: '',
        AWS_SECRET_ACCESS_KEY: '',
        AWS_DEFAULT_REGION: '',
        AWS_REGION: '',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_PAGER: '',
      });
      p.child.kill('SIGTERM');
      const exit = await p.exited;
      expect({
        hint,
        queues: listed.QueueUrls,
        ran: { code: ran.code, stdout: ran.stdout.includes(`${endpoint}/000000000000/hello`) },
        exit,
      }).toEqual({
        hint: `aws --endpoint-url ${endpoint} --region us-east-1 --no-sign-request sqs list-queues`,
        queues: [`${endpoint}/000000000000/hello`],
        ran: { code: 0, stdout: true },
        exit: { code: 0, signal: null },
      });
    },
    SLOW,
  );

  it(
    'creates the queues of its config file, dead-letter queue first, with the redrive policy',
    async () => {
      const path = configFile(
        'queues:\n' +
          '  orders:\n' +
          '    attributes: { VisibilityTimeout: 45 }\n' +
          '    deadLetter: { queue: orders-dlq, maxReceiveCount: 4 }\n' +
          '  orders-dlq: {}\n',
      );
      const p = cli(
        'emulator',
        '--port',
        '0',
        '--config',
        path,
        '--account-id',
        '123456789012',
        '--region',
        'eu-west-1',
      );
      const endpoint = await p.started();
      const client = sdkClientFor(endpoint);
      const { QueueUrls } = await client.send(new ListQueuesCommand({}));
      const { Attributes } = await client.send(
        new GetQueueAttributesCommand({
          QueueUrl: `${endpoint}/123456789012/orders`,
          AttributeNames: ['VisibilityTimeout', 'RedrivePolicy'],
        }),
      );
      client.destroy();
      p.child.kill('SIGTERM');
      await p.exited;
      const created = [...p.stdout.matchAll(/created queue (\S+)/g)].map((m) => m[1]);
      expect({ QueueUrls, Attributes, created }).toEqual({
        QueueUrls: [`${endpoint}/123456789012/orders`, `${endpoint}/123456789012/orders-dlq`],
        Attributes: {
          VisibilityTimeout: '45',
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: 'arn:aws:sqs:eu-west-1:123456789012:orders-dlq',
            maxReceiveCount: 4,
          }),
        },
        created: [`${endpoint}/123456789012/orders-dlq`, `${endpoint}/123456789012/orders`],
      });
    },
    SLOW,
  );

  it(
    'answers an open long poll with no messages on SIGINT, then exits 0',
    async () => {
      const p = cli('emulator', '--port', '0', '--config', configFile('queues:\n  q: {}\n'));
      const endpoint = await p.started();
      const client = sdkClientFor(endpoint);
      const poll = client.send(
        new ReceiveMessageCommand({ QueueUrl: `${endpoint}/000000000000/q`, WaitTimeSeconds: 20 }),
      );
      await untilPollIsOpen(endpoint, 'q');
      p.child.kill('SIGINT');
      const result = await poll;
      client.destroy();
      expect({ messages: result.Messages, exit: await p.exited }).toEqual({
        messages: undefined,
        exit: { code: 0, signal: null },
      });
    },
    SLOW,
  );

  it(
    'logs each request at debug level',
    async () => {
      const p = cli('emulator', '--port', '0', '--log-level', 'debug');
      const endpoint = await p.started();
      const client = sdkClientFor(endpoint);
      await client.send(new ListQueuesCommand({}));
      client.destroy();
      p.child.kill('SIGTERM');
      await p.exited;
      expect(p.stdout).toMatch(/DEBUG POST \/ json ListQueues 200 /);
    },
    SLOW,
  );

  it(
    'exits 1 with the reason when the config file is invalid',
    async () => {
      const p = cli(
        'emulator',
        '--port',
        '0',
        '--config',
        configFile('queues:\n  a: { color: red }\n'),
      );
      const exit = await p.exited;
      expect({ exit, stderr: p.stderr.trim() }).toEqual({
        exit: { code: 1, signal: null },
        stderr:
          'Config error: queues.a: unknown key "color" (use name, fifo, attributes, tags, deadLetter)',
      });
    },
    SLOW,
  );

  it(
    'exits 2 with usage on an unknown option',
    async () => {
      const p = cli('emulator', '--colour');
      const exit = await p.exited;
      expect({
        code: exit.code,
        usage: p.stderr.includes('Usage: nestjs-sqs-kit emulator'),
      }).toEqual({
        code: 2,
        usage: true,
      });
    },
    SLOW,
  );
});

describe('emulator command arguments', () => {
  it('has ElasticMQ-compatible defaults', () => {
    expect(parseEmulatorArgs([])).toEqual({
      host: '127.0.0.1',
      port: 9324,
      config: undefined,
      strict: false,
      region: 'us-east-1',
      accountId: '000000000000',
      baseUrl: undefined,
      logLevel: 'info',
    });
  });

  it('reads every option', () => {
    expect(
      parseEmulatorArgs([
        '--host',
        '0.0.0.0',
        '--port',
        '4566',
        '--config',
        'q.yaml',
        '--strict',
        '--region',
        'eu-west-1',
        '--account-id',
        '123456789012',
        '--base-url',
        'http://sqs:4566',
        '--log-level',
        'debug',
      ]),
    ).toEqual({
      host: '0.0.0.0',
      port: 4566,
      config: 'q.yaml',
      strict: true,
      region: 'eu-west-1',
      accountId: '123456789012',
      baseUrl: 'http://sqs:4566',
      logLevel: 'debug',
    });
  });

  it('answers --help', () => {
    expect(parseEmulatorArgs(['--help'])).toBe('help');
  });

  it.each([
    [['--port', 'http'], '--port must be an integer from 0 to 65535, got "http"'],
    [['--log-level', 'loud'], '--log-level must be one of error, warn, info, debug, got "loud"'],
    [['--account-id', '42'], '--account-id must be 12 digits, got "42"'],
    [
      ['--base-url', 'sqs:4566'],
      '--base-url must be an origin such as http://localhost:9324, got "sqs:4566"',
    ],
  ])('rejects %j', (args, message) => {
    expect(() => parseEmulatorArgs(args)).toThrow(new UsageError(message));
  });
});
