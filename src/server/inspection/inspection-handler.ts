import type { MessageAttributeValue } from '@aws-sdk/client-sqs';
import { isSqsError } from '../../emulator/errors/sqs-error';
import type { PeekedMessage, PeekState } from '../../emulator/inspection';
import type { SqsEmulator } from '../../emulator/sqs-emulator';
import type { WireResponse } from '../http/wire-response.interface';
import { encodeBase64 } from '../protocols/base64';
import { defineOwn } from '../protocols/own-properties';

/** Where the inspection API lives: outside any path SQS uses. */
export const INSPECTION_PREFIX = '/_emulator';

const PEEK_STATES: readonly PeekState[] = ['visible', 'inflight', 'delayed'];
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 10_000;

/** Whether a request path belongs to the inspection API. */
export function isInspectionPath(pathname: string): boolean {
  return pathname === INSPECTION_PREFIX || pathname.startsWith(`${INSPECTION_PREFIX}/`);
}

class InspectionError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function json(status: number, body: unknown): WireResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    body: JSON.stringify(body),
  };
}

/** An error of the inspection API (or of the checks in front of it): `{ error: { code, message } }`. */
export function inspectionError(
  status: number,
  code: string,
  message: string,
  headers: Readonly<Record<string, string>> = {},
): WireResponse {
  const response = json(status, { error: { code, message } });
  return { ...response, headers: { ...response.headers, ...headers } };
}

/** Whether a path is the health check, which shows no queue and stays open to health probes. */
export function isHealthPath(pathname: string): boolean {
  return pathname === `${INSPECTION_PREFIX}/health`;
}

/**
 * The read-only inspection API (not SQS): queues with their counts, and their messages by state,
 * without receiving them (no receive count, visibility or timestamp changes).
 *
 * - `GET /_emulator/health` → `{ status: "ok" }`
 * - `GET /_emulator/queues` → `{ queues: (QueueSummary & { pendingReceives })[] }`
 * - `GET /_emulator/queues/<name>` → one of those (`pendingReceives`: open long polls)
 * - `GET /_emulator/queues/<name>/messages?state=visible,inflight,delayed&limit=100`
 * - `GET /_emulator/queues/<name>/dead-letters?limit=100` → the messages in its dead-letter queue
 */
export function handleInspection(
  emulator: SqsEmulator,
  method: string,
  url: URL,
  baseUrl: string,
): WireResponse {
  try {
    if (method !== 'GET' && method !== 'HEAD') {
      throw new InspectionError(
        405,
        'MethodNotAllowed',
        'The inspection API is read-only: use GET.',
      );
    }
    const parts = url.pathname
      .slice(INSPECTION_PREFIX.length)
      .split('/')
      .filter((p) => p !== '')
      .map(decodePart);
    if (parts.length === 1 && parts[0] === 'health') return json(200, { status: 'ok' });
    if (parts[0] !== 'queues' || parts.length > 3) throw notFound(url.pathname);
    const queues = emulator
      .inspectQueues({ baseUrl })
      .map((q) => ({ ...q, pendingReceives: emulator.pendingReceives(q.url) }));
    if (parts.length === 1) return json(200, { queues });
    const summary = queues.find((q) => q.name === parts[1]);
    if (!summary)
      throw new InspectionError(404, 'QueueDoesNotExist', `No queue named ${parts[1]}.`);
    if (parts.length === 2) return json(200, summary);
    const limit = parseLimit(url.searchParams.get('limit'));
    if (parts[2] === 'messages') {
      const states = parseStates(url.searchParams.get('state') ?? url.searchParams.get('states'));
      const messages = emulator.peekMessages(summary.name, { states, limit }).map(toJson);
      return json(200, { queue: summary.name, messages });
    }
    if (parts[2] === 'dead-letters') {
      const arn = summary.deadLetterTargetArn;
      if (!arn) {
        throw new InspectionError(
          404,
          'NoDeadLetterQueue',
          `Queue ${summary.name} has no dead-letter queue.`,
        );
      }
      const deadLetterQueue = arn.slice(arn.lastIndexOf(':') + 1);
      const messages = emulator.peekMessages(deadLetterQueue, { limit }).map(toJson);
      return json(200, { queue: summary.name, deadLetterQueue, messages });
    }
    throw notFound(url.pathname);
  } catch (e) {
    if (e instanceof InspectionError) {
      return json(e.status, { error: { code: e.code, message: e.message } });
    }
    if (isSqsError(e)) {
      const status = e.name === 'QueueDoesNotExist' ? 404 : 400;
      return json(status, { error: { code: e.name, message: e.message } });
    }
    throw e;
  }
}

function notFound(path: string): InspectionError {
  return new InspectionError(404, 'NotFound', `Unknown inspection path ${path}.`);
}

function decodePart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new InspectionError(400, 'BadRequest', 'Malformed percent-encoding in the path.');
  }
}

function parseLimit(text: string | null): number {
  if (text === null) return DEFAULT_LIMIT;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) {
    throw new InspectionError(
      400,
      'BadRequest',
      `limit must be an integer from 1 to ${MAX_LIMIT}.`,
    );
  }
  return n;
}

function parseStates(text: string | null): PeekState[] | undefined {
  if (text === null || text === '') return undefined;
  const states = text.split(',').map((s) => s.trim());
  for (const s of states) {
    if (!(PEEK_STATES as readonly string[]).includes(s)) {
      throw new InspectionError(
        400,
        'BadRequest',
        `Unknown state "${s}"; use ${PEEK_STATES.join(', ')}.`,
      );
    }
  }
  return states as PeekState[];
}

/** A peeked message as JSON: binary attribute values in base64. */
function toJson(message: PeekedMessage): Record<string, unknown> {
  const attributes = message.messageAttributes;
  if (!attributes) return { ...message };
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(attributes)) {
    defineOwn(out, name, attributeToJson(value));
  }
  return { ...message, messageAttributes: out };
}

function attributeToJson(value: MessageAttributeValue): Record<string, unknown> {
  const out: Record<string, unknown> = { DataType: value.DataType };
  if (value.StringValue !== undefined) out.StringValue = value.StringValue;
  if (value.BinaryValue !== undefined) out.BinaryValue = encodeBase64(value.BinaryValue);
  return out;
}
