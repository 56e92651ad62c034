import { parseArgs } from 'node:util';
import { isWildcardAddress } from '../server/auth/access-policy';
import { parseCredentials } from '../server/auth/parse-credentials';
import type { SqsServerCredentials } from '../server/auth/sigv4-verifier';
import { DEFAULT_SQS_HOST, DEFAULT_SQS_PORT, startSqsServer } from '../server/start-sqs-server';
import type { SqsServerHandle } from '../server/sqs-server-options.interface';
import { parseLatency, type SqsLatency } from '../emulator/latency';
import type { FsyncPolicy } from '../persistence/durable-log-options.interface';
import { type AccessFlags, readAccessFlags } from './access-flags';
import { applyQueueConfig } from './apply-queue-config';
import { createCliEmulator, describeStorage } from './cli-emulator';
import { createConsoleLogger, isLogLevel, type LogLevel, LOG_LEVELS } from './console-logger';
import { FSYNC_POLICIES, loadQueueConfig } from './queue-config';

/** Options of `nestjs-sqs-kit emulator`, validated. */
export interface EmulatorCommandOptions {
  readonly host: string;
  readonly port: number;
  readonly config?: string;
  readonly strict: boolean;
  readonly region: string;
  readonly accountId: string;
  readonly baseUrl?: string;
  readonly logLevel: LogLevel;
  /** Serve the web dashboard beside the emulator (`--dashboard`); read-only with `--dashboard-read-only`. */
  readonly dashboard?: 'on' | 'read-only';
  /** Access keys whose SigV4 signatures are checked; none: any signature is accepted. */
  readonly credentials?: readonly SqsServerCredentials[];
  /** Host names answered besides loopback ones (`--allowed-hosts`); `'*'`: any. */
  readonly allowedHosts?: readonly string[] | '*';
  /** Browser origins allowed besides the server's own (`--allowed-origins`). */
  readonly allowedOrigins?: readonly string[];
  /** Keep the state in this directory across restarts (`--data-dir`). */
  readonly dataDir?: string;
  /** When written state reaches the disk (`--fsync`; needs a data directory). */
  readonly fsync?: FsyncPolicy;
  /** Simulated network latency per request (`--latency`). */
  readonly latency?: SqsLatency;
}

