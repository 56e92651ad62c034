/**
 * Where our HTTP server's time goes under the lean-client workload of `npm run bench`, and how
 * far any node:http server could go with that client on this machine.
 *
 *   npm run bench:profile [-- --n 20000 --clients 8 --seconds 5]     (builds dist/ first)
 *
 * 1. Starts `nestjs-sqs-kit emulator` under `node --cpu-prof`, runs the lean workload (send N
 *    bodies with SendMessageBatch, receive + DeleteMessageBatch them all, every body verified)
 *    three times to warm it up and once more measured, stops it, and reads the profile of the
 *    measured run: self time by layer (Node's HTTP and sockets, our protocol code, the emulator,
 *    GC) and the hottest functions. (Profiling itself slows the server down somewhat.)
 * 2. Drives a bare node:http server that answers `{}` to every request with the same client and
 *    the same concurrency: the ceiling, in requests per second and in the receive+delete msg/s it
 *    would give (two requests per 10 messages).
 * Prints both as markdown. Figures, not assertions; it exits 1 only if the workload lost a body.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LeanSqsClient, runLeanWorkload } from './compare/clients/lean-workload';
import { kitServer, type ServerSpec, startServer } from './compare/servers/server-process';

/** Unprofiled-in-the-summary runs before the measured one. */
const WARM_UP_RUNS = 3;

const monotonicMicros = (): number => Number(process.hrtime.bigint() / 1000n);

interface Options {
  readonly n: number;
  readonly clients: number;
  readonly seconds: number;
}

