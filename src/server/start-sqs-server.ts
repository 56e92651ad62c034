import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { normalizeDashboardPath } from '../dashboard/dashboard-path';
import { dashboardAllowedHosts, isLoopbackAddress } from '../dashboard/http/allowed-hosts';
import { SqsDashboard } from '../dashboard/sqs-dashboard';
import { EmulatorDashboardSource } from '../dashboard/sources/emulator-dashboard.source';
import { SqsEmulator } from '../emulator/sqs-emulator';
import { SigV4Verifier } from './auth/sigv4-verifier';
import { DEFAULT_MAX_BODY_BYTES } from './http/body-reader';
import { SqsHttpHandler } from './sqs-http-handler';
import type { SqsServerHandle, SqsServerOptions } from './sqs-server-options.interface';

/** Port ElasticMQ uses, so existing `endpoint` settings keep working. */
export const DEFAULT_SQS_PORT = 9324;
export const DEFAULT_SQS_HOST = '127.0.0.1';
/** Where `--dashboard` serves the page. */
export const DEFAULT_SERVER_DASHBOARD_PATH = '/dashboard';

// Longer than the idle timeouts of HTTP clients' keep-alive pools, so the server is not the side
// that closes a socket a client is about to reuse (which shows up as ECONNRESET in the client).
const KEEP_ALIVE_TIMEOUT_MS = 65_000;
// How long close() waits for in-flight requests (e.g. a body still trickling in) before it cuts
// their connections.
const CLOSE_GRACE_MS = 10_000;

/**
 * Serves an {@link SqsEmulator} over HTTP in both SQS wire protocols (AWS JSON 1.0 and query/XML),
 * plus a read-only inspection API under `/_emulator/` and, for a browser opening `/`, a short
 * page that links the dashboard and shows how to point a client at the endpoint.
 *
 * @example
 * const server = await startSqsServer({ port: 0 });
 * const sqs = new SQSClient({ endpoint: server.url, region: 'us-east-1',
 *   credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
 * // …
 * await server.close();
 */
export async function startSqsServer(options: SqsServerOptions = {}): Promise<SqsServerHandle> {
  const host = options.host ?? DEFAULT_SQS_HOST;
  const dashboardPath = serverDashboardPath(options); // fails before the port is bound
  const server = createServer({ keepAlive: true });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_SQS_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const port = (server.address() as AddressInfo).port;
  const url = `http://${displayHost(host)}:${port}`;
  const baseUrl = options.baseUrl?.replace(/\/+$/, '');
  const emulator =
    options.emulator ??
    new SqsEmulator({
      region: options.region,
      accountId: options.accountId,
      strict: options.strict,
      baseUrl: baseUrl ?? url,
    });
  const handler = new SqsHttpHandler(emulator, {
    baseUrl,
    fallbackOrigin: url,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    logger: options.logger,
    verifier:
      options.credentials && options.credentials.length > 0
        ? new SigV4Verifier(options.credentials)
        : undefined,
    dashboardPath,
  });
  const dashboard =
    dashboardPath === undefined ? undefined : createDashboard(emulator, dashboardPath, options);
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    // The dashboard's paths cannot be SQS's: queue URLs are /<12-digit account>/<name>.
    if (dashboard?.matches(pathOf(req))) void dashboard.handle(req, res);
    else handler.handle(req, res);
  };
  server.on('request', onRequest);
  // Without a listener Node answers `Expect: 100-continue` itself; with one, the handler's
  // Content-Length check refuses an oversized body before the client sends it.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    const length = Number(req.headers['content-length']);
    if (!(length > (options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES))) res.writeContinue();
    handler.handle(req, res);
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    options.logger?.debug(`malformed HTTP request: ${error.message}`);
    const status =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? '431 Request Header Fields Too Large'
        : '400 Bad Request';
    if (socket.writable) {
      socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
    } else {
      socket.destroy();
    }
  });

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      dashboard?.close();
      handler.beginClose();
      server.closeIdleConnections();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        handler.idle(),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, CLOSE_GRACE_MS);
          timer.unref();
        }),
      ]);
      clearTimeout(timer);
      server.closeAllConnections();
      await stopped;
    })();
    return closed;
  };

  const dashboardUrl = dashboard ? `${url}${dashboard.path || '/'}` : undefined;
  return { url, host, port, emulator, server, close, ...(dashboardUrl ? { dashboardUrl } : {}) };
}

function serverDashboardPath(options: SqsServerOptions): string | undefined {
  const dashboard = options.dashboard;
  if (!dashboard) return undefined;
  const path = normalizeDashboardPath(
    (dashboard === true ? undefined : dashboard.path) ?? DEFAULT_SERVER_DASHBOARD_PATH,
  );
  if (path === '') throw new Error('the dashboard path beside the emulator cannot be /.');
  return path;
}

function createDashboard(
  emulator: SqsEmulator,
  path: string,
  options: SqsServerOptions,
): SqsDashboard {
  return new SqsDashboard(new EmulatorDashboardSource(emulator), {
    path,
    allowedHosts: loopbackHosts(options),
    hostNotAllowedHint:
      "Open it at a loopback name, or make this name the emulator's base URL (baseUrl, --base-url).",
    readOnly: typeof options.dashboard === 'object' ? options.dashboard.readOnly : false,
    title: 'SQS emulator',
    logger: options.logger,
  });
}

/**
 * On a loopback address, the host names the dashboard answers to: loopback ones (and the base
 * URL's), so that a web page cannot reach it through DNS rebinding. Elsewhere (0.0.0.0 in a
 * container), any.
 */
function loopbackHosts(options: SqsServerOptions): readonly string[] | undefined {
  if (!isLoopbackAddress(options.host ?? DEFAULT_SQS_HOST)) return undefined;
  const baseUrl = options.baseUrl && URL.canParse(options.baseUrl) ? options.baseUrl : undefined;
  return dashboardAllowedHosts(baseUrl ? [new URL(baseUrl).hostname] : []);
}

function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

/** A host as it appears in a URL: wildcard addresses become `localhost`, IPv6 gets brackets. */
function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}
