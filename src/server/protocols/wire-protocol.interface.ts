import type { IncomingHttpHeaders } from 'node:http';
import type { SqsError } from '../../emulator/errors/sqs-error';
import type { SqsAction, SqsOutput } from '../../port/sqs-port.interface';
import type { WireResponse } from '../http/wire-response.interface';
import type { SqsCall } from './sqs-action-shapes';

/** What a protocol reads of an SQS request besides its body. */
export interface WireRequest {
  readonly headers: IncomingHttpHeaders;
  /** The request's URL: its path may be a queue's, its query string may carry parameters. */
  readonly url: URL;
  /** The origin queue URLs have in this response (the configured one, or the client's Host). */
  readonly origin: string;
  /** The id the response carries (`x-amzn-requestid`, and the query protocol's `<RequestId>`). */
  readonly requestId: string;
}

/**
 * One of SQS's wire protocols (AWS JSON 1.0, query/XML): how a request becomes one port call, and
 * how that call's result or error is written back. The HTTP handler picks a protocol once per
 * request and then only calls these; everything protocol-specific lives behind them.
 */
export interface WireProtocol {
  /** How log lines name it. */
  readonly name: 'json' | 'query';
  /**
   * The port call a request asks for. Throws the {@link SqsError} SQS answers a request it cannot
   * read with (wrong content type, unknown action, malformed body or parameters).
   */
  decode(request: WireRequest, body: Buffer): SqsCall;
  /** A successful call's response. */
  encodeResult<A extends SqsAction>(
    action: A,
    result: SqsOutput<A>,
    request: WireRequest,
  ): WireResponse;
  /** An error's response, with the status this protocol (and the request) calls for. */
  encodeError(error: SqsError, request: WireRequest): WireResponse;
}