function parseArgs(argv: readonly string[]): Options {
  const value = (name: string, fallback: number): number => {
    const i = argv.indexOf(`--${name}`);
    if (i < 0) return fallback;
    const n = Number(argv[i + 1]);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} needs a positive integer`);
    return n;
  };
  return { n: value('n', 20_000), clients: value('clients', 8), seconds: value('seconds', 5) };
}

/** The parts of a V8 `.cpuprofile` this script reads. */
interface CpuProfile {
  /** Microseconds on the machine's monotonic clock (`process.hrtime` in µs, on Linux). */
  readonly startTime: number;
  readonly nodes: ReadonlyArray<{
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string };
  }>;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** The layer a function belongs to, from its script URL. */
function layerOf(functionName: string, url: string): string {
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(idle)') return 'idle (waiting for the client)';
  if (url === '') return 'V8 and native code (JSON, Buffer, socket writes)';
  if (/node:(_http|internal\/http|http)/.test(url)) return 'Node: HTTP parser and server';
  if (/node:(net|internal\/stream|internal\/streams|stream|internal\/net)/.test(url)) {
    return 'Node: sockets and streams';
  }
  if (url.startsWith('node:')) return 'Node: other (events, timers, ...)';
  if (/\/(src|dist)\/server\//.test(url)) return 'ours: HTTP front (decode, encode, route)';
  if (/\/(src|dist)\/emulator\//.test(url)) return 'ours: emulator (queues, validation, MD5)';
  if (url.includes('/node_modules/')) return 'dependencies';
  return 'other';
}

interface ProfileSummary {
  readonly totalMs: number;
  readonly layers: ReadonlyArray<readonly [string, number]>;
  readonly hottest: ReadonlyArray<readonly [string, number]>;
}

/** Self time of the samples taken between `fromUs` and `toUs` (monotonic µs). */
function summarise(profile: CpuProfile, fromUs: number, toUs: number): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const layers = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id);
    const us = profile.timeDeltas[i] ?? 0;
    at += us;
    if (!frame || at < fromUs || at > toUs) return;
    total += us;
    const layer = layerOf(frame.functionName, frame.url);
    layers.set(layer, (layers.get(layer) ?? 0) + us);
    if (layer.startsWith('idle')) return;
    const file = frame.url
      .replace(/^.*\/(src|dist|node_modules)\//, '$1/')
      .replace(/^file:\/\//, '');
    const key = `${frame.functionName || '(anonymous)'} ${file ? `(${file})` : ''}`.trim();
    functions.set(key, (functions.get(key) ?? 0) + us);
  });
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return { totalMs: total / 1000, layers: sorted(layers), hottest: sorted(functions).slice(0, 15) };
}

/** Requests per second a server answers with the lean client at `clients` connections. */
async function requestRate(endpoint: string, clients: number, seconds: number): Promise<number> {
  const client = new LeanSqsClient(endpoint, clients);
  const body = '{"QueueUrl":"http://127.0.0.1/000000000000/none","MaxNumberOfMessages":10}';
  try {
    // Warm-up: connections open, JIT warm.
    for (let i = 0; i < 20; i++) {
      await Promise.all(Array.from({ length: clients * 50 }, () => client.call('X', body)));
    }
    let done = 0;
    const until = performance.now() + seconds * 1000;
    const worker = async () => {
      while (performance.now() < until) {
        await client.call('ReceiveMessage', body);
        done++;
      }
    };
    const t0 = performance.now();
    await Promise.all(Array.from({ length: clients }, worker));
    return done / ((performance.now() - t0) / 1000);
  } finally {
    await client.close();
  }
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'sqs-server-profile-'));
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  try {
    // The built CLI, not ts-node: the profile is then the server's work, not TypeScript's.
    const spec = kitServer();
    const profiled: ServerSpec = {
      ...spec,
      args: [
        '--cpu-prof',
        '--cpu-prof-dir',
        dir,
        'dist/cli/main.js',
        ...spec.args.slice(spec.args.indexOf('src/cli/main.ts') + 1),
      ],
    };
    const server = await startServer(profiled);
    const workload = (tag: string) =>
      runLeanWorkload({
        endpoint: server.endpoint,
        n: o.n,
        clients: o.clients,
        latencySamples: 200,
        serverCpuSeconds: server.cpuSeconds,
        tag: `${tag}${Date.now()}`,
      });
    // The server's rate climbs over its first few runs (the JIT, pools): profile a warm one.
    for (let i = 0; i < WARM_UP_RUNS; i++) await workload(`warm${i}`);
    const fromUs = monotonicMicros();
    const result = await workload('profile');
    const toUs = monotonicMicros();
    await server.stop();
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error(`no .cpuprofile was written to ${dir}`);
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    const summary = summarise(profile, fromUs, toUs);

    const bare = await startServer({
      name: 'bare-http',
      label: 'node:http answering {}',
      args: ['bench/compare/servers/bare-http.child.mjs'],
      how: 'bench/compare/servers/bare-http.child.mjs',
    });
    const ceiling = await requestRate(bare.endpoint, o.clients, o.seconds);
    await bare.stop();

    const ours = result.receiveRate / 5; // two requests (receive 10, delete 10) per 10 messages
    const lines = [
      `## Server profile (lean client, ${o.clients} connections, ${fmt(o.n)} messages, Node ${process.version})`,
      '',
      `Workload: send ${fmt(result.sendRate)} msg/s, receive+delete ${fmt(result.receiveRate)} msg/s ` +
        `(${fmt(ours)} requests/s); every body back: ${result.verification.ok ? 'yes' : 'NO'}. ` +
        `Server CPU: ${(result.receive.serverCpu ?? 0).toFixed(2)} cores while receiving, ` +
        `client CPU ${result.receive.clientCpu.toFixed(2)}.`,
      '',
      `Self time by layer (${fmt(summary.totalMs)} ms sampled during the measured run, after ${WARM_UP_RUNS} warm-up runs):`,
      '',
      '| layer | share |',
      '| --- | ---: |',
      ...summary.layers.map(
        ([l, us]) => `| ${l} | ${((us / 1000 / summary.totalMs) * 100).toFixed(1)}% |`,
      ),
      '',
      'Hottest functions (self time, idle excluded):',
      '',
      '| function | ms |',
      '| --- | ---: |',
      ...summary.hottest.map(([f, us]) => `| \`${f}\` | ${fmt(us / 1000)} |`),
      '',
      `## The node:http ceiling with this client`,
      '',
      `A node:http server doing nothing but answering \`{}\`: ${fmt(ceiling)} requests/s at ` +
        `${o.clients} connections, i.e. at most ${fmt(ceiling * 5)} receive+delete msg/s. ` +
        `Ours: ${fmt(ours)} requests/s, ${((ours / ceiling) * 100).toFixed(0)}% of that ceiling.`,
    ];
    console.log(lines.join('\n'));
    if (!result.verification.ok) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
