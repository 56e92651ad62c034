/**
 * DurableLog (src/persistence) figures.
 *   npm run bench:persistence              (full: 1,000,000-record replay and compaction)
 *   npm run bench:persistence -- --quick   (100,000 records)
 *   npm run bench:persistence -- --dir /mnt/disk   (where to write; default the OS temp dir)
 * Prints: append+commit throughput of 1 KiB records per fsync policy (one writer awaiting each
 * commit, and 64 concurrent writers sharing group commits); bytes on disk per 1 KiB record
 * (journal only, and after compaction); open/replay time of N small records from a journal and
 * from a snapshot; the longest gap between consecutive commits of a steady commit stream while a
 * compaction of N small records runs, next to the same stream without compaction.
 * Every replay is checked against what was written; a mismatch exits 1.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DurableLog, type DurableLogOptions, type FsyncPolicy } from '../src/persistence';

const quick = process.argv.includes('--quick');
const dirArg = process.argv.indexOf('--dir');
const BASE = dirArg > 0 ? process.argv[dirArg + 1] : os.tmpdir();
const N = quick ? 100_000 : 1_000_000;
const KIB = 'k'.repeat(1024 - 40); // with its id and JSON punctuation, a record of ~1 KiB of JSON

type Rec = { id: number; v: number; body: string };

function freshDir(): string {
  return fs.mkdtempSync(join(BASE, 'sqs-kit-bench-persistence-'));
}

function open(
  dir: string,
  options: Partial<DurableLogOptions>,
  state?: Map<number, Rec>,
): DurableLog {
  return DurableLog.open(
    { dir, onWarning: (m) => console.warn(`warning: ${m}`), ...options },
    (r) => state?.set((r as Rec).id, r as Rec),
    () => (state ?? new Map<number, Rec>()).values(),
  );
}

function fail(why: string): never {
  console.error(`FAILED: ${why}`);
  process.exit(1);
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function throughput(policy: FsyncPolicy, writers: number, seconds: number): Promise<void> {
  const dir = freshDir();
  const log = open(dir, { fsync: policy, compactAfterBytes: 2 ** 40 });
  let n = 0;
  const until = performance.now() + seconds * 1000;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (performance.now() < until) {
        log.append({ id: n, v: 1, body: KIB });
        n++;
        await log.commit();
        if (writers === 1) await tick(); // each request is its own event-loop turn
      }
    }),
  );
  const secs = (performance.now() - start) / 1000;
  const bytes = log.diskBytes();
  await log.close();
  const check = new Map<number, Rec>();
  open(dir, {}, check)
    .close()
    .catch(() => undefined);
  if (check.size !== n) fail(`${policy}: wrote ${n} records, replayed ${check.size}`);
  console.log(
    `  ${policy.padEnd(6)} ${String(writers).padStart(2)} writer(s): ${fmt(n / secs).padStart(9)} records/s, ` +
      `${(bytes / secs / 1e6).toFixed(1).padStart(6)} MB/s`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
}

async function bytesPerRecord(): Promise<void> {
  const dir = freshDir();
  const count = 20_000;
  const state = new Map<number, Rec>();
  const log = open(dir, { fsync: 'never', compactAfterBytes: 2 ** 40 }, state);
  for (let i = 0; i < count; i++) {
    const r = { id: i, v: 1, body: KIB };
    state.set(i, r);
    log.append(r);
  }
  await log.commit();
  const journal = log.diskBytes();
  await log.compact();
  const compacted = log.diskBytes();
  await log.close();
  const payload = Buffer.byteLength(JSON.stringify({ id: 12345, v: 1, body: KIB }));
  console.log(
    `  1 KiB record (${payload} B of JSON): ${(journal / count).toFixed(1)} B on disk in the journal, ` +
      `${(compacted / count).toFixed(1)} B after compaction`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
}

function small(i: number, v = 1): Rec {
  return { id: i, v, body: `m-${i}-${'s'.repeat(40)}` };
}

async function replay(): Promise<void> {
  const dir = freshDir();
  const state = new Map<number, Rec>();
  const log = open(dir, { fsync: 'never', compactAfterBytes: 2 ** 40 }, state);
  for (let i = 0; i < N; i++) {
    const r = small(i);
    state.set(i, r);
    log.append(r);
    if (i % 10_000 === 0) await log.commit();
  }
  await log.commit();
  const journalBytes = log.diskBytes();
  await log.close();
  state.clear();
  for (const from of ['journal', 'snapshot']) {
    if (from === 'snapshot') {
      const s = new Map<number, Rec>();
      const l = open(dir, {}, s);
      await l.compact();
      await l.close();
    }
    global.gc?.();
    const loaded = new Map<number, Rec>();
    const t0 = performance.now();
    const l = open(dir, {}, loaded);
    const ms = performance.now() - t0;
    if (loaded.size !== N || loaded.get(N - 1)?.body !== small(N - 1).body) {
      fail(`replay from ${from} gave ${loaded.size} records`);
    }
    console.log(
      `  open + replay of ${fmt(N)} records (${(journalBytes / 1e6).toFixed(0)} MB) from a ${from}: ` +
        `${fmt(ms)} ms (${fmt(N / (ms / 1000))} records/s)`,
    );
    await l.close();
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Longest gap between commits of a stream that commits one record per event-loop turn. */
async function commitStall(compact: boolean): Promise<void> {
  const dir = freshDir();
  const state = new Map<number, Rec>();
  for (let i = 0; i < N; i++) state.set(i, small(i));
  const log = open(dir, { fsync: 'batch', compactAfterBytes: 2 ** 40 }, state);
  // The baseline persists the initial state first too, so both runs end checkable.
  if (!compact) await log.compact();
  global.gc?.();
  let running = true;
  let maxGap = 0;
  let commits = 0;
  const gaps: number[] = [];
  const stream = (async () => {
    let last = performance.now();
    for (let v = 2; running; v++) {
      const id = v % N;
      const r = small(id, v);
      state.set(id, r);
      log.append(r);
      await log.commit();
      await tick();
      const now = performance.now();
      gaps.push(now - last);
      maxGap = Math.max(maxGap, now - last);
      last = now;
      commits++;
    }
  })();
  const t0 = performance.now();
  if (compact) await log.compact();
  else await new Promise((resolve) => setTimeout(resolve, 3000));
  const ms = performance.now() - t0;
  running = false;
  await stream;
  const bytes = log.diskBytes();
  await log.close();
  const check = new Map<number, Rec>();
  await open(dir, {}, check).close();
  if (check.size !== N) fail(`after compaction: ${check.size} records instead of ${N}`);
  for (const [id, r] of state)
    if (check.get(id)?.v !== r.v) fail(`record ${id} lost its last version`);
  gaps.sort((a, b) => a - b);
  const p99 = gaps[Math.floor(gaps.length * 0.99)] ?? 0;
  console.log(
    `  ${compact ? `compacting ${fmt(N)} records (${(bytes / 1e6).toFixed(0)} MB snapshot)` : 'no compaction (baseline)'}: ` +
      `${fmt(ms)} ms, ${fmt(commits)} commits meanwhile, max gap ${maxGap.toFixed(1)} ms, p99 ${p99.toFixed(2)} ms`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
}

async function main(): Promise<void> {
  console.log(
    `DurableLog bench in ${BASE} (${quick ? 'quick' : 'full'}, N = ${fmt(N)}), Node ${process.version}`,
  );
  console.log('append + commit of 1 KiB records:');
  for (const policy of ['always', 'batch', 'never'] as const) {
    await throughput(policy, 1, quick ? 1 : 2);
    await throughput(policy, 64, quick ? 1 : 2);
  }
  console.log('bytes on disk:');
  await bytesPerRecord();
  console.log('open / replay:');
  await replay();
  console.log('commit stall while compacting (batch policy, one commit per event-loop turn):');
  await commitStall(false);
  await commitStall(true);
}

main().catch((e) => fail(String(e instanceof Error ? e.stack : e)));
