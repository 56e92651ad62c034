import type { IncomingMessage } from 'node:http';
import { badRequest, DashboardError } from '../dashboard.error';

/** Largest request body read: a 1 MiB message body, JSON-escaped, with room to spare. */
export const MAX_DASHBOARD_BODY_BYTES = 4 * 1024 * 1024;

/**
 * The JSON object a POST carries. The page sends it as {@link DASHBOARD_JSON_TYPE}, which the
 * app's body parsers leave alone, so it is read here from the stream, up to
 * {@link MAX_DASHBOARD_BODY_BYTES} (an app's JSON parser would stop at its own limit: 100 KB in
 * Express, below what SQS accepts). A body a framework did parse (`application/json` from
 * another client) is `parsed`: an object, or the text or bytes of a catch-all parser.
 */
export async function readJsonBody(
  req: IncomingMessage,
  parsed: unknown,
): Promise<Record<string, unknown>> {
  let value: unknown = parsed;
  if (typeof parsed === 'string' || Buffer.isBuffer(parsed)) {
    value = parseJson(parsed.toString());
  } else if (!req.readableEnded) {
    // Not read by anyone yet. (Express 4's parsers set `req.body = {}` even for a body they
    // skip, so an object here does not mean the body was parsed.)
    value = parseJson(await readStream(req));
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest('The request body must be a JSON object.');
  }
  return value as Record<string, unknown>;
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('The request body is not valid JSON.');
  }
}

const tooLarge = () =>
  new DashboardError(
    413,
    'RequestTooLarge',
    `The request body is larger than ${MAX_DASHBOARD_BODY_BYTES / 1024 / 1024} MiB.`,
  );

async function readStream(req: IncomingMessage): Promise<string> {
  // Refused before reading, so the answer is not lost to a half-read upload.
  if (Number(req.headers['content-length']) > MAX_DASHBOARD_BODY_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_DASHBOARD_BODY_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A required string field. */
export function requiredString(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value === '') throw badRequest(`'${name}' is required.`);
  return value;
}

/** An optional string field ('' counts as absent). */
export function optionalString(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw badRequest(`'${name}' must be a string.`);
  return value;
}

/** An optional integer field within a range. */
export function optionalInteger(
  body: Record<string, unknown>,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const value = body[name];
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw badRequest(`'${name}' must be an integer from ${min} to ${max}.`);
  }
  return n;
}
