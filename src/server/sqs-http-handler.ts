import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { isSqsError, type SqsError } from '../emulator/errors/sqs-error';
import type { SqsEmulator } from '../emulator/sqs-emulator';
import type { EmulatorRequestContext } from '../emulator/sqs-emulator-options.interface';
import type { SigV4Verifier } from './auth/sigv4-verifier';
import { SqsAuthError } from './auth/sqs-auth-errors';
import { BodyTooLargeError, discardRest, readBody } from './http/body-reader';
import { isBrowserLanding, landingPage } from './http/landing-page';
import { handleInspection, isInspectionPath } from './inspection/inspection-handler';
import {
  actionFromTarget,
  decodeJsonRequest,
  encodeJsonError,
  encodeJsonResult,
  isJsonContentType,
  JSON_CONTENT_TYPE,
  mediaType,
  type WireResponse,
} from './protocols/json-protocol';
import { ProtocolErrors } from './protocols/protocol-errors';
import { encodeQueryError, encodeQueryResult } from './protocols/query-protocol';
import { decodeQueryRequest, parseFormParameters } from './protocols/query-request-parser';
import { findAction, type SqsActionSpec } from './protocols/sqs-actions';
import type { SqsServerLogger } from './sqs-server-options.interface';

type Protocol = 'json' | 'query';

/** Options of {@link SqsHttpHandler}. */
export interface SqsHttpHandlerOptions {
  /** Fixed origin for queue URLs; otherwise the request's Host (or `fallbackOrigin`). */
  readonly baseUrl?: string;
  /** Origin used when the request has no usable Host header. */
  readonly fallbackOrigin: string;
  readonly maxBodyBytes: number;
  readonly logger?: SqsServerLogger;
  /** Checks each SQS request's signature; without one, every request is accepted. */
  readonly verifier?: SigV4Verifier;
  /** Path of the dashboard served beside the handler, which a browser opening `/` is shown. */
  readonly dashboardPath?: string;
}

/**
 * A request in progress, so that close() can end its long poll and wait for it. The abort
 * controller is made only for receives (the one action that waits), keeping the others cheap.
 */
interface InFlight {
  controller?: AbortController;
  aborted: boolean;
  done: Promise<void>;
}

const HOST_HEADER = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded';
const DRAIN_TIMEOUT_MS = 5_000;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** What the request turned into before it reaches the emulator. */
interface DecodedRequest {
  readonly spec: SqsActionSpec;
  readonly input: Record<string, unknown>;
}

/**
 * The HTTP front of the emulator: recognises the protocol (AWS JSON 1.0 by `X-Amz-Target` /
 * content type, else query), decodes the request into the SDK's input shape, calls the emulator,
 * and writes the result or the error exactly as SQS does in that protocol. It never throws: every
 * failure becomes an SQS error response.
 */
export class SqsHttpHandler {
  private readonly inFlight = new Set<InFlight>();
  private closing = false;

  constructor(
    private readonly emulator: SqsEmulator,
    private readonly options: SqsHttpHandlerOptions,
  ) {}

