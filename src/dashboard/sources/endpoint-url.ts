/**
 * The URL of an SDK `endpoint` setting, in any of the forms `SQSClientConfig` and a resolved
 * client config use: a string, a `URL`, `{ url }` (EndpointV2), `{ protocol, hostname, port,
 * path }`, or a provider function of one of those. Undefined when there is none.
 */
export async function endpointUrl(value: unknown): Promise<string | undefined> {
  try {
    const resolved: unknown =
      typeof value === 'function' ? await (value as () => unknown)() : value;
    if (typeof resolved === 'string') return resolved;
    if (resolved instanceof URL) return resolved.href;
    if (typeof resolved !== 'object' || resolved === null) return undefined;
    const endpoint = resolved as {
      url?: unknown;
      protocol?: unknown;
      hostname?: unknown;
      port?: unknown;
      path?: unknown;
    };
    if (endpoint.url instanceof URL || typeof endpoint.url === 'string') {
      return String(endpoint.url);
    }
    if (typeof endpoint.hostname !== 'string') return undefined;
    const protocol = typeof endpoint.protocol === 'string' ? endpoint.protocol : 'https:';
    const port = endpoint.port === undefined ? '' : `:${String(endpoint.port)}`;
    const path = typeof endpoint.path === 'string' ? endpoint.path : '';
    return `${protocol.replace(/:?$/, ':')}//${endpoint.hostname}${port}${path}`;
  } catch {
    return undefined;
  }
}
