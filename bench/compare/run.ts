/**
 * `npm run bench`: nestjs-sqs-kit side by side with what users run today, in one run.
 *
 *   node --expose-gc -r ts-node/register/transpile-only bench/compare/run.ts [options]
 *
 *   --quick            smoke run (small N, under two minutes); writes to bench/results/quick/
 *   --parts a,b        any of server, in-process, consumers, latency, under-latency, fan-out
 *                      (default: all)
 *   --rounds N         interleaved rounds for every part
 *   --n N              messages per run for the server and consumer parts
 *   --out DIR          output folder (default bench/results, or bench/results/quick)
 *   --render           measure nothing: re-render latest.md and the SVGs from DIR/latest.json
 *
 * Prints a markdown table per part and writes latest.md, latest.json and SVG charts. The fan-out
 * part runs our server from dist/: it is rebuilt first when src/ changed (scripts/run-built.mjs).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  type BenchReport,
  type BenchSizes,
  FULL_SIZES,
  OUTPUT_FILES,
  PART_NAMES,
  type PartName,
  QUICK_SIZES,
  runBench,
  writeReport,
} from './bench-runner';

// The SDK's notice that it will drop Node 20 in 2027 says nothing about the benchmark.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

function positive(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`--${name} must be a positive integer, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean' },
      parts: { type: 'string' },
      rounds: { type: 'string' },
      n: { type: 'string' },
      out: { type: 'string' },
      render: { type: 'boolean' },
    },
  });
  const quick = values.quick ?? false;
  const parts = (values.parts?.split(',').map((p) => p.trim()) ?? [...PART_NAMES]) as PartName[];
  for (const p of parts) {
    if (!PART_NAMES.includes(p)) throw new Error(`unknown part "${p}" (${PART_NAMES.join(', ')})`);
  }
  const rounds = positive('rounds', values.rounds);
  const n = positive('n', values.n);
  const base = quick ? QUICK_SIZES : FULL_SIZES;
  const sizes: BenchSizes = {
    server: { ...base.server, ...(rounds && { rounds }), ...(n && { n }) },
    inProcess: { ...base.inProcess, ...(rounds && { rounds }) },
    consumers: { ...base.consumers, ...(rounds && { rounds }), ...(n && { n }) },
    latency: { ...base.latency, ...(rounds && { rounds }) },
    underLatency: { ...base.underLatency, ...(rounds && { rounds }) },
    fanOut: { ...base.fanOut, ...(rounds && { rounds }) },
  };
  const outDir = values.out ?? join(__dirname, '..', 'results', ...(quick ? ['quick'] : []));
  if (values.render) {
    const saved = JSON.parse(
      await readFile(join(outDir, OUTPUT_FILES.json), 'utf8'),
    ) as BenchReport;
    const { files } = await writeReport(saved, outDir);
    console.error(`re-rendered ${files.map((f) => join(outDir, f)).join(', ')}`);
    return;
  }
  const started = Date.now();
  const { report, files } = await runBench({
    quick,
    parts,
    outDir,
    sizes,
    buildDist: true,
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    log: (line) => console.error(line),
    print: (md) => console.log(`\n${md}`),
  });
  console.error(
    `\nwrote ${files.map((f) => join(outDir, f)).join(', ')} in ${Math.round((Date.now() - started) / 1000)} s`,
  );
  const lost = report.server?.servers[0]?.runs;
  const ourFailures = Object.values(lost ?? {})
    .flat()
    .filter((r) => r && !r.verification.ok);
  if (report.failures.length > 0 || ourFailures.length > 0) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
