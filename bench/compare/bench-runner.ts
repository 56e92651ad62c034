/**
 * Runs the comparison parts in order, prints each part's tables as it finishes, and writes
 * `latest.md`, `latest.json` and the SVG charts. run.ts is its command line; the smoke test calls
 * it with tiny sizes.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import {
  consumerComparisonMarkdown,
  type ConsumerComparisonOptions,
  type ConsumerComparisonResult,
  runConsumerComparison,
} from './consumer-comparison.part';
import { fanOutMarkdown, type FanOutOptions, type FanOutResult, runFanOut } from './fan-out.part';
import {
  type InProcessOptions,
  type InProcessPartResult,
  inProcessMarkdown,
  runInProcess,
} from './in-process.part';
import {
  latencyMarkdown,
  type LatencyOptions,
  type LatencyResult,
  runLatency,
} from './latency.part';
import {
  backlogScalingSvg,
  consumerThroughputSvg,
  serverThroughputSvg,
  underLatencySvg,
} from './report/charts';
import { checkTargets, type TargetCheck, targetsMarkdown } from './report/targets';
import {
  runServerComparison,
  serverComparisonMarkdown,
  type ServerComparisonOptions,
  type ServerComparisonResult,
} from './server-comparison.part';
import { serverNode } from './servers/server-process';
import {
  runUnderLatency,
  underLatencyMarkdown,
  type UnderLatencyOptions,
  type UnderLatencyResult,
} from './under-latency.part';

export const PART_NAMES = [
  'server',
  'in-process',
  'consumers',
  'latency',
  'under-latency',
  'fan-out',
] as const;
export type PartName = (typeof PART_NAMES)[number];

/** How big each part runs. */
export interface BenchSizes {
  readonly server: Omit<ServerComparisonOptions, 'log'>;
  readonly inProcess: Omit<InProcessOptions, 'log'>;
  readonly consumers: Omit<ConsumerComparisonOptions, 'log'>;
  readonly latency: Omit<LatencyOptions, 'log'>;
  readonly underLatency: Omit<UnderLatencyOptions, 'log'>;
  readonly fanOut: Omit<FanOutOptions, 'log' | 'build'>;
}

/** `npm run bench`: minutes on a 2-core machine. */
export const FULL_SIZES: BenchSizes = {
  server: { n: 20_000, rounds: 5, latencySamples: 1_000 },
  inProcess: {
    n: 200_000,
    rounds: 5,
    backlogs: [1_000, 100_000, 1_000_000],
    memoryMessages: 200_000,
  },
  consumers: { n: 20_000, rounds: 5, memoryN: 100_000, sleepN: 5_000 },
  latency: { n: 500, rounds: 3 },
  underLatency: { rounds: 3, seconds: 3, minMessages: 300 },
  fanOut: { rounds: 3, polls: 2_000, messages: 20_000 },
};

/** `npm run bench -- --quick`: a smoke run, under two minutes. */
export const QUICK_SIZES: BenchSizes = {
  server: { n: 4_000, rounds: 2, latencySamples: 200 },
  inProcess: { n: 50_000, rounds: 2, backlogs: [1_000, 100_000], memoryMessages: 50_000 },
  consumers: { n: 2_000, rounds: 1, memoryN: 20_000, sleepN: 500 },
  latency: { n: 50, rounds: 1 },
  underLatency: { rounds: 1, seconds: 1, minMessages: 100 },
  fanOut: { rounds: 1, polls: 500, messages: 5_000 },
};

export interface BenchOptions {
  readonly quick: boolean;
  readonly parts: readonly PartName[];
  /** Where latest.md, latest.json and the SVGs go. */
  readonly outDir: string;
  readonly sizes: BenchSizes;
  /** The command line, for the report. */
  readonly command: string;
  /** Bring dist/ up to date with src/ before the fan-out part (default: dist/ must exist). */
  readonly buildDist?: boolean;
  /** Progress lines (default: none). */
  readonly log?: (line: string) => void;
  /** Each part's markdown as soon as it is done (default: none). */
  readonly print?: (markdown: string) => void;
}

/** Everything one run measured. */
export interface BenchReport {
  readonly date: string;
  readonly quick: boolean;
  /** The command line, for the report. */
  readonly command: string;
  readonly machine: {
    readonly cores: number;
    readonly cpu: string;
    readonly memoryGiB: number;
    /** 1/5/15-minute load averages when the run started and when it ended. */
    readonly loadAverage: readonly number[];
    loadAverageEnd?: readonly number[];
    readonly node: string;
    readonly serverNode: string;
  };
  server?: ServerComparisonResult;
  inProcess?: InProcessPartResult;
  consumers?: ConsumerComparisonResult;
  latency?: LatencyResult;
  underLatency?: UnderLatencyResult;
  fanOut?: FanOutResult;
  readonly failures: { part: PartName; error: string }[];
  targets?: TargetCheck[];
}

/** The files a run writes, relative to `outDir`. */
export const OUTPUT_FILES = {
  markdown: 'latest.md',
  json: 'latest.json',
  serverChart: 'server-throughput.svg',
  consumerChart: 'consumer-throughput.svg',
  backlogChart: 'backlog-scaling.svg',
  underLatencyChart: 'consumers-under-latency.svg',
} as const;

const PART_TITLES: Record<PartName, string> = {
  server: 'part 1: emulators over HTTP',
  'in-process': 'part 2: emulator in-process',
  consumers: 'part 3: consumers',
  latency: 'part 4: latency',
  'under-latency': 'part 5: consumers under 25 ms per request',
  'fan-out': 'part 6: long-poll fan-out',
};

