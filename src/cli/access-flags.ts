import { serverAllowedHosts, serverAllowedOrigins } from '../server/auth/access-policy';

/** `--allowed-hosts` and `--allowed-origins`, as the server takes them. */
export interface AccessFlags {
  readonly allowedHosts?: readonly string[] | '*';
  readonly allowedOrigins?: readonly string[];
}

/**
 * Reads the values of `--allowed-hosts` and `--allowed-origins` (each repeatable, each value a
 * comma-separated list; `*` among the hosts answers any name). Throws an Error naming the bad
 * entry, checked as the server checks it.
 */
export function readAccessFlags(
  hosts: readonly string[] | undefined,
  origins: readonly string[] | undefined,
): AccessFlags {
  const hostList = splitList(hosts);
  const originList = splitList(origins);
  const allowedHosts = hostList?.includes('*') ? '*' : hostList;
  // The server's own checks, so that a bad entry is a usage error before anything starts.
  serverAllowedHosts('0.0.0.0', undefined, allowedHosts);
  serverAllowedOrigins(originList);
  return {
    ...(allowedHosts !== undefined ? { allowedHosts } : {}),
    ...(originList !== undefined ? { allowedOrigins: originList } : {}),
  };
}

function splitList(values: readonly string[] | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  return values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}
