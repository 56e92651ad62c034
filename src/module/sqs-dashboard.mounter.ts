import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type CanActivate,
  Inject,
  Injectable,
  type OnModuleDestroy,
  type OnModuleInit,
  type Type,
} from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import { isObservable, lastValueFrom } from 'rxjs';
import { SqsEvents } from '../consumer/sqs-events';
import { normalizeDashboardPath } from '../dashboard/dashboard-path';
import { dashboardAllowedHosts } from '../dashboard/http/allowed-hosts';
import { DASHBOARD_JSON_TYPE } from '../dashboard/http/same-origin';
import { SqsDashboard } from '../dashboard/sqs-dashboard';
import { endpointUrl } from '../dashboard/sources/endpoint-url';
import { ModuleDashboardSource } from './module-dashboard.source';
import { InvalidSqsOptionsError } from '../errors/invalid-sqs-options.error';
import { INVALID_MODULE_OPTIONS } from '../errors/sqs.messages';
import type { SqsDashboardGuard, SqsModuleOptions } from './sqs-module-options.interface';
import { SqsDashboardGuardContext } from './sqs-dashboard.guard-context';
import { SqsConsumers } from './sqs-consumers.service';
import { SqsModuleSetup } from './sqs-module.setup';

/** Default `dashboard.path`. */
export const DEFAULT_DASHBOARD_PATH = '/sqs';

const HOST_HINT =
  "To open it under another name, list the name in SqsModule's dashboard.allowedHosts (or set " +
  "allowedHosts: '*' where a guard or an authenticating proxy decides who gets in).";

const NO_HTTP_SERVER =
  'The SQS dashboard is enabled but this application has no HTTP server (it is an application context); it is not mounted.';

/** The framework's request and response (Express's, or Fastify's with `raw`/`hijack`). */
interface AdapterRequest {
  readonly raw?: IncomingMessage;
  readonly body?: unknown;
}
interface AdapterResponse {
  readonly raw?: ServerResponse;
  hijack?(): void;
}
type RouteHandler = (req: AdapterRequest, res: AdapterResponse, next?: unknown) => void;
type GuardCheck = (
  req: AdapterRequest,
  res: AdapterResponse,
  handler: RouteHandler,
) => Promise<boolean>;

/**
 * Mounts the dashboard (`SqsModule.forRoot({ dashboard: { enabled: true } })`) in the app's own
 * HTTP server, as plain routes of the HTTP adapter (so Express and Fastify both work and the
 * app's global middleware applies), at `onModuleInit`, before Nest's not-found handler.
 */
@Injectable()
export class SqsDashboardMounter implements OnModuleInit, OnModuleDestroy {
  private dashboard: SqsDashboard | undefined;

  constructor(
    @Inject(SqsModuleSetup) private readonly setup: SqsModuleSetup,
    private readonly consumers: SqsConsumers,
    private readonly events: SqsEvents,
    private readonly adapterHost: HttpAdapterHost,
    private readonly moduleRef: ModuleRef,
  ) {}

  async onModuleInit(): Promise<void> {
    const options = this.setup.options.dashboard;
    if (options?.enabled !== true) return;
    let path: string;
    let allowedHosts: readonly string[] | undefined;
    try {
      path = normalizeDashboardPath(options.path ?? DEFAULT_DASHBOARD_PATH);
      allowedHosts = dashboardAllowedHosts(options.allowedHosts);
    } catch (e) {
      throw new InvalidSqsOptionsError(INVALID_MODULE_OPTIONS((e as Error).message));
    }
    const adapter = this.adapterHost?.httpAdapter;
    if (!adapter) {
      this.setup.logger?.warn(NO_HTTP_SERVER);
      return;
    }
    const guard = await this.resolveGuard(options.guard);
    const endpoint = () => backendEndpoint(this.setup.options);
    const source = new ModuleDashboardSource({
      backend: await backendLabel(this.setup, endpoint),
      port: this.setup.backend.port,
      emulator: this.setup.backend.emulator,
      queues: this.setup.queues,
      consumers: this.consumers,
      events: this.events,
      endpoint,
    });
    const logger = this.setup.logger;
    const dashboard = new SqsDashboard(source, {
      path,
      readOnly: options.readOnly,
      allowedOrigins: options.allowedOrigins,
      allowedHosts,
      hostNotAllowedHint: HOST_HINT,
      refreshIntervalMs: options.refreshIntervalMs,
      title: options.title,
      logger: logger ? { error: (message) => logger.error(message) } : undefined,
    });
    this.dashboard = dashboard;
    leaveDashboardBodiesUnparsed(adapter);
    const handler: RouteHandler = (req, res) =>
      void this.serve(dashboard, guard, handler, req, res);
    for (const route of dashboard.routes) {
      const url = `${path}${route.path}` || '/';
      try {
        if (route.method === 'GET') adapter.get(url, handler);
        else adapter.post(url, handler);
      } catch (e) {
        // Fastify with ignoreTrailingSlash (or a root path) sees `<path>/` as `<path>` again.
        if (route.path !== '/') throw e;
      }
    }
    logger?.log(`SQS dashboard at ${path || '/'}${options.readOnly ? ' (read-only)' : ''}`);
  }

