const SEGMENT = /^[A-Za-z0-9._~-]+$/;

/**
 * A dashboard path in canonical form: a leading slash, no trailing slash, `''` for the root.
 * Only unreserved URL characters are allowed, so the path means the same to Express's and
 * Fastify's routers and needs no escaping in the page.
 */
export function normalizeDashboardPath(path: string): string {
  if (typeof path !== 'string') throw new Error(`the dashboard path must be a string.`);
  const segments = path.split('/').filter((s) => s !== '');
  for (const segment of segments) {
    if (!SEGMENT.test(segment) || segment === '.' || segment === '..') {
      throw new Error(
        `the dashboard path '${path}' may only use letters, digits and . _ ~ - between slashes.`,
      );
    }
  }
  return segments.length === 0 ? '' : `/${segments.join('/')}`;
}
