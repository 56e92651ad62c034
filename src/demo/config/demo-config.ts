/** Where the demo's SQS calls go. */
export type DemoBackend = 'memory' | 'aws';

/** Reads one setting by name (`ConfigService.get`, or a plain env record). */
export type SettingReader = (name: string) => string | undefined;

/** The demo's settings, read once from the environment (see the README's table). */
export class DemoConfig {
  /** Interface of the web app and, on `memory`, of the SQS endpoint (`HOST`). */
  readonly host: string;
  /** Port of the web app (`PORT`); 0 picks a free one. */
  readonly port: number;
  /** Port of the emulator's SQS endpoint on `memory` (`SQS_PORT`); 0 picks a free one. */
  readonly sqsPort: number;
  /** `SQS_BACKEND`: `memory` (default) or `aws`. */
  readonly backend: DemoBackend;
  /** `AWS_ENDPOINT_URL_SQS`: an SQS-compatible server for `aws` (default: AWS itself). */
  readonly awsEndpoint: string | undefined;
  /** `AWS_REGION` (or `AWS_DEFAULT_REGION`); `us-east-1` when only an endpoint is given. */
  readonly awsRegion: string | undefined;
  /** `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`/`AWS_SESSION_TOKEN`, when both keys are set. */
  readonly awsCredentials:
    { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined;
  /** `SQS_AUTO_STARTUP`: `false` runs producers only. */
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
    this.sqsPort = readNumber(text, 'SQS_PORT', 9324, 0, 65535, true);
    this.backend = readBackend(text('SQS_BACKEND'));
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
}

function readBackend(value: string | undefined): DemoBackend {
  if (value === undefined || value === 'memory') return 'memory';
  if (value === 'aws') return 'aws';
  throw new Error(`SQS_BACKEND must be 'memory' or 'aws', got '${value}'.`);
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
