import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { normalizeDashboardPath } from '../dashboard/dashboard-path';
import { send } from '../dashboard/http/respond';
import { SqsDashboard } from '../dashboard/sqs-dashboard';
import { EmulatorDashboardSource } from '../dashboard/sources/emulator-dashboard.source';
import { SqsEmulator } from '../emulator/sqs-emulator';
import { AccessPolicy, serverAllowedHosts, serverAllowedOrigins } from './auth/access-policy';
import { BASIC_CHALLENGE, BasicAuth } from './auth/basic-auth';
import { SigV4Verifier } from './auth/sigv4-verifier';
import { DEFAULT_MAX_BODY_BYTES } from './http/body-reader';
import { applyTimeouts, resolveTimeouts, timeoutServerOptions } from './http/server-timeouts';
import { SqsHttpHandler } from './sqs-http-handler';
import type { SqsServerHandle, SqsServerOptions } from './sqs-server-options.interface';

/** Port ElasticMQ uses, so existing `endpoint` settings keep working. */
export const DEFAULT_SQS_PORT = 9324;
export const DEFAULT_SQS_HOST = '127.0.0.1';
/** Where `--dashboard` serves the page. */
export const DEFAULT_SERVER_DASHBOARD_PATH = '/dashboard';

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
  // Every option is checked before the port is bound.
  const dashboardPath = serverDashboardPath(options);
  const access = new AccessPolicy(
    serverAllowedHosts(host, options.baseUrl, options.allowedHosts),
    serverAllowedOrigins(options.allowedOrigins),
  );
  const timeouts = resolveTimeouts(options.timeouts);
  const server = createServer({ keepAlive: true, ...timeoutServerOptions(timeouts) });
  applyTimeouts(server, timeouts);

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
  const checksCredentials = options.credentials !== undefined && options.credentials.length > 0;
  const basicAuth = checksCredentials ? new BasicAuth(options.credentials ?? []) : undefined;
  const handler = new SqsHttpHandler(emulator, {
    baseUrl,
    fallbackOrigin: url,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    logger: options.logger,
    verifier: checksCredentials ? new SigV4Verifier(options.credentials ?? []) : undefined,
    basicAuth,
    access,
    dashboardPath,
  });
  const dashboard =
    dashboardPath === undefined
      ? undefined
      : createDashboard(emulator, dashboardPath, access, options);
  // The response each connection is writing, so that a client error does not corrupt it.
  const answering = new WeakMap<Socket, ServerResponse>();
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    answering.set(req.socket, res);
    // The dashboard's paths cannot be SQS's: queue URLs are /<12-digit account>/<name>.
    if (!dashboard?.matches(pathOf(req))) handler.handle(req, res);
    else if (basicAuth && dashboard.allowsHost(req) && !basicAuth.accepts(req)) {
      // A browser cannot sign with SigV4: it asks for the access key and secret instead.
      req.resume();
      send(res, 401, 'application/json; charset=utf-8', DASHBOARD_UNAUTHORIZED, {
        'www-authenticate': BASIC_CHALLENGE,
      });
    } else void dashboard.handle(req, res);
  };
  server.on('request', onRequest);
  // Without a listener Node answers `Expect: 100-continue` itself; with one, the handler's
  // Content-Length check refuses an oversized body before the client sends it.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    const length = Number(req.headers['content-length']);
    if (!(length > (options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES))) res.writeContinue();
    onRequest(req, res);
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    options.logger?.debug(`malformed or timed-out HTTP request: ${error.message}`);
    const status =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? '431 Request Header Fields Too Large'
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? '408 Request Timeout'
          : '400 Bad Request';
    const response = answering.get(socket);
    // A status line in the middle of an answer already under way would corrupt it: just hang up.
    const midAnswer = response !== undefined && response.headersSent && !response.writableFinished;
    if (socket.writable && !midAnswer) {
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
  access: AccessPolicy,
  options: SqsServerOptions,
): SqsDashboard {
  return new SqsDashboard(new EmulatorDashboardSource(emulator), {
    path,
    // The server's own lists: one allow-list for every route it serves.
    allowedHosts: access.allowedHosts,
    allowedOrigins: access.allowedOrigins,
    hostNotAllowedHint:
      'Open it at a loopback name, or allow this name with allowedHosts (--allowed-hosts).',
    readOnly: typeof options.dashboard === 'object' ? options.dashboard.readOnly : false,
    title: 'SQS emulator',
    logger: options.logger,
  });
}

const DASHBOARD_UNAUTHORIZED = JSON.stringify({
  error: {
    code: 'MissingAuthenticationToken',
    message:
      'This emulator checks credentials (--credentials): give an access key id it was started ' +
      'with as the user name and its secret as the password.',
  },
});

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