function header(r: BenchReport): string {
  const m = r.machine;
  const load = (l: readonly number[]) => l.map((x) => x.toFixed(2)).join(' / ');
  return [
    `# nestjs-sqs-kit benchmarks${r.quick ? ' (quick smoke run — small N, not for quoting)' : ''}`,
    '',
    `${r.date} · ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB · bench and consumers on Node ` +
      `${m.node}, emulators on Node ${m.serverNode} · \`${r.command}\``,
    '',
    `The machine is shared: load average ${load(m.loadAverage)} at the start` +
      (m.loadAverageEnd ? `, ${load(m.loadAverageEnd)} at the end` : '') +
      ` (1 / 5 / 15 min, on ${m.cores} cores). Compare the interleaved ratios, not lone absolute ` +
      `figures; "neither saturated" in a table means both processes got less than a core, i.e. ` +
      `other work on the machine was the limit.`,
    '',
  ].join('\n');
}

/** Markdown of one part (or of its failure). */
function partMarkdown(r: BenchReport, part: PartName): string | undefined {
  const failure = r.failures.find((f) => f.part === part);
  if (failure) return `### ${PART_TITLES[part]}\n\nThis part failed: ${failure.error}\n`;
  if (part === 'server' && r.server) return serverComparisonMarkdown(r.server);
  if (part === 'in-process' && r.inProcess) return inProcessMarkdown(r.inProcess);
  if (part === 'consumers' && r.consumers) return consumerComparisonMarkdown(r.consumers);
  if (part === 'latency' && r.latency) return latencyMarkdown(r.latency);
  if (part === 'under-latency' && r.underLatency) return underLatencyMarkdown(r.underLatency);
  if (part === 'fan-out' && r.fanOut) return fanOutMarkdown(r.fanOut);
  return undefined;
}

function targetsSection(r: BenchReport): string {
  return `### Targets\n\n${targetsMarkdown(checkTargets(r))}\n`;
}

/** Runs the selected parts and writes the report; resolves with what was measured. */
export async function runBench(
  o: BenchOptions,
): Promise<{ report: BenchReport; markdown: string; files: string[] }> {
  const report: BenchReport = {
    date: new Date().toISOString(),
    quick: o.quick,
    command: o.command,
    machine: {
      cores: cpus().length,
      cpu: cpus()[0]?.model.trim() ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      loadAverage: loadavg(),
      node: process.version,
      serverNode: serverNode().version,
    },
    failures: [],
  };
  const log = o.log;
  const step = async <T>(part: PartName, run: () => Promise<T>): Promise<T | undefined> => {
    if (!o.parts.includes(part)) return undefined;
    log?.(`\n== ${PART_TITLES[part]}`);
    let result: T | undefined;
    try {
      result = await run();
    } catch (e) {
      report.failures.push({ part, error: e instanceof Error ? e.message : String(e) });
    }
    return result;
  };
  const printPart = (part: PartName) => {
    const md = partMarkdown(report, part);
    if (md) o.print?.(md);
  };

  report.server = await step('server', () => runServerComparison({ ...o.sizes.server, log }));
  printPart('server');
  report.inProcess = await step('in-process', () => runInProcess({ ...o.sizes.inProcess, log }));
  printPart('in-process');
  report.consumers = await step('consumers', () =>
    runConsumerComparison({ ...o.sizes.consumers, log }),
  );
  printPart('consumers');
  report.latency = await step('latency', () => runLatency({ ...o.sizes.latency, log }));
  printPart('latency');
  report.underLatency = await step('under-latency', () =>
    runUnderLatency({ ...o.sizes.underLatency, log }),
  );
  printPart('under-latency');
  report.fanOut = await step('fan-out', () =>
    runFanOut({ ...o.sizes.fanOut, build: o.buildDist, log }),
  );
  printPart('fan-out');
  report.machine.loadAverageEnd = loadavg();
  report.targets = checkTargets(report);
  o.print?.(targetsSection(report));
  return { report, ...(await writeReport(report, o.outDir)) };
}

/**
 * Writes latest.md, latest.json and the SVG charts of `report` into `outDir`. Also used to
 * re-render a saved latest.json (`run.ts --render`) without measuring again.
 */
export async function writeReport(
  report: BenchReport,
  outDir: string,
): Promise<{ markdown: string; files: string[] }> {
  await mkdir(outDir, { recursive: true });
  const files: string[] = [];
  const write = async (name: string, content: string) => {
    await writeFile(join(outDir, name), content);
    files.push(name);
  };
  const charts: string[] = [];
  if (report.server) {
    await write(OUTPUT_FILES.serverChart, serverThroughputSvg(report.server));
    charts.push(`![emulators over HTTP](${OUTPUT_FILES.serverChart})`);
  }
  if (report.inProcess) {
    await write(OUTPUT_FILES.backlogChart, backlogScalingSvg(report.inProcess));
    charts.push(`![in-process backlog scaling](${OUTPUT_FILES.backlogChart})`);
  }
  if (report.consumers) {
    await write(OUTPUT_FILES.consumerChart, consumerThroughputSvg(report.consumers));
    charts.push(`![consumers](${OUTPUT_FILES.consumerChart})`);
  }
  if (report.underLatency) {
    await write(OUTPUT_FILES.underLatencyChart, underLatencySvg(report.underLatency));
    charts.push(`![consumers under latency](${OUTPUT_FILES.underLatencyChart})`);
  }
  const markdown = [
    header(report),
    targetsSection(report),
    ...PART_NAMES.map((p) => partMarkdown(report, p)).filter((m): m is string => m !== undefined),
    charts.length ? `### Charts\n\n${charts.join('\n\n')}\n` : '',
  ].join('\n');
  await write(OUTPUT_FILES.markdown, markdown);
  await write(OUTPUT_FILES.json, `${JSON.stringify(report, null, 1)}\n`);
  return { markdown, files };
}
