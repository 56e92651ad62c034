/**
 * Where the demo's SQS calls go: `emulator`, the package's own emulator run by `npm start` as a
 * process of its own (`memory`, the name before the demo had processes, means the same); or
 * `aws`, real SQS or any SQS-compatible server.
 */
export type DemoBackend = 'emulator' | 'aws';

/** Reads one setting by name (`ConfigService.get`, or a plain env record). */
export type SettingReader = (name: string) => string | undefined;

/** The region and access key the demo's services give the emulator (it checks no signature). */
export const EMULATOR_CLIENT = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'demo', secretAccessKey: 'demo' },
} as const;

/**
 * The demo's settings, read once from the environment (see the README's table). The launcher and
 * both services read the same variables; the launcher hands the services the ports it resolved.
 */
export class DemoConfig {
  /** Interface every process listens on (`HOST`). */
  readonly host: string;
  /** Port of the orders service: the page, the REST API (`PORT`); 0 picks a free one. */
  readonly port: number;
  /** Port of the notifier service: the WebSocket feed, the dashboard (`NOTIFIER_PORT`). */
  readonly notifierPort: number;
  /** Port of the emulator's SQS endpoint (`SQS_PORT`). */
  readonly sqsPort: number;
  /** `SQS_BACKEND`: `emulator` (default) or `aws`. */
  readonly backend: DemoBackend;
  /** `DEMO_DATA_DIR`: where the emulator keeps its state; undefined: the launcher's default. */
  readonly dataDir: string | undefined;
  /** `AWS_ENDPOINT_URL_SQS`: an SQS-compatible server for `aws` (default: AWS itself). */
  readonly awsEndpoint: string | undefined;
  /** `AWS_REGION` (or `AWS_DEFAULT_REGION`); `us-east-1` when only an endpoint is given. */
  readonly awsRegion: string | undefined;
  /** `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`/`AWS_SESSION_TOKEN`, when both keys are set. */
  readonly awsCredentials:
    { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined;
  /** `SQS_AUTO_STARTUP`: `false` runs the notifier's consumers not at all. */
  readonly autoStartup: boolean;
  /** `DEMO_FAILURE_RATE`: share of orders that always fail (and of payments that fail once). */
  readonly failureRate: number;
  /** `DEMO_RETRY_DELAY_SECONDS`: backoff before a failed message is retried. */
  readonly retryDelaySeconds: number;
  /** `DEMO_WORK_MS`: a handler "works" up to this long, so in-flight messages can be seen. */
  readonly workMs: number;

  constructor(read: SettingReader) {
    const text = (name: string) => {
      const value = read(name)?.trim();
      return value === '' ? undefined : value;
    };
    this.host = text('HOST') ?? '127.0.0.1';
    this.port = readNumber(text, 'PORT', 3000, 0, 65535, true);
    this.notifierPort = readNumber(text, 'NOTIFIER_PORT', 3001, 0, 65535, true);
    this.sqsPort = readNumber(text, 'SQS_PORT', 9324, 0, 65535, true);
    this.backend = readBackend(text('SQS_BACKEND'));
    this.dataDir = text('DEMO_DATA_DIR');
    this.awsEndpoint = text('AWS_ENDPOINT_URL_SQS') ?? text('AWS_ENDPOINT_URL');
    this.awsRegion =
      text('AWS_REGION') ??
      text('AWS_DEFAULT_REGION') ??
      (this.awsEndpoint ? 'us-east-1' : undefined);
    const accessKeyId = text('AWS_ACCESS_KEY_ID');
    const secretAccessKey = text('AWS_SECRET_ACCESS_KEY');
    const sessionToken = text('AWS_SESSION_TOKEN');
    this.awsCredentials =
      accessKeyId && secretAccessKey
        ? { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) }
        : undefined;
    this.autoStartup = readBoolean(text('SQS_AUTO_STARTUP'), 'SQS_AUTO_STARTUP', true);
    this.failureRate = readNumber(text, 'DEMO_FAILURE_RATE', 0.2, 0, 1, false);
    this.retryDelaySeconds = readNumber(text, 'DEMO_RETRY_DELAY_SECONDS', 1, 0, 900, true);
    this.workMs = readNumber(text, 'DEMO_WORK_MS', 300, 0, 60_000, true);
  }

  /**
   * The SQS endpoint the services call: the emulator's (on `SQS_PORT`), `AWS_ENDPOINT_URL_SQS`
   * on `aws`, or undefined for AWS's own regional endpoint.
   */
  get sqsEndpoint(): string | undefined {
    if (this.backend === 'aws') return this.awsEndpoint;
    return `http://${urlHost(this.host)}:${this.sqsPort}`;
  }

  /** Origin of the notifier service, which the orders service forwards `/ws` and `/sqs` to. */
  get notifierUrl(): string {
    return `http://${urlHost(this.host)}:${this.notifierPort}`;
  }
}

/** A host as it appears in a URL: wildcard addresses become `localhost`, IPv6 gets brackets. */
export function urlHost(host: string): string {
  if (isWildcardAddress(host)) return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/** A port to suggest instead of `port`, when it is taken: the next one the demo does not use. */
export function freePortHint(port: number, taken: readonly number[]): number {
  let next = port > 0 && port < 65535 ? port + 1 : 3002;
  while (taken.includes(next) && next < 65535) next++;
  return next;
}

/** A listen address meaning every interface. */
export function isWildcardAddress(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '';
}

function readBackend(value: string | undefined): DemoBackend {
  if (value === undefined || value === 'emulator' || value === 'memory') return 'emulator';
  if (value === 'aws') return 'aws';
  throw new Error(`SQS_BACKEND must be 'emulator' or 'aws', got '${value}'.`);
}

function readBoolean(value: string | undefined, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (/^(true|1|yes|on)$/i.test(value)) return true;
  if (/^(false|0|no|off)$/i.test(value)) return false;
  throw new Error(`${name} must be 'true' or 'false', got '${value}'.`);
}

function readNumber(
  text: (name: string) => string | undefined,
  name: string,
  fallback: number,
  min: number,
  max: number,
  integer: boolean,
): number {
  const raw = text(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (
    !Number.isFinite(value) ||
    value < min ||
    value > max ||
    (integer && !Number.isInteger(value))
  ) {
    const kind = integer ? 'a whole number' : 'a number';
    throw new Error(`${name} must be ${kind} from ${min} to ${max}, got '${raw}'.`);
  }
  return value;
}
