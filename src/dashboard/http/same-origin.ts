import type { IncomingMessage } from 'node:http';

/**
 * Whether a state-changing request comes from the dashboard's own page. Browsers send `Origin`
 * on every POST; it must name this host (the `Host` header) or one of `allowedOrigins` (a proxy
 * that rewrites Host). Without `Origin`, `Sec-Fetch-Site` (if sent) must say same-origin; a
 * request with neither is not from a browser, so it cannot be a cross-site forgery. The caller
 * also requires a JSON content type, which a cross-site form cannot send without a preflight
 * this server never approves.
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

/** Whether the request body is declared as JSON. */
export function isJsonRequest(req: IncomingMessage): boolean {
  const type = header(req, 'content-type');
  return type !== undefined && type.split(';')[0].trim().toLowerCase() === 'application/json';
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Whether the Host header names one of `allowedHosts` (or a `*.localhost` name when `localhost`
 * is allowed: those resolve to loopback too).
 */
export function isAllowedHost(req: IncomingMessage, allowedHosts: readonly string[]): boolean {
  const host = header(req, 'host');
  if (host === undefined) return false;
  let hostname: string;
  try {
    hostname = new URL(`http://${host}`).hostname.toLowerCase();
  } catch {
    return false;
  }
  return (
    allowedHosts.includes(hostname) ||
    (allowedHosts.includes('localhost') && hostname.endsWith('.localhost'))
  );
}
