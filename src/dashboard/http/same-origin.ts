import type { IncomingMessage } from 'node:http';
import { DASHBOARD_JSON_TYPE } from './dashboard-json-type';

// Where the server code has always found it; the page's script imports the Node-free module.
export { DASHBOARD_JSON_TYPE };

/**
 * Whether a state-changing request comes from the dashboard's own page. Browsers send `Origin`
 * on every POST; it must name this host (the `Host` header) or one of `allowedOrigins` (a proxy
 * that rewrites Host). Without `Origin`, `Sec-Fetch-Site` (if sent) must say same-origin; a
 * request with neither is not from a browser, so it cannot be a cross-site forgery. The caller
 * also requires a JSON content type ({@link isJsonRequest}), which a cross-site form cannot send
 * and a cross-origin fetch cannot send without a preflight this server never approves.
 */
export function isSameOrigin(req: IncomingMessage, allowedOrigins: readonly string[]): boolean {
  const origin = header(req, 'origin');
  if (origin !== undefined) {
    if (allowedOrigins.includes(origin)) return true;
    let host: string;
    try {
      const url = new URL(origin);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
      host = url.host;
    } catch {
      return false; // `null` (sandboxed frames, file: pages) or garbage
    }
    const requestHost = header(req, 'host');
    return requestHost !== undefined && host.toLowerCase() === requestHost.toLowerCase();
  }
  const site = header(req, 'sec-fetch-site');
  return site === undefined || site === 'same-origin' || site === 'none';
}

/**
 * Whether the request body is declared as JSON: the page's {@link DASHBOARD_JSON_TYPE}, or
 * `application/json` (scripts and tests). Either needs a CORS preflight from another origin,
 * which the dashboard never approves.
 */
export function isJsonRequest(req: IncomingMessage): boolean {
  const type = header(req, 'content-type')?.split(';')[0].trim().toLowerCase();
  return type === 'application/json' || type === DASHBOARD_JSON_TYPE;
}

/** A request header's (first) value. */
export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
