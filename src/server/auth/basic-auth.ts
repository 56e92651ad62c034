import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { SqsServerCredentials } from './sigv4-verifier';

/** The challenge that makes a browser ask for a user name (the access key id) and password. */
export const BASIC_CHALLENGE = 'Basic realm="SQS emulator", charset="UTF-8"';

/**
 * HTTP Basic with the server's own access keys: user name = access key id, password = secret.
 * It is how a browser, which cannot sign with SigV4, reaches the dashboard and the inspection API
 * of a server started with credentials; the browser asks once and resends them on every request
 * to the same origin (page, fetches and event stream alike).
 */
export class BasicAuth {
  private readonly digests: readonly Buffer[];

  constructor(credentials: readonly SqsServerCredentials[]) {
    this.digests = credentials.map((c) => digest(`${c.accessKeyId}:${c.secretAccessKey}`));
  }

  /** Whether the request carries Basic credentials. */
  static isPresent(req: IncomingMessage): boolean {
    return /^basic\s/i.test(authorization(req) ?? '');
  }

  /** Whether the request's Basic credentials are one of the configured keys. */
  accepts(req: IncomingMessage): boolean {
    const match = /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization(req) ?? '');
    if (!match) return false;
    // Hashing first gives equal lengths, so the comparison takes the same time whatever was sent.
    const given = digest(Buffer.from(match[1], 'base64').toString('utf8'));
    let found = false;
    for (const d of this.digests) found = timingSafeEqual(d, given) || found;
    return found;
  }
}

function authorization(req: IncomingMessage): string | undefined {
  const value = req.headers.authorization;
  return Array.isArray(value) ? value[0] : value;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