/** A command line the CLI cannot run; the message says what to fix. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const EMULATOR_USAGE = `Usage: nestjs-sqs-kit emulator [options]

Runs the in-memory SQS emulator over HTTP (AWS JSON and query protocols).

Options:
  --host <host>          interface to listen on (default ${DEFAULT_SQS_HOST}; 0.0.0.0 in containers)
  --port <port>          port, 0 for any free one (default ${DEFAULT_SQS_PORT})
  --config <file>        queues to create at start (.json, .yaml or .yml)
  --data-dir <dir>       keep every queue and message in <dir> across restarts and crashes
                         (default: memory only; also the config file's persistence.dir)
  --fsync <policy>       with --data-dir, when writes reach the disk: always (fdatasync before
                         each answer), batch (default: within 100 ms), never (when the OS likes);
                         a killed process loses nothing acknowledged under any of them
  --latency <ms|min-max> answer every request after this much network latency, drawn per
                         request from min-max (half before the action, half after; real time,
                         other requests go on meanwhile). AWS within a region: about 10-30
  --strict               enforce the 60-second PurgeQueue and re-create rules
  --region <region>      region in queue ARNs (default us-east-1)
  --account-id <id>      12-digit account id in queue URLs and ARNs (default 000000000000)
  --base-url <url>       origin of queue URLs (default: the Host the client used)
  --allowed-hosts <h>    host names answered besides localhost, 127.0.0.1, [::1], the --host
                         address and the --base-url name (comma-separated, repeatable); any
                         other Host gets 403 (against DNS rebinding); '*' answers every name.
                         In a container, add the names other containers use: sqs,sqs.internal
  --allowed-origins <o>  browser origins allowed besides the server's own, such as
                         https://admin.example.com (comma-separated, repeatable); a request
                         from any other site gets 403. SDKs and the aws CLI send no origin
  --log-level <level>    ${LOG_LEVELS.join(' | ')} (default info; debug logs every request)
  --credentials <k:s>    verify AWS SigV4 signatures made with access key k and secret s
                         (repeatable); without it any signature is accepted. It also guards
                         /_emulator (SigV4, or HTTP Basic k:s; /_emulator/health stays open)
                         and the dashboard (the browser asks for k and s: HTTP Basic, sent as
                         they are, so use TLS in front when the browser is on another machine)
  --dashboard            serve the web dashboard at /dashboard (actions from its own page only;
                         without --credentials, anyone who can reach the allowed hosts can act)
  --dashboard-read-only  the same, showing everything and changing nothing
  -h, --help             show this help`;

/** Parses and validates the emulator command's arguments. */
export function parseEmulatorArgs(args: readonly string[]): EmulatorCommandOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        config: { type: 'string' },
        'data-dir': { type: 'string' },
        fsync: { type: 'string' },
        latency: { type: 'string' },
        strict: { type: 'boolean' },
        region: { type: 'string' },
        'account-id': { type: 'string' },
        'base-url': { type: 'string' },
        'log-level': { type: 'string' },
        credentials: { type: 'string', multiple: true },
        'allowed-hosts': { type: 'string', multiple: true },
        'allowed-origins': { type: 'string', multiple: true },
        dashboard: { type: 'boolean' },
        'dashboard-read-only': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (values.help) return 'help';
  const port = Number(values.port ?? DEFAULT_SQS_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be an integer from 0 to 65535, got "${values.port}"`);
  }
  const logLevel = values['log-level'] ?? 'info';
  if (!isLogLevel(logLevel)) {
    throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  const accountId = values['account-id'] ?? '000000000000';
  if (!/^\d{12}$/.test(accountId)) {
    throw new UsageError(`--account-id must be 12 digits, got "${accountId}"`);
  }
  const region = values.region ?? 'us-east-1';
  if (!/^[a-z0-9-]+$/.test(region)) {
    throw new UsageError(`--region must look like us-east-1, got "${region}"`);
  }
  const baseUrl = values['base-url'];
  if (baseUrl !== undefined && !/^https?:\/\/[^/?#\s]+\/?$/.test(baseUrl)) {
    throw new UsageError(
      `--base-url must be an origin such as http://localhost:9324, got "${baseUrl}"`,
    );
  }
  const dataDir = values['data-dir'];
  if (dataDir !== undefined && dataDir.trim() === '') {
    throw new UsageError('--data-dir must name a directory');
  }
  const fsync = values.fsync;
  if (fsync !== undefined && !FSYNC_POLICIES.includes(fsync as FsyncPolicy)) {
    throw new UsageError(`--fsync must be one of ${FSYNC_POLICIES.join(', ')}, got "${fsync}"`);
  }
  let latency: SqsLatency | undefined;
  if (values.latency !== undefined) {
    try {
      latency = parseLatency(values.latency);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  }
  let access: AccessFlags;
  try {
    access = readAccessFlags(values['allowed-hosts'], values['allowed-origins']);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const credentials: SqsServerCredentials[] = [];
  for (const text of values.credentials ?? []) {
    const parsed = parseCredentials(text);
    if (!parsed) {
      throw new UsageError('--credentials must be ACCESS_KEY_ID:SECRET_ACCESS_KEY');
    }
    credentials.push(parsed);
  }
  return {
    host: values.host ?? DEFAULT_SQS_HOST,
    port,
    config: values.config,
    strict: values.strict ?? false,
    region,
    accountId,
    baseUrl,
    logLevel,
    ...(values['dashboard-read-only']
      ? { dashboard: 'read-only' as const }
      : values.dashboard
        ? { dashboard: 'on' as const }
        : {}),
    credentials: credentials.length > 0 ? credentials : undefined,
    ...access,
    ...(dataDir !== undefined ? { dataDir } : {}),
    ...(fsync !== undefined ? { fsync: fsync as FsyncPolicy } : {}),
    ...(latency !== undefined ? { latency } : {}),
  };
}

/**
 * Starts the server for `nestjs-sqs-kit emulator`, creates the configured queues, prints the
 * endpoint, and stops cleanly on SIGINT/SIGTERM. Resolves when the server has stopped.
 */
export async function runEmulatorCommand(options: EmulatorCommandOptions): Promise<void> {
  const logger = createConsoleLogger(options.logLevel);
  // Load the config before binding the port, so a bad file fails without a half-started server.
  const config = options.config ? await loadQueueConfig(options.config) : undefined;
  if (options.fsync && !options.dataDir && !config?.persistence) {
    throw new UsageError('--fsync needs a data directory (--data-dir, or persistence in --config)');
  }
  // Restored before the port is bound, so no client sees a half-loaded state.
  const emulator = createCliEmulator(
    {
      region: options.region,
      accountId: options.accountId,
      strict: options.strict,
      baseUrl: options.baseUrl ?? `http://${urlHost(options.host)}:${options.port}`,
      dataDir: options.dataDir,
      fsync: options.fsync,
      latency: options.latency,
    },
    config,
    logger,
  );
  let server: SqsServerHandle;
  try {
    server = await startSqsServer({
      emulator,
      host: options.host,
      port: options.port,
      baseUrl: options.baseUrl,
      logger,
      credentials: options.credentials,
      allowedHosts: options.allowedHosts,
      allowedOrigins: options.allowedOrigins,
      ...(options.dashboard ? { dashboard: { readOnly: options.dashboard === 'read-only' } } : {}),
    });
  } catch (e) {
    await emulator.close();
    throw e;
  }
  const close = async (): Promise<void> => {
    await server.close();
    await emulator.close();
  };
  try {
    if (config) {
      const applied = await applyQueueConfig(emulator, config, { baseUrl: server.url });
      for (const { url, outcome } of applied) logger.info(`${outcome} queue ${url}`);
    }
  } catch (e) {
    await close();
    throw e;
  }
  const stopped = new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) {
        logger.warn(`${signal} again: exiting without waiting for open requests`);
        process.exit(1);
      }
      stopping = true;
      logger.info(`${signal} received: closing (open long polls return empty)`);
      void close().then(() => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  process.stdout.write(
    `SQS emulator listening on ${server.url} (region ${options.region}, account ${options.accountId})\n` +
      // Complete enough to run on a machine with no AWS configuration at all.
      `  try: aws --endpoint-url ${server.url} --region ${options.region}` +
      `${options.credentials ? '' : ' --no-sign-request'} sqs list-queues\n` +
      (server.dashboardUrl ? `  dashboard: ${server.dashboardUrl}\n` : '') +
      (options.credentials
        ? `  signatures checked (SigV4) for access key(s) ${options.credentials.map((c) => c.accessKeyId).join(', ')}\n`
        : '  any credentials accepted (no signature check; see --credentials)\n') +
      (isWildcardAddress(options.host) && options.allowedHosts === undefined
        ? '  loopback host names only: add the names other machines use with --allowed-hosts\n'
        : '') +
      describeStorage(emulator) +
      (options.latency !== undefined
        ? `  latency ${describeLatency(options.latency)} per request\n`
        : ''),
  );
  await stopped;
  logger.info('stopped');
}

function describeLatency(latency: SqsLatency): string {
  return typeof latency === 'number' ? `${latency} ms` : `${latency.min}-${latency.max} ms`;
}

/** A listening host as it goes in a URL: wildcard addresses become `localhost`, IPv6 gets brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}