  onModuleDestroy(): void {
    // Open event streams would keep the HTTP server from closing.
    this.dashboard?.close();
    this.dashboard = undefined;
  }

  private async serve(
    dashboard: SqsDashboard,
    guard: GuardCheck | undefined,
    handler: RouteHandler,
    req: AdapterRequest,
    res: AdapterResponse,
  ): Promise<void> {
    const rawReq = req.raw ?? (req as IncomingMessage);
    const rawRes = res.raw ?? (res as ServerResponse);
    // Fastify: the response is written on the raw object, so Fastify must not send one too.
    res.hijack?.();
    // A request for a host not allowed (DNS rebinding) is refused before the app's guard sees
    // it: `handle` answers it with the 403.
    if (!dashboard.allowsHost(rawReq)) return dashboard.handle(rawReq, rawRes);
    if (guard) {
      let allowed: boolean;
      try {
        allowed = await guard(req, res, handler);
      } catch (e) {
        return deny(rawRes, e);
      }
      if (!allowed) return deny(rawRes, undefined);
    }
    // The dashboard answers every request it is given: there is no `next` to call.
    await dashboard.handle(rawReq, rawRes, req.body);
  }

  private async resolveGuard(
    guard: SqsDashboardGuard | undefined,
  ): Promise<GuardCheck | undefined> {
    if (guard === undefined) return undefined;
    if (isGuardClass(guard)) {
      const instance = await this.guardInstance(guard);
      return (req, res, handler) => runGuard(instance, req, res, handler);
    }
    if (typeof guard === 'function') {
      const check = guard as (request: unknown) => boolean | Promise<boolean>;
      return async (req) => (await check(req)) === true;
    }
    return (req, res, handler) => runGuard(guard, req, res, handler);
  }

  /** The app's instance of a guard class, or a new one with its dependencies injected. */
  private async guardInstance(type: Type<CanActivate>): Promise<CanActivate> {
    try {
      return this.moduleRef.get(type, { strict: false });
    } catch {
      return this.moduleRef.create(type);
    }
  }
}

async function runGuard(
  guard: CanActivate,
  req: AdapterRequest,
  res: AdapterResponse,
  handler: RouteHandler,
): Promise<boolean> {
  const context = new SqsDashboardGuardContext([req, res], SqsDashboardMounter, handler);
  const result = guard.canActivate(context);
  const value = isObservable(result) ? await lastValueFrom(result) : await result;
  return value === true;
}

function isGuardClass(guard: SqsDashboardGuard): guard is Type<CanActivate> {
  return (
    typeof guard === 'function' &&
    typeof (guard as { prototype?: { canActivate?: unknown } }).prototype?.canActivate ===
      'function'
  );
}

/** The part of a Fastify instance that registers body parsers. */
interface FastifyParsers {
  hasContentTypeParser(type: string): boolean;
  addContentTypeParser(
    type: string,
    parser: (
      request: unknown,
      payload: unknown,
      done: (e: Error | null, body?: unknown) => void,
    ) => void,
  ): void;
}

/**
 * The page posts {@link DASHBOARD_JSON_TYPE}, which the dashboard reads itself (up to what SQS
 * accepts). Express's parsers skip a type they do not know; Fastify answers 415 for one unless a
 * parser is registered, so this registers one that leaves the stream unread. It applies to this
 * media type only, so the app's own requests are parsed as before.
 */
function leaveDashboardBodiesUnparsed(adapter: {
  getType(): string;
  getInstance(): unknown;
}): void {
  if (adapter.getType() !== 'fastify') return;
  const fastify = adapter.getInstance() as Partial<FastifyParsers>;
  if (!fastify.addContentTypeParser || fastify.hasContentTypeParser?.(DASHBOARD_JSON_TYPE)) return;
  fastify.addContentTypeParser(DASHBOARD_JSON_TYPE, (_request, _payload, done) => done(null));
}

/** 403, or the status and message of an HttpException a guard threw. */
function deny(res: ServerResponse, error: unknown): void {
  const http = error as { getStatus?: () => number; message?: string } | undefined;
  const status = typeof http?.getStatus === 'function' ? http.getStatus() : 403;
  const message =
    typeof http?.getStatus === 'function' && http.message ? http.message : 'Forbidden resource';
  if (res.headersSent || res.destroyed) return;
  const body = JSON.stringify({ error: { code: 'Forbidden', message } });
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}

/** The SQS endpoint of an `aws` or client backend, when one is set. */
async function backendEndpoint(options: SqsModuleOptions): Promise<string | undefined> {
  if (options.backend === 'aws') return endpointUrl(options.aws?.endpoint);
  if (
    typeof options.backend === 'object' &&
    options.backend !== null &&
    'send' in options.backend
  ) {
    const client = options.backend as { config?: { endpoint?: unknown } };
    return endpointUrl(client.config?.endpoint);
  }
  return undefined;
}

async function backendLabel(
  setup: SqsModuleSetup,
  endpoint: () => Promise<string | undefined>,
): Promise<string> {
  if (setup.backend.emulator) return 'memory';
  const url = await endpoint();
  const kind = setup.options.backend === 'aws' ? 'aws' : 'client';
  return url ? `${kind} · ${url.replace(/\/+$/, '')}` : kind;
}
