import type { IncomingMessage, ServerResponse } from 'node:http';
import { isSqsError } from '../emulator/errors/sqs-error';
import type { DashboardLogger, SqsDashboardHandlerOptions } from './dashboard-options.interface';
import { normalizeDashboardPath } from './dashboard-path';
import type { DashboardSource } from './dashboard-source.interface';
import { DashboardError } from './dashboard.error';
import { DashboardService } from './dashboard.service';
import { DashboardEventStream } from './event-stream';
import {
  optionalInteger,
  optionalString,
  readJsonBody,
  requiredString,
} from './http/read-json-body';
import { isAllowedHost, LOOPBACK_HOST_NAMES } from './http/allowed-hosts';
import { isJsonRequest, isSameOrigin } from './http/same-origin';
import { PAGE_CSP, send, sendError, sendJson } from './http/respond';
import { renderDashboardPage } from './ui/dashboard-page';
import { dashboardAssets } from './ui/dashboard-assets';

export const DEFAULT_REFRESH_INTERVAL_MS = 1_000;

/** A route of the dashboard, relative to its path. */
export interface DashboardRoute {
  readonly method: 'GET' | 'POST';
  readonly path: string;
}

type Body = Record<string, unknown>;
type Action = (body: Body) => Promise<unknown>;

/**
 * The dashboard as plain Node HTTP: the page, its script and styles, the JSON API and the event
 * stream, over a {@link DashboardSource}. Frameworks mount it route by route (`routes`) and pass
 * the raw request and response to `handle`; the standalone server asks `matches` first.
 *
 * - `GET <path>` the page; `GET <path>/assets/app.js|app.css`
 * - `GET <path>/api/state` the overview; `GET <path>/api/events` the same, live (SSE)
 * - `GET <path>/api/messages?queue=<id>&limit=50` a peek
 * - `POST <path>/api/send | redrive | redrive/cancel | messages/delete | purge |
 *   consumers/start | consumers/stop` actions (JSON body, same-origin only)
 */
export class SqsDashboard {
  readonly path: string;
  readonly readOnly: boolean;
  private readonly service: DashboardService;
  private readonly stream: DashboardEventStream;
  private readonly page: string;
  private readonly actions: ReadonlyMap<string, Action>;
  private readonly allowedOrigins: readonly string[];
  private readonly allowedHosts: readonly string[] | undefined;
  private readonly hostHint: string | undefined;
  private readonly logger: DashboardLogger | undefined;

  constructor(source: DashboardSource, options: SqsDashboardHandlerOptions) {
    this.path = normalizeDashboardPath(options.path);
    this.readOnly = options.readOnly ?? false;
    this.allowedOrigins = options.allowedOrigins ?? [];
    this.allowedHosts = options.allowedHosts?.map((h) => h.toLowerCase());
    this.hostHint = options.hostNotAllowedHint;
    this.logger = options.logger;
    this.service = new DashboardService(source, this.readOnly);
    this.stream = new DashboardEventStream(
      () => this.service.state(),
      options.refreshIntervalMs ?? DEFAULT_REFRESH_INTERVAL_MS,
      (e) => this.logger?.error(`dashboard: could not build the state: ${describe(e)}`),
    );
    this.page = renderDashboardPage({
      base: this.path,
      readOnly: this.readOnly,
      title: options.title ?? 'SQS dashboard',
    });
    const s = this.service;
    this.actions = new Map<string, Action>([
      [
        '/api/send',
        (b) =>
          s.send({
            queue: requiredString(b, 'queue'),
            body: typeof b.body === 'string' ? b.body : requiredString(b, 'body'),
            attributes: attributesOf(b.attributes),
            groupId: optionalString(b, 'groupId'),
            deduplicationId: optionalString(b, 'deduplicationId'),
            delaySeconds: optionalInteger(b, 'delaySeconds', 0, 900),
          }),
      ],
      [
        '/api/redrive',
        (b) =>
          s.redrive(
            requiredString(b, 'queue'),
            optionalString(b, 'destination'),
            optionalInteger(b, 'rate', 1, 500),
          ),
      ],
      ['/api/redrive/cancel', (b) => s.cancelRedrive(requiredString(b, 'taskHandle'))],
      [
        '/api/messages/delete',
        (b) => s.deleteMessage(requiredString(b, 'queue'), requiredString(b, 'messageId')),
      ],
      [
        '/api/purge',
        (b) => s.purge(requiredString(b, 'queue'), optionalString(b, 'confirm') ?? ''),
      ],
      ['/api/consumers/start', (b) => s.startConsumer(requiredString(b, 'queue')).then(ok)],
      ['/api/consumers/stop', (b) => s.stopConsumer(requiredString(b, 'queue')).then(ok)],
    ]);
  }

  /** Every route, relative to `path`, for frameworks that register routes one by one. */
  get routes(): readonly DashboardRoute[] {
    return [
      { method: 'GET', path: '' },
      { method: 'GET', path: '/' },
      { method: 'GET', path: '/assets/app.js' },
      { method: 'GET', path: '/assets/app.css' },
      { method: 'GET', path: '/api/state' },
      { method: 'GET', path: '/api/events' },
      { method: 'GET', path: '/api/messages' },
      ...[...this.actions.keys()].map((path): DashboardRoute => ({ method: 'POST', path })),
    ];
  }

  /** Whether a request path belongs to the dashboard. */
  matches(pathname: string): boolean {
    return (
      pathname === this.path || pathname === `${this.path}/` || pathname.startsWith(`${this.path}/`)
    );
  }

