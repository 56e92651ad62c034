import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { isSqsError, type SqsError } from '../emulator/errors/sqs-error';
import type { SqsEmulator } from '../emulator/sqs-emulator';
import type { EmulatorRequestContext } from '../emulator/sqs-emulator-options.interface';
import { SQS_ACTIONS } from '../port/sqs-actions';
import type { SqsAction, SqsInput, SqsOutput, SqsPortMethods } from '../port/sqs-port.interface';
import type { AccessPolicy } from './auth/access-policy';
import { BASIC_CHALLENGE, BasicAuth } from './auth/basic-auth';
import type { SigV4Verifier } from './auth/sigv4-verifier';
import { SqsAuthErrors } from './auth/sqs-auth-errors';
import { BodyTooLargeError, discardRest, readBody } from './http/body-reader';
import { isBrowserLanding, landingPage } from './http/landing-page';
import type { WireResponse } from './http/wire-response.interface';
import {
  handleInspection,
  inspectionError,
  isHealthPath,
  isInspectionPath,
} from './inspection/inspection-handler';
import { ProtocolErrors } from './protocols/protocol-errors';
import type { SqsCall } from './protocols/sqs-action-shapes';
import type { WireRequest } from './protocols/wire-protocol.interface';
import { protocolOf } from './protocols/wire-protocols';
import type { SqsServerLogger } from './sqs-server-options.interface';

/** Options of {@link SqsHttpHandler}. */
export interface SqsHttpHandlerOptions {
  /** Fixed origin for queue URLs; otherwise the request's Host (or `fallbackOrigin`). */
  readonly baseUrl?: string;
  /** Origin used when the request has no usable Host header. */
  readonly fallbackOrigin: string;
  readonly maxBodyBytes: number;
  readonly logger?: SqsServerLogger;
  /**
   * Checks each SQS request's signature; without one, every request is accepted. With one, the
   * inspection API (but its health check) wants a signature too, or `basicAuth`'s credentials.
   */
  readonly verifier?: SigV4Verifier;
  /** The same keys as HTTP Basic, for a browser opening the inspection API. */
  readonly basicAuth?: BasicAuth;
  /** Which host names and sites may send requests; without one, any. */
  readonly access?: AccessPolicy;
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
const DRAIN_TIMEOUT_MS = 5_000;
// Refused host names are logged once each (a misconfigured client is worth a line, a flood not).
const MAX_WARNED_HOSTS = 100;

const EMPTY_BODY = new Uint8Array(0);

/** The action that waits (a long poll): it gets an abort signal, and close() ends it empty. */
const LONG_POLL: SqsAction = 'receiveMessage';
/** The actions whose messages take the request's `X-Amzn-Trace-Id` as `AWSTraceHeader`. */
const TRACED: ReadonlySet<SqsAction> = new Set<SqsAction>(['sendMessage', 'sendMessageBatch']);

/**
 * The HTTP front of the emulator: the request's lifecycle (body bound, signature, long polls that
 * close() ends, logging) around one `WireProtocol` per request, picked from the headers (AWS
 * JSON 1.0 by `X-Amz-Target` / content type, else query). The protocol decodes the request into
 * one port call, the emulator performs it, and the protocol writes the result or the error exactly
 * as SQS does. It never throws: every failure becomes an SQS error response.
 */
export class SqsHttpHandler {
  private readonly inFlight = new Set<InFlight>();
  private readonly warnedHosts = new Set<string>();
  private closing = false;
  /**
   * The emulator as the port's methods taking the request's context: what a decoded call is made
   * on (the compiler checks the emulator has every action, taking that context).
   */
  private readonly port: SqsPortMethods<EmulatorRequestContext>;

  constructor(
    private readonly emulator: SqsEmulator,
    private readonly options: SqsHttpHandlerOptions,
  ) {
    this.port = emulator;
  }

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

    // Refused before anything is read: a host name this server does not answer to, or a browser
    // request from another site (the landing page, which reads and changes nothing, excepted).
    const hostRefusal = this.options.access?.hostRefusal(req);
    const refusal =
      hostRefusal ??
      (isBrowserLanding(req, url) ? undefined : this.options.access?.siteRefusal(req));
    if (refusal !== undefined) {
      this.refuse(req, res, url, refusal, requestId, started);
      if (hostRefusal !== undefined) this.warnRefusedHost(req, hostRefusal);
      return;
    }

