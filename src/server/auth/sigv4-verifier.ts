import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { SqsAuthErrors } from './sqs-auth-errors';

/** An access key the server accepts. */
export interface SqsServerCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** What the verifier reads from a request. */
export interface SignedRequestParts {
  readonly method: string;
  /** The request target as sent: path and query, still percent-encoded. */
  readonly target: string;
  /** Node's `rawHeaders`: name, value, name, value… (repeated headers kept apart). */
  readonly rawHeaders: readonly string[];
  /** The body, already read (within the server's size bound). */
  readonly body: Uint8Array;
}

/** Options of {@link SigV4Verifier}. */
export interface SigV4VerifierOptions {
  /** The server's idea of now, in epoch ms. Default `Date.now` (never the emulator's clock). */
  readonly now?: () => number;
  /** How far a request's date may be from now, as on AWS. Default 15 minutes. */
  readonly maxSkewMs?: number;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const HEX_SIGNATURE = /^[0-9a-f]{64}$/;
const MAX_PRESIGNED_SECONDS = 7 * 24 * 3600;

/** The signature fields of a request, from its Authorization header or its query (presigned). */
interface SignatureFields {
  readonly accessKeyId: string;
  readonly scope: string;
  readonly scopeDate: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
  readonly amzDate: string;
  readonly presigned: boolean;
  readonly expiresSeconds?: number;
}

/**
 * Verifies AWS Signature Version 4 on each request, as SQS does: the access key must be one of
 * the configured ones, the request's date within 15 minutes of now, and the signature the one
 * computed from the canonical request with that key's secret. Both the `Authorization` header and
 * presigned query parameters (`X-Amz-Signature`) are understood. Failures throw SQS's errors:
 * `InvalidClientTokenId` for an unknown key, `SignatureDoesNotMatch` for a wrong signature or a
 * skewed clock, `MissingAuthenticationToken`, `IncompleteSignature`.
 *
 * The body is hashed once it has been read, so the server's body bound is the only buffering.
 */
export class SigV4Verifier {
  private readonly secrets = new Map<string, string>();
  private readonly now: () => number;
  private readonly maxSkewMs: number;

  constructor(credentials: readonly SqsServerCredentials[], options: SigV4VerifierOptions = {}) {
    for (const c of credentials) this.secrets.set(c.accessKeyId, c.secretAccessKey);
    this.now = options.now ?? Date.now;
    this.maxSkewMs = options.maxSkewMs ?? 15 * 60_000;
  }

  /** Throws an `SqsAuthError` unless the request is signed with a configured key. */
  verify(request: SignedRequestParts): void {
    const headers = headerMap(request.rawHeaders);
    const q = request.target.indexOf('?');
    const path = q < 0 ? request.target : request.target.slice(0, q);
    const query = parseQuery(q < 0 ? '' : request.target.slice(q + 1));
    const fields = signatureFields(headers, query);
    const secret = this.secrets.get(fields.accessKeyId);
    if (secret === undefined) throw SqsAuthErrors.unknownAccessKey();
    this.checkDate(fields);

    const payloadHash = payloadHashOf(headers, request.body);
    const canonicalQuery = canonicalQueryOf(query, fields.presigned);
    const canonicalHeaders = fields.signedHeaders
      .map((name) => `${name}:${headers.get(name)?.join(',') ?? ''}\n`)
      .join('');
    const key = signingKey(secret, fields.scopeDate, fields.region, fields.service);
    const given = Buffer.from(fields.signature, 'hex');
    // Clients differ on whether the path is encoded once or twice (SigV4 says twice, except S3);
    // for SQS paths (`/`, `/<account>/<queue>`) both are the same, and either is accepted.
    for (const uri of canonicalUris(path)) {
      const canonicalRequest = [
        request.method,
        uri,
        canonicalQuery,
        canonicalHeaders,
        fields.signedHeaders.join(';'),
        payloadHash,
      ].join('\n');
      const stringToSign = [ALGORITHM, fields.amzDate, fields.scope, sha256Hex(canonicalRequest)];
      const expected = hmac(key, stringToSign.join('\n'));
      if (expected.length === given.length && timingSafeEqual(expected, given)) return;
    }
    throw SqsAuthErrors.signatureDoesNotMatch();
  }

