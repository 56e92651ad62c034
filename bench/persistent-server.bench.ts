/**
 * The emulator with a data directory (`--data-dir`) against the in-memory one, in one run:
 *
 * - server throughput over HTTP through `@aws-sdk/client-sqs`, the workload of server.bench.ts
 *   (clients loop SendMessageBatch(10) → ReceiveMessage(10) → DeleteMessageBatch, 1 and 16
 *   concurrent clients), the CLI server in a child process, in memory and at the default fsync
 *   (`batch`), runs interleaved; also `--fsync always` for reference;
 * - restart time with 1,000,000 stored messages (101-byte bodies): from spawning
 *   `nestjs-sqs-kit emulator --data-dir` to its "listening" line, next to the same with an empty
 *   directory (the CLI's own start-up), and the restore alone in this process;
 * - bytes on disk per stored 1 KiB message: journal only, and after a compaction (snapshot).
 *
 *   npm run bench:persistent [-- --quick] [-- --dir /mnt/disk]
 *
 * `--quick`: 4,000 messages per throughput run and 100,000 stored messages for the restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { ManualClock } from '../src/clock';
import { SqsEmulator, type SqsEmulatorPersistenceOptions } from '../src/emulator';
import { BODY, type RunningServer, startCliServer, throughput } from './server-client.part';

const { values: flags } = parseArgs({
  options: { quick: { type: 'boolean' }, dir: { type: 'string' } },
});
const QUICK = flags.quick ?? false;
const BASE = flags.dir ?? tmpdir();
const THROUGHPUT_MESSAGES = QUICK ? 4_000 : 40_000;
const STORED = QUICK ? 100_000 : 1_000_000;
const KIB_MESSAGES = QUICK ? 5_000 : 20_000;

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function freshDir(): string {
  return mkdtempSync(join(BASE, 'sqs-kit-bench-data-'));
}

async function withServer<T>(
  args: readonly string[],
  run: (server: RunningServer) => Promise<T>,
): Promise<T> {
  const server = await startCliServer(args);
  try {
    return await run(server);
  } finally {
    await server.stop();
  }
}

/** Messages per second of `workers` clients, on a fresh server started with `args`. */
async function serverThroughput(args: readonly string[], workers: number): Promise<number> {
  return withServer(args, async ({ endpoint }) => {
    await throughput(endpoint, workers, 400); // warm-up: JIT, sockets
    return throughput(endpoint, workers, THROUGHPUT_MESSAGES);
  });
}

async function throughputSection(): Promise<void> {
  const dirs: string[] = [];
  const persistent = (fsync?: string) => {
    const dir = freshDir();
    dirs.push(dir);
    return ['--data-dir', dir, ...(fsync ? ['--fsync', fsync] : [])];
  };
  try {
    for (const workers of [1, 16]) {
      const memory: number[] = [];
      const batch: number[] = [];
      // Interleaved, so drift in the machine's load hits both alike.
      for (let round = 0; round < 2; round++) {
        memory.push(await serverThroughput([], workers));
        batch.push(await serverThroughput(persistent(), workers));
      }
      const always = await serverThroughput(persistent('always'), workers);
      const m = Math.max(...memory);
      const b = Math.max(...batch);
      console.log(
        `throughput ${String(workers).padStart(2)} client(s): in memory ${fmt(m).padStart(6)} msg/s; ` +
          `--data-dir (fsync batch, default) ${fmt(b).padStart(6)} msg/s = ${(b / m).toFixed(2)}x; ` +
          `--fsync always ${fmt(always).padStart(6)} msg/s = ${(always / m).toFixed(2)}x ` +
          `(best of 2 interleaved runs, ${fmt(THROUGHPUT_MESSAGES)} messages each)`,
      );
    }
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

function emulatorOn(dir: string, persistence: Partial<SqsEmulatorPersistenceOptions> = {}) {
  return new SqsEmulator({
    clock: new ManualClock(Date.now()),
    persistence: { dir, onWarning: (m) => console.warn(`warning: ${m}`), ...persistence },
  });
}

/** Sends `count` messages of `body` to queue `q`, many batches at a time (they share commits). */
async function fill(emulator: SqsEmulator, count: number, body: string): Promise<string> {
  const { QueueUrl } = await emulator.createQueue({ QueueName: 'q' });
  const entries = Array.from({ length: 10 }, (_, i) => ({ Id: `${i}`, MessageBody: body }));
  for (let sent = 0; sent < count;) {
    const wave: Promise<unknown>[] = [];
    for (let i = 0; i < 200 && sent < count; i++, sent += 10) {
      wave.push(emulator.sendMessageBatch({ QueueUrl, Entries: entries }));
    }
    await Promise.all(wave);
  }
  return QueueUrl as string;
}

async function restartSection(): Promise<void> {
  const dir = freshDir();
  const empty = freshDir();
  try {
    let t = performance.now();
    const writer = emulatorOn(dir);
    await fill(writer, STORED, BODY);
    const filled = performance.now() - t;
    await writer.persistence?.compact();
    const bytes = writer.persistence?.diskBytes() ?? 0;
    await writer.close();
    console.log(
      `stored     ${fmt(STORED)} messages of ${BODY.length} bytes in ${seconds(filled)} ` +
        `(in process, 200 batches of 10 in flight); ${fmt(bytes / 2 ** 20)} MiB on disk after compaction`,
    );

    t = performance.now();
    const reader = emulatorOn(dir);
    const restore = performance.now() - t;
    const restored = reader.persistence?.restoredMessages ?? 0;
    await reader.close();
    if (restored !== STORED) throw new Error(`restored ${restored} messages, stored ${STORED}`);

    const baseline = await withServer(['--data-dir', empty], async (s) => s.startMs ?? NaN);
    const { startMs, line } = await withServer(['--data-dir', dir], async (s) => ({
      startMs: s.startMs ?? NaN,
      line: /data directory .*/.exec(s.stdout?.() ?? '')?.[0] ?? '?',
    }));
    console.log(
      `restart    with ${fmt(STORED)} stored messages: ${seconds(startMs)} from spawn to listening ` +
        `(empty directory: ${seconds(baseline)}); the restore alone, in process: ${seconds(restore)}`,
    );
    console.log(`           the CLI said: ${line}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(empty, { recursive: true, force: true });
  }
}

async function bytesSection(): Promise<void> {
  const dir = freshDir();
  try {
    const emulator = emulatorOn(dir, { compactAfterBytes: 2 ** 40 });
    const body = 'k'.repeat(1024);
    await fill(emulator, KIB_MESSAGES, body);
    const journal = emulator.persistence?.diskBytes() ?? 0;
    await emulator.persistence?.compact();
    const snapshot = emulator.persistence?.diskBytes() ?? 0;
    await emulator.close();
    console.log(
      `disk       per stored 1 KiB message: ${fmt(journal / KIB_MESSAGES)} bytes in the journal, ` +
        `${fmt(snapshot / KIB_MESSAGES)} bytes after compaction (${fmt(KIB_MESSAGES)} messages)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(
    `persistent-server.bench — ${QUICK ? 'quick' : 'full'} run; Node ${process.version}, ` +
      `${cpus().length} CPU(s) (${cpus()[0]?.model ?? '?'}); data under ${BASE}`,
  );
  await throughputSection();
  await bytesSection();
  await restartSection();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
