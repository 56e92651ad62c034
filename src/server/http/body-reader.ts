import type { IncomingMessage } from 'node:http';

/**
 * The default bound on a request body. The largest legal SQS request is a 1 MiB batch; on the
 * wire it grows by JSON/XML overhead, by base64 for binary attributes (×4/3) and, in the query
 * protocol, by percent-encoding, which turns each non-ASCII UTF-8 byte into three characters. So
 * a legal batch of non-ASCII text can reach about 3 MiB as a form body: 4 MiB leaves room for that
 * and still refuses anything far outside SQS's limits.
 */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Raised when a body is (or announces itself as) longer than the bound. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Request body is longer than ${limit} bytes.`);
    this.name = 'BodyTooLargeError';
  }
}

/** Raised when the client goes away before the body is complete. */
export class BodyAbortedError extends Error {
  constructor() {
    super('The client closed the connection before sending the whole body.');
    this.name = 'BodyAbortedError';
  }
}

/** The announced Content-Length, or undefined (chunked or absent). */
export function declaredLength(req: IncomingMessage): number | undefined {
  const header = req.headers['content-length'];
  if (header === undefined) return undefined;
  const n = Number(header);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/**
 * Reads a request body up to `limit` bytes. A Content-Length over the limit is refused before a
 * byte is read; a chunked body stops being kept as soon as it passes the limit. Either way the
 * promise rejects with {@link BodyTooLargeError} and the caller decides what to do with the rest.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const announced = declaredLength(req);
    if (announced !== undefined && announced > limit) {
      reject(new BodyTooLargeError(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      cleanup();
      reject(error);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        fail(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      if (settled) return;
      settled = true;
      cleanup();
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    };
    const onError = (): void => fail(new BodyAbortedError());
    const onClose = (): void => {
      if (!req.complete) fail(new BodyAbortedError());
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/**
 * Reads and throws away what is left of a refused body, so the client (which may still be
 * sending) gets to read the error instead of a connection reset; gives up after `maxBytes` or
 * `maxMs`, destroying the connection.
 */
export function discardRest(req: IncomingMessage, maxBytes: number, maxMs: number): void {
  let seen = 0;
  const timer = setTimeout(() => req.socket.destroy(), maxMs);
  timer.unref();
  const done = (): void => clearTimeout(timer);
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > maxBytes) {
      done();
      req.socket.destroy();
    }
  });
  req.once('end', done);
  req.once('close', done);
  req.on('error', done);
  req.resume();
}
