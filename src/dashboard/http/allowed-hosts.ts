import type { IncomingMessage } from 'node:http';
import { header } from './same-origin';

/**
 * Host names that reach only this machine. A dashboard answers to them by default: a web page on
 * another site that re-points its own name at 127.0.0.1 (DNS rebinding) still sends its own name
 * in the Host header, so checking the Host is what keeps such a page out.
 */
export const LOOPBACK_HOST_NAMES: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/** Whether a listen address (`127.0.0.1`, `::1`, `localhost`) is reachable from this machine only. */
export function isLoopbackAddress(address: string): boolean {
  const name = address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
  return LOOPBACK_HOST_NAMES.includes(name);
}

/**
 * The host names a dashboard answers to: the loopback names plus `extra`, or undefined (any host)
 * for `'*'`. Names are compared without port and case; an IPv6 address may be given with or
 * without brackets. Throws on an entry that is not a bare host name (a port, a scheme, a path or
 * a partial wildcard would silently never match); `option` names the setting in that error.
 */
export function dashboardAllowedHosts(
  extra: readonly string[] | '*' | undefined,
  option = "the dashboard's allowedHosts",
): readonly string[] | undefined {
  if (extra === '*') return undefined;
  if (extra !== undefined && !Array.isArray(extra)) {
    throw new Error(`${option} must be a list of host names or '*'.`);
  }
  if (extra?.includes('*')) return undefined;
  const names = new Set(LOOPBACK_HOST_NAMES);
  for (const entry of extra ?? []) names.add(hostName(entry, option));
  return [...names];
}

function hostName(entry: unknown, option: string): string {
  const invalid = () =>
    new Error(
      `${option} entry '${String(entry)}' is not a host name: give names ` +
        `such as 'admin.example.com' or '10.0.0.5', without scheme, port or path ('*' alone ` +
        `allows every host).`,
    );
  if (typeof entry !== 'string') throw invalid();
  let text = entry.trim().toLowerCase();
  if (text.includes(':') && !text.startsWith('[')) text = `[${text}]`; // a bare IPv6 address
  if (text === '' || /[*/@?#\\]/.test(text)) throw invalid();
  let url: URL;
  try {
    url = new URL(`http://${text}`);
  } catch {
    throw invalid();
  }
  if (url.port !== '' || url.pathname !== '/') throw invalid();
  // The URL parser's form: what `isAllowedHost` makes of a Host header too (IDN → punycode).
  return url.hostname;
}

/**
 * Whether the request's Host header names one of `allowedHosts`, on any port (or a
 * `*.localhost` name when `localhost` is allowed: those resolve to loopback too).
 */
export function isAllowedHost(req: IncomingMessage, allowedHosts: readonly string[]): boolean {
  const host = header(req, 'host') ?? header(req, ':authority');
  // Only a name and a port: what a browser sends (anything else is not a rebinding page).
  if (host === undefined || /[@/\\?#]/.test(host)) return false;
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
