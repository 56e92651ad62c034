import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { EMULATOR_USAGE, parseEmulatorArgs, UsageError } from '../../src/cli/emulator-command';
import { jsonRequest } from '../support/raw-http';

const ROOT = join(__dirname, '..', '..');
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');

describe('--allowed-hosts and --allowed-origins', () => {
  it('reads comma-separated and repeated names', () => {
    const options = parseEmulatorArgs([
      '--allowed-hosts',
      'sqs, sqs.internal',
      '--allowed-hosts',
      '10.0.0.5',
      '--allowed-origins',
      'https://admin.example.com',
    ]);
    expect(options !== 'help' && [options.allowedHosts, options.allowedOrigins]).toEqual([
      ['sqs', 'sqs.internal', '10.0.0.5'],
      ['https://admin.example.com'],
    ]);
  });

  it("turns the host check off with '*'", () => {
    const options = parseEmulatorArgs(['--allowed-hosts', '*']);
    expect(options !== 'help' && options.allowedHosts).toBe('*');
  });

  it('leaves both unset by default', () => {
    const options = parseEmulatorArgs([]);
    expect(options !== 'help' && [options.allowedHosts, options.allowedOrigins]).toEqual([
      undefined,
      undefined,
    ]);
  });

  it.each([
    [['--allowed-hosts', 'sqs:9324'], /--allowed-hosts\) entry 'sqs:9324' is not a host name/],
    [['--allowed-origins', 'admin.example.com'], /entry 'admin.example.com' is not an origin/],
    [['--allowed-origins', 'https://a.example/path'], /is not an origin/],
  ])('refuses %j as a usage error', (args, message) => {
    expect(() => parseEmulatorArgs(args)).toThrow(UsageError);
    expect(() => parseEmulatorArgs(args)).toThrow(message);
  });

  it('are in --help', () => {
    expect(EMULATOR_USAGE).toMatch(/--allowed-hosts <h>[^]*'\*' answers every name/);
    expect(EMULATOR_USAGE).toMatch(/--allowed-origins <o>/);
  });
});

describe('nestjs-sqs-kit emulator --allowed-hosts (process)', () => {
  let child: ChildProcessWithoutNullStreams | undefined;
  afterEach(() => {
    child?.kill('SIGKILL');
  });

  it('answers the names given and refuses others, and says so at start on 0.0.0.0', async () => {
    child = spawn(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        MAIN,
        'emulator',
        '--port',
        '0',
        '--host',
        '0.0.0.0',
      ],
      { cwd: ROOT, env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' } },
    );
    const plain = await startLines(child);
    child.kill('SIGKILL');
    child = spawn(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        MAIN,
        'emulator',
        '--port',
        '0',
        '--allowed-hosts',
        'sqs.test',
      ],
      { cwd: ROOT, env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' } },
    );
    const started = await startLines(child);
    const endpoint = /listening on (http:\/\/\S+)/.exec(started)?.[1] as string;
    const port = new URL(endpoint).port;
    const named = await jsonRequest(endpoint, 'ListQueues', {}, { host: `sqs.test:${port}` });
    const other = await jsonRequest(endpoint, 'ListQueues', {}, { host: `evil.test:${port}` });
    expect({
      hint: plain.includes('loopback host names only'),
      hintWhenNamed: started.includes('loopback host names only'),
      named: named.status,
      other: other.status,
    }).toEqual({ hint: true, hintWhenNamed: false, named: 200, other: 403 });
  }, 60_000);
});

/** The start-up lines (one write, below a pipe's atomic size, so they arrive together). */
function startLines(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (/listening on[^]*any credentials accepted/.test(out)) resolve(out);
    });
    child.on('exit', () => reject(new Error(`exited before starting: ${out}`)));
  });
}
