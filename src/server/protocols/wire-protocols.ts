import { isJsonRequest, JSON_PROTOCOL } from './json-protocol';
import { QUERY_PROTOCOL } from './query-protocol';
import type { WireProtocol, WireRequest } from './wire-protocol.interface';

/**
 * The protocol a request is in: JSON when the client says so (an `X-Amz-Target`, or a JSON
 * content type), query otherwise. Known from the headers alone, so even an error about the body
 * is answered in the client's protocol.
 */
export function protocolOf(headers: WireRequest['headers']): WireProtocol {
  return isJsonRequest(headers) ? JSON_PROTOCOL : QUERY_PROTOCOL;
}