  private checkDate(fields: SignatureFields): void {
    const signedAt = parseAmzDate(fields.amzDate);
    if (signedAt === undefined) {
      throw SqsAuthErrors.incomplete(
        `Date must be in ISO-8601 'basic format'. Got '${fields.amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601`,
      );
    }
    if (fields.amzDate.slice(0, 8) !== fields.scopeDate) {
      throw SqsAuthErrors.skewed(
        `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${fields.scopeDate}' != '${fields.amzDate.slice(0, 8)}', from '${fields.amzDate}'.`,
      );
    }
    const now = this.now();
    if (fields.presigned) {
      const expires = fields.expiresSeconds ?? MAX_PRESIGNED_SECONDS;
      if (now > signedAt + expires * 1000) throw SqsAuthErrors.presignedExpired();
    } else if (signedAt < now - this.maxSkewMs) {
      throw SqsAuthErrors.skewed(
        `Signature expired: ${fields.amzDate} is now earlier than ${amzDateOf(now - this.maxSkewMs)} (${amzDateOf(now)} - 15 min.)`,
      );
    }
    if (signedAt > now + this.maxSkewMs) {
      throw SqsAuthErrors.skewed(
        `Signature not yet current: ${fields.amzDate} is still later than ${amzDateOf(now + this.maxSkewMs)} (${amzDateOf(now)} + 15 min.)`,
      );
    }
  }
}

// ---- reading the request -------------------------------------------------------------------------

/** Lower-case header name → its values, each trimmed with inner runs of spaces collapsed. */
function headerMap(raw: readonly string[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    const value = raw[i + 1].trim().replace(/\s+/g, ' ');
    const values = map.get(name);
    if (values) values.push(value);
    else map.set(name, [value]);
  }
  return map;
}

/** Query parameters as decoded name/value pairs, in the order sent. */
function parseQuery(query: string): [string, string][] {
  const out: [string, string][] = [];
  if (query === '') return out;
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    out.push([decode(name), decode(value)]);
  }
  return out;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function signatureFields(
  headers: Map<string, string[]>,
  query: readonly [string, string][],
): SignatureFields {
  const authorization = headers.get('authorization')?.[0];
  if (authorization !== undefined) {
    const amzDate = headers.get('x-amz-date')?.[0] ?? dateHeaderAsAmz(headers.get('date')?.[0]);
    return fromAuthorization(authorization, amzDate);
  }
  const param = (name: string): string | undefined => query.find(([k]) => k === name)?.[1];
  const algorithm = param('X-Amz-Algorithm');
  if (algorithm === undefined) throw SqsAuthErrors.missingToken();
  if (algorithm !== ALGORITHM) {
    throw SqsAuthErrors.incomplete(`Unsupported AWS 'algorithm': '${algorithm}'.`);
  }
  const missing = ['X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date']
    .filter((name) => param(name) === undefined)
    .map((name) => `AWS query-string parameters must include '${name}'.`);
  if (missing.length > 0) throw SqsAuthErrors.incomplete(missing.join(' '));
  const expires = param('X-Amz-Expires');
  const expiresSeconds = expires === undefined ? undefined : Number(expires);
  if (
    expiresSeconds !== undefined &&
    !(
      Number.isInteger(expiresSeconds) &&
      expiresSeconds >= 0 &&
      expiresSeconds <= MAX_PRESIGNED_SECONDS
    )
  ) {
    throw SqsAuthErrors.incomplete(`X-Amz-Expires must be an integer from 0 to 604800.`);
  }
  return {
    ...credentialScope(param('X-Amz-Credential') as string),
    signedHeaders: (param('X-Amz-SignedHeaders') as string).split(';'),
    signature: checkedSignature(param('X-Amz-Signature') as string),
    amzDate: param('X-Amz-Date') as string,
    presigned: true,
    expiresSeconds,
  };
}

function fromAuthorization(header: string, amzDate: string | undefined): SignatureFields {
  const space = header.indexOf(' ');
  const algorithm = space < 0 ? header : header.slice(0, space);
  if (algorithm !== ALGORITHM) {
    throw SqsAuthErrors.incomplete(`Unsupported AWS 'algorithm': '${algorithm}'.`);
  }
  const parts = new Map<string, string>();
  for (const part of header.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) parts.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const problems: string[] = [];
  for (const name of ['Credential', 'Signature', 'SignedHeaders']) {
    if (!parts.get(name)) problems.push(`Authorization header requires '${name}' parameter.`);
  }
  if (amzDate === undefined) {
    problems.push(
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    );
  }
  if (problems.length > 0) throw SqsAuthErrors.incomplete(problems.join(' '));
  return {
    ...credentialScope(parts.get('Credential') as string),
    signedHeaders: (parts.get('SignedHeaders') as string).split(';'),
    signature: checkedSignature(parts.get('Signature') as string),
    amzDate: amzDate as string,
    presigned: false,
  };
}

/** `AKID/20260101/us-east-1/sqs/aws4_request` → its parts. */
function credentialScope(
  credential: string,
): Pick<SignatureFields, 'accessKeyId' | 'scope' | 'scopeDate' | 'region' | 'service'> {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request' || !/^\d{8}$/.test(parts[1])) {
    throw SqsAuthErrors.incomplete(
      `Credential should be scoped to a valid region, service and date: '<key>/<YYYYMMDD>/<region>/<service>/aws4_request'.`,
    );
  }
  const [accessKeyId, scopeDate, region, service] = parts;
  return { accessKeyId, scope: parts.slice(1).join('/'), scopeDate, region, service };
}