  /** Handles one request (the `http.Server` 'request' listener). */
  handle(req: IncomingMessage, res: ServerResponse): void {
    const entry: InFlight = { aborted: false, done: Promise.resolve() };
    const signal = (): AbortSignal => {
      entry.controller ??= new AbortController();
      if (entry.aborted) entry.controller.abort();
      return entry.controller.signal;
    };
    entry.done = this.process(req, res, signal).catch((e: unknown) => {
      this.options.logger?.error(`unexpected failure handling a request: ${describe(e)}`);
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal error');
      }
    });
    this.inFlight.add(entry);
    // A client that hangs up mid long poll must not take messages with it.
    res.once('close', () => {
      if (!res.writableFinished) abort(entry);
    });
    void entry.done.finally(() => this.inFlight.delete(entry));
  }

  /** Starts a graceful close: open long polls end (with an empty result) right away. */
  beginClose(): void {
    this.closing = true;
    for (const entry of this.inFlight) abort(entry);
  }

  /** Resolves when no request is in progress. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) {
      await Promise.all([...this.inFlight].map((e) => e.done));
    }
  }

  private async process(
    req: IncomingMessage,
    res: ServerResponse,
    signal: () => AbortSignal,
  ): Promise<void> {
    const started = performance.now();
    const requestId = randomUUID();
    const origin = this.originOf(req);
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      url = new URL('http://localhost/');
    }

    if (isInspectionPath(url.pathname)) {
      req.resume();
      const response = handleInspection(this.emulator, req.method ?? 'GET', url, origin);
      this.write(res, response, requestId);
      this.log(req, 'inspection', url.pathname, response.status, started);
      return;
    }

    // A person who opens the endpoint in a browser gets directions instead of an XML error.
    if (isBrowserLanding(req, url)) {
      req.resume();
      const response = landingPage({
        endpoint: origin,
        region: this.emulator.region,
        dashboardPath: this.options.dashboardPath,
        checksSignatures: this.options.verifier !== undefined,
      });
      this.write(res, response, requestId);
      this.log(req, 'html', 'landing page', response.status, started);
      return;
    }

    const protocol = detectProtocol(req);
    let spec: SqsActionSpec | undefined;
    let response: WireResponse;
    try {
      let body: Buffer;
      try {
        body = await readBody(req, this.options.maxBodyBytes);
      } catch (e) {
        if (!(e instanceof BodyTooLargeError)) return; // the client is gone
        res.setHeader('connection', 'close');
        discardRest(req, this.options.maxBodyBytes * 4, DRAIN_TIMEOUT_MS);
        throw ProtocolErrors.tooLarge(e.limit);
      }
      this.options.verifier?.verify({
        method: req.method ?? 'POST',
        target: req.url ?? '/',
        rawHeaders: req.rawHeaders,
        body,
      });
      const decoded =
        protocol === 'json' ? decodeJson(req, body) : decodeQuery(req, url, body, origin);
      spec = decoded.spec;
      const result = await this.invoke(decoded, req, origin, signal);
      if (res.destroyed) return;
      response =
        protocol === 'json'
          ? {
              status: 200,
              headers: { 'content-type': JSON_CONTENT_TYPE },
              body: encodeJsonResult(spec, result),
            }
          : encodeQueryResult(spec, result, requestId);
    } catch (e) {
      if (res.destroyed) return;
      const error = this.toSqsError(e);
      response =
        protocol === 'json'
          ? encodeJsonError(error, this.jsonStatus(error, req))
          : encodeQueryError(error, requestId);
    }
    this.write(res, response, requestId);
    this.log(req, protocol, spec?.action ?? '?', response.status, started);
  }

  private async invoke(
    decoded: DecodedRequest,
    req: IncomingMessage,
    baseUrl: string,
    signal: () => AbortSignal,
  ): Promise<unknown> {
    const { spec, input } = decoded;
    const ctx: EmulatorRequestContext = { baseUrl };
    if (spec.method === 'receiveMessage') ctx.abortSignal = signal();
    const trace = req.headers['x-amzn-trace-id'];
    if (typeof trace === 'string' && trace !== '' && spec.action.startsWith('SendMessage')) {
      ctx.traceHeader = trace;
    }
    if (this.closing && spec.method === 'receiveMessage') return {};
    const action = this.emulator[spec.method] as unknown as (
      this: SqsEmulator,
      input: object,
      ctx: EmulatorRequestContext,
    ) => Promise<unknown>;
    try {
      return await action.call(this.emulator, input, ctx);
    } catch (e) {
      // close() ends open long polls: they answer like a poll that found nothing.
      if (isAbortError(e) && this.closing && spec.method === 'receiveMessage') return {};
      throw e;
    }
  }

  private toSqsError(e: unknown): SqsError {
    if (isSqsError(e)) return e;
    this.options.logger?.error(`internal error: ${describe(e)}`);
    return ProtocolErrors.internal();
  }

  private jsonStatus(error: SqsError, req: IncomingMessage): number {
    if (error.shape.status === 413 || error instanceof SqsAuthError) return error.shape.status;
    return error.jsonStatus(req.headers['x-amzn-query-mode'] === 'true');
  }

  /** The origin queue URLs use: the configured one, else the one the client addressed. */
  private originOf(req: IncomingMessage): string {
    if (this.options.baseUrl) return this.options.baseUrl;
    const host = req.headers.host;
    return host && HOST_HEADER.test(host) ? `http://${host}` : this.options.fallbackOrigin;
  }

  private write(res: ServerResponse, response: WireResponse, requestId: string): void {
    if (res.destroyed || res.headersSent) return;
    const body = Buffer.from(response.body, 'utf8');
    res.writeHead(response.status, {
      ...response.headers,
      'x-amzn-requestid': requestId,
      'content-length': String(body.length),
      ...(this.closing ? { connection: 'close' } : {}),
    });
    res.end(body);
  }

  private log(
    req: IncomingMessage,
    protocol: string,
    action: string,
    status: number,
    started: number,
  ): void {
    const logger = this.options.logger;
    if (!logger) return;
    const ms = (performance.now() - started).toFixed(1);
    logger.debug(`${req.method ?? '?'} ${req.url ?? ''} ${protocol} ${action} ${status} ${ms}ms`);
  }
}

