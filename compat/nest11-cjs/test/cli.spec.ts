import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const BIN = join(__dirname, '../node_modules/.bin/nestjs-sqs-kit');
const installed = JSON.parse(
  readFileSync(join(__dirname, '../node_modules/nestjs-sqs-kit/package.json'), 'utf8'),
) as { version: string };

describe('the installed command, as npx runs it', () => {
  it('prints its version', () => {
    const out = spawnSync(BIN, ['--version'], { encoding: 'utf8' });
    expect(out.status).toBe(0);
    expect(out.stdout.trim()).toContain(installed.version);
  });

  it('serves the emulator and stops on SIGTERM', async () => {
    const child = spawn(BIN, ['emulator', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no endpoint printed: ${output}`)), 15_000);
      child.stdout.on('data', () => {
        const found = /http:\/\/127\.0\.0\.1:\d+/.exec(output);
        if (found) {
          clearTimeout(timer);
          resolve(found[0]);
        }
      });
    });
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AmazonSQS.ListQueues',
      },
      body: '{}',
    });
    expect(response.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
