import type { IncomingMessage } from 'node:http';
import { dashboardAllowedHosts, isAllowedHost } from '../../dashboard/http/allowed-hosts';
import { header, isSameOrigin } from '../../dashboard/http/same-origin';

const HOSTS_OPTION = 'allowedHosts (--allowed-hosts)';
const ORIGINS_OPTION = 'allowedOrigins (--allowed-origins)';
// Refusals quote what the client sent; a header can be long, an error message need not be.
const MAX_QUOTED = 200;

/**
 * The host names a server answers to: the loopback names, the address it listens on (unless a
 * wildcard: 0.0.0.0 is no name a client uses), its base URL's name and `configured`; undefined
 * (any name) when `configured` is or holds `'*'`. Throws on an entry that is not a host name.
 */
export function serverAllowedHosts(
  listenHost: string,
  baseUrl: string | undefined,
  configured: readonly string[] | '*' | undefined,
): readonly string[] | undefined {
  if (configured === '*') return undefined;
  const own: string[] = [];
  // An IPv6 zone id (`fe80::1%eth0`) is no name a browser sends.
  if (!isWildcardAddress(listenHost) && !listenHost.includes('%')) own.push(listenHost);
  if (baseUrl !== undefined && URL.canParse(baseUrl)) own.push(new URL(baseUrl).hostname);
  if (configured !== undefined && !Array.isArray(configured)) {
    throw new Error(`${HOSTS_OPTION} must be a list of host names or '*'.`);
  }
  return dashboardAllowedHosts([...own, ...(configured ?? [])], HOSTS_OPTION);
}

/**
 * Origins as browsers send them in `Origin` (`https://admin.example.com`: lower case, no default
 * port, no path). Throws on an entry that is not an http(s) origin.
 */
export function serverAllowedOrigins(configured: readonly string[] | undefined): string[] {
  return (configured ?? []).map((entry) => {
    const invalid = new Error(
      `${ORIGINS_OPTION} entry '${String(entry)}' is not an origin: give scheme, host and ` +
        `port only, such as 'https://admin.example.com' or 'http://localhost:3000'.`,
    );
    if (typeof entry !== 'string' || !URL.canParse(entry.trim())) throw invalid;
    const url = new URL(entry.trim());
    const bare = url.pathname === '/' && url.search === '' && url.hash === '';
    if (!bare || url.username !== '' || !/^https?:$/.test(url.protocol)) throw invalid;
    return url.origin;
  });
}

/**
 * Who may talk to a server that a developer leaves running beside a browser. Two checks, before
 * a request is read:
 *
 * - **Host**: the request must name one of the allowed host names. A web page that re-points its
 *   own name at 127.0.0.1 (DNS rebinding) becomes same-origin with the server in the browser's
 *   eyes, but still sends its own name in `Host`.
 * - **Site**: a browser marks where a request comes from; SDKs, the aws CLI and curl send neither
 *   header. A request whose `Origin` is neither the server's own (the `Host` it addressed) nor an
 *   allowed origin, or that has no `Origin` (an image, a link) and a `Sec-Fetch-Site` of
 *   `cross-site` or `same-site` (another port of localhost is another application), is refused:
 *   otherwise any page could delete queues with a form or an image. `none` (an address typed by
 *   the user) and `same-origin` pass. It is the dashboard's rule for its actions
 *   (`isSameOrigin`), applied to every route.
 *
 * No CORS header is ever sent, so no other origin can read an answer either.
 */
export class AccessPolicy {
  constructor(
    /** Host names answered; undefined: any. */
    readonly allowedHosts: readonly string[] | undefined,
    /** Origins (as browsers send them) answered besides the server's own. */
    readonly allowedOrigins: readonly string[],
  ) {}

  /** Why the request's `Host` is refused, or undefined when it is allowed. */
  hostRefusal(req: IncomingMessage): string | undefined {
    if (this.allowedHosts === undefined || isAllowedHost(req, this.allowedHosts)) return undefined;
    return (
      `This emulator does not answer to the host ${quote(header(req, 'host'))}: only to ` +
      `loopback names, the address it listens on, its base URL's name and the names given ` +
      `with ${HOSTS_OPTION}, so that another web site cannot reach it by pointing its own ` +
      `name at this machine (DNS rebinding).`
    );
  }

  /** Why the request is refused as coming from another site, or undefined. */
  siteRefusal(req: IncomingMessage): string | undefined {
    // The dashboard's own rule for its actions: one rule for every route of the server.
    if (isSameOrigin(req, this.allowedOrigins)) return undefined;
    const origin = header(req, 'origin');
    const from =
      origin !== undefined
        ? `origin ${quote(origin)}`
        : `Sec-Fetch-Site: ${quote(header(req, 'sec-fetch-site'))}`;
    return (
      `The request comes from another site (${from}); a browser page may use this emulator ` +
      `only from its own origin or from one given with ${ORIGINS_OPTION}.`
    );
  }
}

/** A listen address meaning every interface. */
export function isWildcardAddress(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '';
}

function quote(value: string | undefined): string {
  return JSON.stringify((value ?? '').slice(0, MAX_QUOTED));
}
