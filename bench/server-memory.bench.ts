/**
 * The HTTP emulator holding a large backlog: how much memory the process takes.
 *   npm run bench:memory [-- --messages N]
 *
 * Starts `nestjs-sqs-kit emulator` from `dist/` (as `npx` runs it; `npm run build` first) in its
 * own process, sends N (default 1,000,000) bodies of 1 KiB with SendMessageBatch (32 in flight,
 * a lean keep-alive client), then reads the process's resident memory (Linux /proc: VmRSS now,
 * VmHWM the peak) and the queue's count, which must be N. Nothing is received: this is the
 * memory a backlog costs, what a team's emulator holds after a consumer was down for a while.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LeanSqsClient } from './compare/clients/lean-workload';
import { REPO_ROOT, startServer } from './compare/servers/server-process';

const at = process.argv.indexOf('--messages');
const MESSAGES = at > 0 ? Number(process.argv[at + 1]) : 1_000_000;
const IN_FLIGHT = 32;

/** A /proc/<pid>/status field in MiB (Linux). */
function statusMiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
  return kib / 1024;
}

/** A distinct 1 KiB body, as JSON-escaped text ready to go into a request. */
function body(i: number): string {
  const head = `${i}:`;
  return head + 'x'.repeat(1024 - head.length);
}

async function main(): Promise<void> {
  const server = await startServer({
    name: 'kit',
    label: 'nestjs-sqs-kit',
    args: [
      join(REPO_ROOT, 'dist', 'cli', 'main.js'),
      'emulator',
      '--port',
      '0',
      '--log-level',
      'warn',
    ],
    how: 'the CLI from dist/',
  });
  const client = new LeanSqsClient(server.endpoint, IN_FLIGHT);
  try {
    const { QueueUrl } = await client.call<{ QueueUrl: string }>(
      'CreateQueue',
      JSON.stringify({ QueueName: 'backlog' }),
    );
    const idle = statusMiB(server.pid, 'VmRSS');
    const started = performance.now();
    let next = 0;
    const sender = async (): Promise<void> => {
      while (next < MESSAGES) {
        const first = next;
        next += 10;
        const Entries = [];
        for (let j = first; j < Math.min(first + 10, MESSAGES); j++) {
          Entries.push({ Id: String(j - first), MessageBody: body(j) });
        }
        const { Successful = [] } = await client.call<{ Successful?: unknown[] }>(
          'SendMessageBatch',
          JSON.stringify({ QueueUrl, Entries }),
        );
        if (Successful.length !== Entries.length) throw new Error('a send failed');
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, sender));
    const seconds = (performance.now() - started) / 1000;
    const { Attributes = {} } = await client.call<{ Attributes?: Record<string, string> }>(
      'GetQueueAttributes',
      JSON.stringify({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    const queued = Number(Attributes.ApproximateNumberOfMessages);
    const rss = statusMiB(server.pid, 'VmRSS');
    const peak = statusMiB(server.pid, 'VmHWM');
    console.log(
      `server memory: ${MESSAGES.toLocaleString('en-US')} × 1 KiB queued over HTTP in ${seconds.toFixed(1)} s ` +
        `(node ${process.version}, server from dist/)`,
    );
    console.log(
      `  RSS ${Math.round(rss).toLocaleString('en-US')} MiB (peak ${Math.round(peak).toLocaleString('en-US')} MiB, ` +
        `${Math.round(idle)} MiB idle); ${(((rss - idle) * 1024 * 1024) / MESSAGES).toFixed(0)} bytes per message; ` +
        (queued === MESSAGES
          ? `${queued.toLocaleString('en-US')} in the queue`
          : `WRONG: ${queued} in the queue`),
    );
    if (queued !== MESSAGES) process.exitCode = 1;
  } finally {
    await client.close();
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
