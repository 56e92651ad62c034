import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

/**
 * No Docker engine runs where the tests run, so the image is never built here. What can drift
 * is checked instead: every file the Dockerfile copies exists, and its entry point, run as the
 * image would run it (plus `--port 0`, as `docker run IMAGE --port …` appends), serves SQS on
 * every interface.
 */
describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

  it('copies only files the repository has', () => {
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) =>
      m[1].split(/\s+/),
    );
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.filter((s) => !existsSync(join(ROOT, s)))).toEqual([]);
  });

  it('runs an entry point that serves SQS on every interface', async () => {
    const entry = /^ENTRYPOINT (\[.*\])$/m.exec(dockerfile)?.[1];
    const [program, ...args] = JSON.parse(entry as string) as string[];
    expect(program).toBe('node');
    expect(args).toEqual(expect.arrayContaining(['--host', '0.0.0.0']));
    const child = spawn(process.execPath, [...args, '--port', '0'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let output = '';
      const port = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no port in: ${output}`)), 15_000);
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const found = /http:\/\/[^\s:]+:(\d+)/.exec(output);
          if (found) {
            clearTimeout(timer);
            resolve(Number(found[1]));
          }
        });
      });
      const response = await fetch(`http://127.0.0.1:${port}/`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'AmazonSQS.ListQueues',
        },
        body: '{}',
      });
      expect(response.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
