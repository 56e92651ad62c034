/**
 * The media type of the page's action bodies: JSON, under a name that applications' body parsers
 * (Express's, Fastify's, each with its own size limit) do not take for theirs, so the dashboard
 * reads the body itself. Like `application/json`, it is not a type a cross-site form or a
 * "simple" cross-origin fetch can send.
 *
 * Alone in a file with no import: the page's script (src/dashboard/browser/, built for the
 * browser) imports it too, so both sides use the same name.
 */
export const DASHBOARD_JSON_TYPE = 'application/vnd.nestjs-sqs-kit.dashboard+json';