/** JSON when the client says so (X-Amz-Target, or a JSON content type); query otherwise. */
function detectProtocol(req: IncomingMessage): Protocol {
  if (req.headers['x-amz-target'] !== undefined) return 'json';
  const media = mediaType(req.headers['content-type']);
  return media.startsWith('application/x-amz-json') || media === 'application/json'
    ? 'json'
    : 'query';
}

function decodeText(body: Buffer, onError: () => SqsError): string {
  try {
    return utf8.decode(body);
  } catch {
    throw onError();
  }
}

function decodeJson(req: IncomingMessage, body: Buffer): DecodedRequest {
  const contentType = req.headers['content-type'] ?? '';
  if (!isJsonContentType(contentType)) throw ProtocolErrors.unsupportedContentType(contentType);
  const target = req.headers['x-amz-target'];
  const spec = actionFromTarget(Array.isArray(target) ? target[0] : target);
  const text = decodeText(body, () =>
    ProtocolErrors.serialization('Request body is not valid UTF-8.'),
  );
  return { spec, input: decodeJsonRequest(spec, text) };
}

function decodeQuery(req: IncomingMessage, url: URL, body: Buffer, origin: string): DecodedRequest {
  const params = parseFormParameters(url.search.slice(1));
  const media = mediaType(req.headers['content-type']);
  if (body.length > 0 && (media === FORM_MEDIA_TYPE || media === '')) {
    const text = decodeText(body, () =>
      ProtocolErrors.malformedQueryString('the body is not valid UTF-8.'),
    );
    parseFormParameters(text, params);
  }
  const action = params.get('Action');
  if (action === undefined || action === '') throw ProtocolErrors.missingAction();
  const spec = findAction(action);
  if (!spec) throw ProtocolErrors.invalidAction(action);
  const input = decodeQueryRequest(spec.input, params);
  // Java SDK v1 posts to the queue's URL instead of sending a QueueUrl parameter.
  if ('QueueUrl' in spec.input.members && input.QueueUrl === undefined && url.pathname !== '/') {
    input.QueueUrl = origin + url.pathname;
  }
  return { spec, input };
}

function abort(entry: InFlight): void {
  entry.aborted = true;
  entry.controller?.abort();
}

function isAbortError(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}

function describe(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}