function checkedSignature(signature: string): string {
  // Anything but 64 hex digits cannot match; say so the way a mismatch does.
  if (!HEX_SIGNATURE.test(signature)) throw SqsAuthErrors.signatureDoesNotMatch();
  return signature;
}

// ---- canonical request ---------------------------------------------------------------------------

/** RFC 3986 percent-encoding: everything but A–Z a–z 0–9 - _ . ~ */
function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The canonical URI, encoded twice (the SigV4 rule) and, if different, once. */
function canonicalUris(rawPath: string): string[] {
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && rawPath.endsWith('/') ? '/' : '';
  const normalized = `/${segments.join('/')}${trailing}`;
  const twice = escapeUri(normalized).replace(/%2F/g, '/');
  const once = escapeUri(decode(normalized)).replace(/%2F/g, '/');
  return twice === once ? [twice] : [twice, once];
}

function canonicalQueryOf(query: readonly [string, string][], presigned: boolean): string {
  return query
    .filter(([name]) => !(presigned && name === 'X-Amz-Signature'))
    .map(([name, value]) => [escapeUri(name), escapeUri(value)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

function payloadHashOf(headers: Map<string, string[]>, body: Uint8Array): string {
  const declared = headers.get('x-amz-content-sha256')?.[0];
  if (declared === 'UNSIGNED-PAYLOAD') return declared;
  const actual = createHash('sha256').update(body).digest('hex');
  if (declared !== undefined && declared !== actual) throw SqsAuthErrors.signatureDoesNotMatch();
  return actual;
}

// ---- crypto and dates ----------------------------------------------------------------------------

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function hmac(key: Buffer | string, text: string): Buffer {
  return createHmac('sha256', key).update(text, 'utf8').digest();
}

function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
}

function parseAmzDate(text: string): number | undefined {
  const m = AMZ_DATE.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  return Number.isFinite(ms) ? ms : undefined;
}

function amzDateOf(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** An HTTP `Date` header (RFC 1123) as an ISO-8601 basic date, for clients that send no X-Amz-Date. */
function dateHeaderAsAmz(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? amzDateOf(ms) : value;
}
