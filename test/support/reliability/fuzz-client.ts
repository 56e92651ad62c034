import { request } from 'node:http';
import { connect } from 'node:net';
import type { FuzzRequest } from './request-fuzzer';

/** What came back for one fuzzed request. */
export interface FuzzOutcome {
  /** `response`: a full HTTP response; `closed`: the server ended the connection without one. */
  readonly type: 'response' | 'closed' | 'timeout';
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
  /** The raw bytes the server wrote, for socket requests. */
  readonly raw?: string;
}

const TIMEOUT_MS = 10_000;

/** Sends one fuzzed request the way its transport says, and reports what came back. */
export function sendFuzz(origin: string, req: FuzzRequest): Promise<FuzzOutcome> {
  const url = new URL(origin);
  if (req.transport === 'http') return overHttp(url, req);
  return overSocket(url, req);
}

function overHttp(url: URL, req: FuzzRequest): Promise<FuzzOutcome> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (outcome: FuzzOutcome): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const timer = setTimeout(() => {
      r.destroy();
      finish({ type: 'timeout', status: 0, headers: {}, body: '' });
    }, TIMEOUT_MS);
    const r = request(
      {
        host: url.hostname,
        port: url.port,
        method: req.method,
        path: req.path,
        headers: { ...req.headers, 'content-length': String(req.body.length) },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          finish({
            type: 'response',
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', () => finish({ type: 'closed', status: 0, headers: {}, body: '' }));
      },
    );
    // A server that refuses a body early may close while we still write: that is an answer too.
    r.on('error', () => finish({ type: 'closed', status: 0, headers: {}, body: '' }));
    r.end(req.body);
  });
}

/**
 * Raw bytes on a socket: for requests Node's HTTP client would not send (oversized headers,
 * broken request lines) and for clients that hang up mid-body.
 */
function overSocket(url: URL, req: FuzzRequest): Promise<FuzzOutcome> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (type: FuzzOutcome['type']): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const raw = Buffer.concat(chunks).toString('latin1');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1] ?? 0);
      resolve({ type: status ? 'response' : type, status, headers: {}, body: '', raw });
    };
    const timer = setTimeout(() => finish('timeout'), TIMEOUT_MS);
    const socket = connect(Number(url.port), url.hostname, () => {
      if (req.transport === 'hang-up') {
        const head =
          `${req.method} ${req.path} HTTP/1.1\r\nHost: ${url.host}\r\n` +
          Object.entries(req.headers)
            .map(([k, v]) => `${k}: ${v}\r\n`)
            .join('') +
          `Content-Length: ${req.body.length + 1000}\r\n\r\n`;
        socket.write(head);
        socket.end(req.body);
        return;
      }
      if (req.method === '') {
        socket.end(req.body);
        return;
      }
      const head =
        `${req.method} ${req.path} HTTP/1.1\r\nHost: ${url.host}\r\n` +
        Object.entries(req.headers)
          .map(([k, v]) => `${k}: ${v}\r\n`)
          .join('') +
        `Content-Length: ${req.body.length}\r\nConnection: close\r\n\r\n`;
      socket.write(head);
      socket.end(req.body);
    });
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => finish('closed'));
    socket.on('close', () => finish('closed'));
    socket.on('error', () => finish('closed'));
  });
}