    if (isInspectionPath(url.pathname)) {
      req.resume();
      const response =
        this.inspectionAuthFailure(req, url) ??
        handleInspection(this.emulator, req.method ?? 'GET', url, origin);
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

    const protocol = protocolOf(req.headers);
    const request: WireRequest = { headers: req.headers, url, origin, requestId };
    let call: SqsCall | undefined;
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
      call = protocol.decode(request, body);
      const result = await this.invoke(call, request, signal);
      if (res.destroyed) return;
      response = protocol.encodeResult(call.action, result, request);
    } catch (e) {
      if (res.destroyed) return;
      response = protocol.encodeError(this.toSqsError(e), request);
    }
    this.write(res, response, requestId);
    this.log(req, protocol.name, call ? SQS_ACTIONS[call.action] : '?', response.status, started);
  }

  private async invoke(
    call: SqsCall,
    request: WireRequest,
    signal: () => AbortSignal,
  ): Promise<SqsOutput<SqsAction>> {
    const ctx: EmulatorRequestContext = { baseUrl: request.origin };
    const waits = call.action === LONG_POLL;
    if (waits) ctx.abortSignal = signal();
    const trace = request.headers['x-amzn-trace-id'];
    if (typeof trace === 'string' && trace !== '' && TRACED.has(call.action)) {
      ctx.traceHeader = trace;
    }
    if (this.closing && waits) return {};
    try {
      return await perform(this.port, call.action, call.input, ctx);
    } catch (e) {
      // close() ends open long polls: they answer like a poll that found nothing.
      if (isAbortError(e) && this.closing && waits) return {};
      throw e;
    }
  }

  /** Answers a refused request with `AccessDenied`: in JSON on /_emulator, else as SQS does. */
  private refuse(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    reason: string,
    requestId: string,
    started: number,
  ): void {
    discardRest(req, this.options.maxBodyBytes, DRAIN_TIMEOUT_MS);
    const resource = `${this.options.baseUrl ?? this.options.fallbackOrigin}/`;
    const error = SqsAuthErrors.accessDenied(resource, reason);
    const inspection = isInspectionPath(url.pathname);
    const protocol = protocolOf(req.headers);
    const response = inspection
      ? inspectionError(error.shape.status, error.Code, error.message)
      : protocol.encodeError(error, {
          headers: req.headers,
          url,
          origin: this.options.fallbackOrigin,
          requestId,
        });
    this.write(res, response, requestId);
    this.log(req, inspection ? 'inspection' : protocol.name, 'refused', response.status, started);
  }

  /**
   * With credentials configured, the inspection API (but its health check) wants them too: a
   * SigV4 signature (scripts: `curl --aws-sigv4`) or HTTP Basic (a browser, which is asked).
   */
  private inspectionAuthFailure(req: IncomingMessage, url: URL): WireResponse | undefined {
    const verifier = this.options.verifier;
    if (!verifier || isHealthPath(url.pathname)) return undefined;
    const challenge = { 'www-authenticate': BASIC_CHALLENGE };
    if (BasicAuth.isPresent(req)) {
      if (this.options.basicAuth?.accepts(req)) return undefined;
      return inspectionError(
        401,
        'InvalidClientTokenId',
        'The access key id and secret given are not ones this emulator was started with ' +
          '(--credentials).',
        challenge,
      );
    }
    if (req.headers.authorization === undefined && !url.searchParams.has('X-Amz-Signature')) {
      return inspectionError(
        401,
        'MissingAuthenticationToken',
        'This emulator checks credentials (--credentials): sign the request with SigV4 ' +
          '(curl --aws-sigv4 aws:amz:<region>:sqs --user KEY:SECRET) or send the access key id ' +
          'and secret as HTTP Basic credentials.',
        challenge,
      );
    }
    try {
      verifier.verify({
        method: req.method ?? 'GET',
        target: req.url ?? '/',
        rawHeaders: req.rawHeaders,
        body: EMPTY_BODY,
      });
      return undefined;
    } catch (e) {
      if (!isSqsError(e)) throw e;
      return inspectionError(e.shape.status, e.name, e.message);
    }
  }

  private warnRefusedHost(req: IncomingMessage, reason: string): void {
    const host = req.headers.host ?? '';
    if (this.warnedHosts.has(host) || this.warnedHosts.size >= MAX_WARNED_HOSTS) return;
    this.warnedHosts.add(host);
    this.options.logger?.warn(`refused a request: ${reason}`);
  }

  private toSqsError(e: unknown): SqsError {
    if (isSqsError(e)) return e;
    this.options.logger?.error(`internal error: ${describe(e)}`);
    return ProtocolErrors.internal();
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

/**
 * Calls the emulator's method for `action` with its input: a typed index into the port's
 * methods, so input and result are checked for that very action.
 */
function perform<A extends SqsAction>(
  port: SqsPortMethods<EmulatorRequestContext>,
  action: A,
  input: SqsInput<A>,
  ctx: EmulatorRequestContext,
): Promise<SqsOutput<A>> {
  return port[action](input, ctx);
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
