import { relative } from 'node:path';
import type { DemoConfig } from '../config/demo-config';
import type { DemoProcessName } from './supervised-process';

/** What the banner shows: where everything is, and which process is which. */
export interface BannerInput {
  readonly config: DemoConfig;
  /** Origin of the orders service. */
  readonly url: string;
  readonly sqsEndpoint: string | undefined;
  readonly processes: readonly { name: DemoProcessName; pid?: number; url?: string }[];
  /** The emulator's data directory (shown relative to the working directory). */
  readonly dataDir: string;
  /** How long the start took. */
  readonly readyMs: number;
}

/** What `npm start` prints once the three processes are ready: where, and what to try. */
export function formatBanner(input: BannerInput): string {
  const { config, url, sqsEndpoint, processes } = input;
  const emulator = config.backend === 'emulator';
  const ws = url.replace(/^http/, 'ws');
  const dataDir = shortPath(input.dataDir);
  const mode = [
    emulator
      ? `SQS from the emulator process (state in ${dataDir})`
      : `SQS backend aws${config.awsRegion ? ` (${config.awsRegion})` : ''}`,
    config.autoStartup
      ? 'consumers running'
      : 'consumers off (SQS_AUTO_STARTUP=false): messages stay in the queues',
    `${Math.round(config.failureRate * 100)}% of orders fail (DEMO_FAILURE_RATE)`,
  ];
  const sqsLine = emulator
    ? `${sqsEndpoint}  (the emulator: any SQS client can use it)`
    : (sqsEndpoint ?? 'the AWS SDK default endpoint for the region');
  // The emulator checks no signature: the aws CLI needs neither credentials nor a profile.
  const awsCommand = emulator
    ? `aws --endpoint-url ${sqsEndpoint} --region us-east-1 --no-sign-request sqs list-queues`
    : `aws${sqsEndpoint ? ` --endpoint-url ${sqsEndpoint}` : ''} sqs list-queues`;
  const width = Math.max(...processes.map((p) => p.name.length));
  const processLines = processes.map(
    (p, i) =>
      `${i === 0 ? '  processes     ' : '                '}${p.name.padEnd(width)}  ` +
      `pid ${String(p.pid ?? '-').padEnd(7)} ${p.url ?? ''}`,
  );
  const lines = [
    '',
    `nestjs-sqs-kit demo, ready in ${(input.readyMs / 1000).toFixed(1)} s: ${mode.join(', ')}`,
    '',
    `  page          ${url}/`,
    `  REST          POST ${url}/orders         one order → queue 'orders'`,
    `                POST ${url}/orders/batch   {"count":20} orders at once`,
    `                POST ${url}/payments/burst FIFO payments, one message group per account`,
    `                GET  ${url}/orders/stats   queue depths; processed, failed, dead-lettered`,
    `                GET  ${url}/health         queues reachable, notifier reachable`,
    `  live events   ${ws}/ws  (WebSocket from the notifier, forwarded)`,
    `  dashboard     ${url}/sqs  (queues, dead letters, the notifier's consumers)`,
    ...(emulator ? [`                ${sqsEndpoint}/dashboard  (the emulator's own)`] : []),
    `  SQS endpoint  ${sqsLine}`,
    '',
    ...processLines,
    '',
    'Try:',
    `  curl -X POST ${url}/orders -H 'content-type: application/json' -d '{"item":"coffee","quantity":2}'`,
    `  ${awsCommand}`,
    '',
    'Break something: type a command here, then Enter.',
    '  stop notifier      then place orders, then: start notifier   they all arrive on the page',
    ...(emulator
      ? ['  restart emulator   both services reconnect by themselves; queued messages stay']
      : []),
    '  kill notifier      a crash (SIGKILL): what it held comes back after the visibility timeout',
    '  status | help | quit',
    'Or from another terminal: kill <pid> (nothing restarts it; "start <name>" here does).',
    'Ctrl-C stops all three: the services finish what they hold, then the emulator stops.',
    '',
  ];
  return lines.join('\n');
}

/** A path relative to the working directory when it is inside it. */
function shortPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? `${rel}/` : path;
}
