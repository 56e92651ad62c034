/**
 * The API client: the dashboard's JSON routes (sqs-dashboard.ts), typed with the shapes the
 * server builds them from. Reads are GETs; actions are JSON POSTs to the same origin.
 */
import type { DashboardMessagesView, DashboardState } from '../dashboard-views.interface';
import { DASHBOARD_JSON_TYPE } from '../http/dashboard-json-type';
import { base } from './config';

/** A message attribute as the send form gives it. */
export interface AttributeInput {
  readonly type: string;
  readonly value: string;
}

export interface SendInput {
  readonly queue: string;
  readonly body: string;
  readonly attributes: Readonly<Record<string, AttributeInput>>;
  readonly groupId?: string;
  readonly deduplicationId?: string;
  readonly delaySeconds?: number;
}

export interface RedriveInput {
  readonly queue: string;
  readonly destination?: string;
  readonly rate?: number;
}

/** How many messages a peek shows. */
const PEEK_LIMIT = 50;

export const api = {
  state: () => request<DashboardState>('state'),
  messages: (queue: string) =>
    request<DashboardMessagesView>(
      'messages?queue=' + encodeURIComponent(queue) + '&limit=' + PEEK_LIMIT,
    ),
  send: (input: SendInput) => request<{ readonly messageId: string }>('send', input),
  redrive: (input: RedriveInput) => request<{ readonly taskHandle: string }>('redrive', input),
  cancelRedrive: (taskHandle: string | undefined) =>
    request<{ readonly moved: number }>('redrive/cancel', { taskHandle }),
  deleteMessage: (queue: string, messageId: string) =>
    request<{ readonly deleted: true }>('messages/delete', { queue, messageId }),
  purge: (queue: string, confirm: string) =>
    request<{ readonly purged: true }>('purge', { queue, confirm }),
  consumer: (verb: 'start' | 'stop', queue: string) =>
    request<{ readonly ok: true }>('consumers/' + verb, { queue }),
};

/** The URL of the live state (server-sent events of type `state`). */
export const EVENTS_URL = base + '/api/events';

/** The data of a `state` event: the overview, as `GET api/state` answers it. */
export function parseState(data: string): DashboardState {
  // Sent by this package's own server, from the type named here.
  return JSON.parse(data) as DashboardState;
}

/**
 * A GET, or a POST of `payload`. Resolves to the answer's JSON; rejects with the server's error
 * message (`{ error: { message } }`) or the HTTP status.
 */
async function request<T>(path: string, payload?: object): Promise<T> {
  const init: RequestInit =
    payload === undefined
      ? { headers: { accept: 'application/json' } }
      : {
          method: 'POST',
          // Not application/json: the app's body parser would take it first, with its own
          // size limit (100 KB in Express), below what SQS accepts.
          headers: { 'content-type': DASHBOARD_JSON_TYPE, accept: 'application/json' },
          body: JSON.stringify(payload),
        };
  const res = await fetch(base + '/api/' + path, init);
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) throw new Error(errorMessage(data) ?? 'HTTP ' + res.status);
  // The answer of this package's own server, built from the types named above.
  return data as T;
}

function errorMessage(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || !('error' in data)) return undefined;
  const error: unknown = data.error;
  if (typeof error !== 'object' || error === null || !('message' in error)) return undefined;
  return String(error.message);
}