  /**
   * Serves one request. `parsedBody` is what a framework's body parser already made of a POST's
   * body, if anything. Never throws: failures become JSON errors.
   */
  async handle(req: IncomingMessage, res: ServerResponse, parsedBody?: unknown): Promise<void> {
    try {
      await this.route(req, res, parsedBody);
    } catch (e) {
      this.fail(res, e);
    }
  }

  /**
   * Whether the request's Host is one the dashboard answers to (`allowedHosts`). `handle` checks
   * it first; a framework that runs other checks before (a guard) asks here so that a request for
   * another host is refused before anything else looks at it.
   */
  allowsHost(req: IncomingMessage): boolean {
    return this.allowedHosts === undefined || isAllowedHost(req, this.allowedHosts);
  }

  /** Ends the open event streams (so the HTTP server can close) and unsubscribes. */
  close(): void {
    this.stream.close();
    this.service.dispose();
  }

  private async route(req: IncomingMessage, res: ServerResponse, parsedBody: unknown) {
    if (!this.allowsHost(req)) {
      throw new DashboardError(
        403,
        'HostNotAllowed',
        hostNotAllowed(req.headers.host, this.hostHint),
      );
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const rest = url.pathname.slice(this.path.length);
    const method = req.method ?? 'GET';
    if (method === 'GET' || method === 'HEAD') {
      switch (rest) {
        case '':
        case '/':
          return send(res, 200, 'text/html; charset=utf-8', this.page, {
            'content-security-policy': PAGE_CSP,
          });
        case '/assets/app.js':
          return send(res, 200, 'text/javascript; charset=utf-8', dashboardAssets().script);
        case '/assets/app.css':
          return send(res, 200, 'text/css; charset=utf-8', dashboardAssets().styles);
        case '/api/state':
          return sendJson(res, 200, await this.service.state());
        case '/api/events':
          return this.stream.open(req, res);
        case '/api/messages': {
          const queue = url.searchParams.get('queue');
          if (!queue) throw new DashboardError(400, 'BadRequest', "'queue' is required.");
          const limit = Number(url.searchParams.get('limit') ?? undefined);
          return sendJson(
            res,
            200,
            await this.service.messages(queue, Number.isInteger(limit) ? limit : undefined),
          );
        }
      }
    }
    const action = this.actions.get(rest);
    if (!action) throw new DashboardError(404, 'NotFound', `No dashboard route ${url.pathname}.`);
    if (method !== 'POST') {
      res.setHeader('allow', 'POST');
      throw new DashboardError(405, 'MethodNotAllowed', 'Actions are POST requests.');
    }
    if (!isJsonRequest(req) || !isSameOrigin(req, this.allowedOrigins)) {
      throw new DashboardError(
        403,
        'CrossOriginRequest',
        'Actions are accepted only as JSON from the dashboard’s own origin.',
      );
    }
    if (this.readOnly) {
      throw new DashboardError(403, 'ReadOnly', 'The dashboard is read-only.');
    }
    const result = await action(await readJsonBody(req, parsedBody));
    sendJson(res, 200, result);
    this.stream.poke();
  }

  private fail(res: ServerResponse, e: unknown): void {
    if (e instanceof DashboardError) return sendError(res, e.status, e.code, e.message);
    if (isSqsError(e) || isAwsError(e)) {
      const error = e as Error & { $metadata?: { httpStatusCode?: number } };
      const status = error.$metadata?.httpStatusCode;
      return sendError(
        res,
        status !== undefined && status >= 400 && status < 500 ? status : 400,
        error.name,
        error.message,
      );
    }
    this.logger?.error(`dashboard: request failed: ${describe(e)}`);
    sendError(res, 500, 'InternalError', 'The dashboard failed to answer; see the server log.');
  }
}

const ok = () => ({ ok: true });

/**
 * The 403 for a Host not allowed: which name was refused, and why. Configured names are not
 * listed: a rebound page can read this answer.
 */
function hostNotAllowed(host: string | undefined, hint: string | undefined): string {
  const name = (host ?? '').slice(0, 200);
  return (
    `The SQS dashboard does not answer to the host ${JSON.stringify(name)}: only to loopback ` +
    `names (${LOOPBACK_HOST_NAMES.join(', ')}) and the names it is configured with, so that ` +
    `another web site cannot reach it by pointing its own name at this server (DNS rebinding).` +
    (hint ? ` ${hint}` : '')
  );
}

/** Attributes from the send form: name → string, or name → { type, value }. */
function attributesOf(value: unknown): Record<string, string | { type: string; value: string }> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new DashboardError(400, 'BadRequest', "'attributes' must be an object.");
  }
  const out: Record<string, string | { type: string; value: string }> = {};
  for (const [name, v] of Object.entries(value)) {
    const valid =
      typeof v === 'string' ||
      (typeof v === 'object' &&
        v !== null &&
        typeof (v as { type?: unknown }).type === 'string' &&
        typeof (v as { value?: unknown }).value === 'string');
    if (!valid) {
      throw new DashboardError(
        400,
        'BadRequest',
        `Attribute '${name}' must be a string or { type, value }.`,
      );
    }
    Object.defineProperty(out, name, { value: v, enumerable: true, writable: true });
  }
  return out;
}

/** An error the AWS SDK threw for an SQS error response (it carries `$fault`). */
function isAwsError(e: unknown): boolean {
  return e instanceof Error && typeof (e as { $fault?: unknown }).$fault === 'string';
}

function describe(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}
