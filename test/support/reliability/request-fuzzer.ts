import { seededRandom } from '../../../src/backend/fault-injecting-sqs.backend';

/** How a generated request travels. */
export type FuzzTransport =
  /** A normal HTTP request; a complete response is expected. */
  | 'http'
  /** Headers announce more body than is sent, then the client hangs up: no response expected. */
  | 'hang-up'
  /** Bytes that are not (valid) HTTP, on a raw socket: Node's parser answers, if anything. */
  | 'socket';

/** One generated request. */
export interface FuzzRequest {
  /** What the generator meant to break, for the report. */
  readonly kind: string;
  readonly transport: FuzzTransport;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

const ACTIONS = [
  'CreateQueue',
  'GetQueueUrl',
  'ListQueues',
  'DeleteQueue',
  'GetQueueAttributes',
  'SetQueueAttributes',
  'SendMessage',
  'SendMessageBatch',
  'ReceiveMessage',
  'DeleteMessage',
  'DeleteMessageBatch',
  'ChangeMessageVisibility',
  'ChangeMessageVisibilityBatch',
  'PurgeQueue',
  'TagQueue',
  'UntagQueue',
  'ListQueueTags',
  'ListDeadLetterSourceQueues',
  'StartMessageMoveTask',
  'ListMessageMoveTasks',
  'CancelMessageMoveTask',
  'AddPermission',
  'RemovePermission',
];

/** Member names (JSON) of SQS requests, and a few that exist nowhere. */
const MEMBERS = [
  'QueueUrl',
  'QueueName',
  'QueueNamePrefix',
  'MessageBody',
  'DelaySeconds',
  'Attributes',
  'AttributeNames',
  'MessageAttributes',
  'MessageAttributeNames',
  'MessageSystemAttributes',
  'MessageSystemAttributeNames',
  'MessageGroupId',
  'MessageDeduplicationId',
  'MaxNumberOfMessages',
  'VisibilityTimeout',
  'WaitTimeSeconds',
  'ReceiptHandle',
  'ReceiveRequestAttemptId',
  'Entries',
  'Id',
  'tags',
  'Tags',
  'TagKeys',
  'MaxResults',
  'NextToken',
  'SourceArn',
  'DestinationArn',
  'MaxNumberOfMessagesPerSecond',
  'TaskHandle',
  'Label',
  'AWSAccountIds',
  'Actions',
  '__proto__',
  'constructor',
  'prototype',
];

/** Names an attacker would try as map keys. */
const EVIL_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', ''];

/** Generates seeded, mostly malformed SQS requests in both protocols. */
export class RequestFuzzer {
  private readonly random: () => number;

  constructor(
    seed: number,
    /** Origin of the server, for queue URLs that name real queues. */
    private readonly origin: string,
  ) {
    this.random = seededRandom(seed);
  }

  next(): FuzzRequest {
    const r = this.random();
    if (r < 0.3) return this.jsonRequest();
    if (r < 0.6) return this.queryRequest();
    if (r < 0.7) return this.randomBytes();
    if (r < 0.78) return this.truncated();
    if (r < 0.84) return this.hugeBatch();
    if (r < 0.88) return this.deepNesting();
    if (r < 0.92) return this.hugeHeaders();
    if (r < 0.96) return this.notHttp();
    return this.hangUp();
  }

  // ---- building blocks ---------------------------------------------------------------------------

  private int(n: number): number {
    return Math.floor(this.random() * n);
  }

  private pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  private queueUrl(): string {
    return this.pick([
      `${this.origin}/000000000000/q`,
      `${this.origin}/000000000000/f.fifo`,
      `${this.origin}/000000000000/missing`,
      `${this.origin}/000000000000/__proto__`,
      `${this.origin}/000000000000/constructor`,
      `http://elsewhere/123456789012/q`,
      '',
      '/',
      this.text(),
    ]);
  }

  /** A short string with awkward characters. */
  private text(): string {
    const alphabet = [
      'a',
      'Z',
      '9',
      ' ',
      '.',
      '-',
      '_',
      '%',
      '&',
      '=',
      '+',
      '<',
      '>',
      '"',
      "'",
      '\\',
      '/',
      '\u0000',
      '\u0007',
      '\u00e9',
      '\u20ac',
      '\ud83d\ude00',
      '\ufffe',
      '\ud800',
      '\n',
      ']]>',
      '&amp;',
    ];
    let out = '';
    const n = this.int(24);
    for (let i = 0; i < n; i++) out += this.pick(alphabet);
    return out;
  }

  /** A JSON value of the wrong kind, or the right kind with a wrong content. */
  private value(depth = 0): unknown {
    switch (this.int(depth > 2 ? 10 : 14)) {
      case 0:
        return this.text();
      case 1:
        return this.pick([0, -1, 1.5, 2 ** 31, 2 ** 53, -(2 ** 63), 1e308, -0]);
      case 2:
        return this.pick([true, false, null]);
      case 3:
        return 'x'.repeat(this.pick([0, 1, 256, 1025, 262_145]));
      case 4:
        return this.queueUrl();
      case 5:
        return String(this.pick([0, 1, 10, 11, 43_201, -5, 900, 901, 99_999_999_999]));
      case 6:
        return this.pick(['All', 'String', 'Number', 'Binary', 'String.x', 'Number.1e400']);
      case 7:
        return this.pick(['AAAA', 'not base64!', '====', '']);
      case 8:
        return [];
      case 9:
        return {};
      case 10:
        return this.object(depth + 1);
      case 11:
        return Array.from({ length: this.int(4) }, () => this.value(depth + 1));
      case 12:
        return {
          DataType: this.pick(['String', 'Number', 'Binary', 'Bogus', '']),
          StringValue: this.value(depth + 1),
          BinaryValue: this.value(depth + 1),
        };
      default:
        return Array.from({ length: 1 + this.int(3) }, () => ({
          Id: this.text(),
          MessageBody: this.value(depth + 1),
          ReceiptHandle: this.value(depth + 1),
          VisibilityTimeout: this.value(depth + 1),
        }));
    }
  }

  private object(depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const n = this.int(5);
    for (let i = 0; i < n; i++) {
      const key = this.random() < 0.3 ? this.pick(EVIL_KEYS) : this.pick(MEMBERS);
      Object.defineProperty(out, key, {
        value: this.value(depth),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }

  /** Serialises with evil keys kept (JSON.stringify keeps own `__proto__` properties). */
  private json(value: unknown): string {
    return JSON.stringify(value);
  }

  private jsonHeaders(action: string): Record<string, string> {
    const headers: Record<string, string> = {
      'content-type': this.pick([
        'application/x-amz-json-1.0',
        'application/x-amz-json-1.0',
        'application/x-amz-json-1.1',
        'application/json',
        'application/x-amz-json-1.0; charset=utf-8',
      ]),
    };
    if (this.random() < 0.95) {
      headers['x-amz-target'] = this.pick([
        `AmazonSQS.${action}`,
        `AmazonSQS.${action}`,
        `AmazonSQS.${action}`,
        'AmazonSQS.__proto__',
        'AmazonSQS.constructor',
        `DynamoDB_20120810.${action}`,
        // A header value can only carry visible ASCII (control bytes are the parser's business).
        this.text().replace(/[^\x20-\x7e]/g, ''),
      ]);
    }
    if (this.random() < 0.3) headers['x-amzn-query-mode'] = 'true';
    return headers;
  }

  // ---- request kinds ------------------------------------------------------------------------------

  private jsonRequest(): FuzzRequest {
    const action = this.pick(ACTIONS);
    const input: Record<string, unknown> = {};
    const n = 1 + this.int(6);
    for (let i = 0; i < n; i++) {
      const key = this.pick(MEMBERS);
      Object.defineProperty(input, key, {
        value: key === 'QueueUrl' && this.random() < 0.6 ? this.queueUrl() : this.value(),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    // Long polls end quickly: the test's clock moves on its own.
    return this.http('json:wrong-types', 'POST', '/', this.jsonHeaders(action), this.json(input));
  }

  private queryRequest(): FuzzRequest {
    const action = this.random() < 0.9 ? this.pick(ACTIONS) : this.pick(EVIL_KEYS.concat('x'));
    const params: [string, string][] = [['Action', action]];
    if (this.random() < 0.8) params.push(['QueueUrl', this.queueUrl()]);
    const n = this.int(8);
    for (let i = 0; i < n; i++) params.push(this.queryParam());
    const encode = this.random() < 0.85;
    const form = params
      .map(([k, v]) => (encode ? `${formEncode(k)}=${formEncode(v)}` : `${k}=${v}`))
      .join('&');
    const garbage = this.pick(['', '', '', '&&', '%', '%ZZ', '%C3%28', '%ED%A0%80', '=', '&=&']);
    const body = `${form}${garbage}`;
    const inUrl = this.random() < 0.15;
    const headers: Record<string, string> = inUrl
      ? {}
      : {
          'content-type': this.pick([
            'application/x-www-form-urlencoded',
            'application/x-www-form-urlencoded; charset=utf-8',
            '',
            'text/plain',
          ]),
        };
    if (headers['content-type'] === '') delete headers['content-type'];
    // A request target can only carry visible ASCII: escape the rest, keep the broken escapes.
    const path = inUrl
      ? `/?${body.replace(/[^\x21-\x7e]/g, (c) => formEncode(c))}`
      : this.pick(['/', '/', '/000000000000/q', '/000000000000/__proto__', '/%ZZ']);
    return this.http('query:params', inUrl ? 'GET' : 'POST', path, headers, inUrl ? '' : body);
  }

  private queryParam(): [string, string] {
    const index = this.pick(['1', '2', '10', '11', '0', '-1', '999999999', '4294967296', 'x', '']);
    const names = [
      `Attribute.${index}.Name`,
      `Attribute.${index}.Value`,
      `AttributeName.${index}`,
      `MessageAttribute.${index}.Name`,
      `MessageAttribute.${index}.Value.DataType`,
      `MessageAttribute.${index}.Value.StringValue`,
      `MessageAttribute.${index}.Value.BinaryValue`,
      `SendMessageBatchRequestEntry.${index}.Id`,
      `SendMessageBatchRequestEntry.${index}.MessageBody`,
      `DeleteMessageBatchRequestEntry.${index}.ReceiptHandle`,
      `Tag.${index}.Key`,
      `Tag.${index}.Value`,
      'MessageBody',
      'QueueName',
      'MaxNumberOfMessages',
      'VisibilityTimeout',
      'WaitTimeSeconds',
      'DelaySeconds',
      'ReceiptHandle',
      '__proto__',
      '__proto__.polluted',
      'constructor.prototype.polluted',
      'Attribute.1.Name.__proto__',
    ];
    const value = this.pick([
      this.text(),
      '__proto__',
      'constructor',
      'polluted',
      'All',
      'String',
      '99999999999999999999',
      '-1',
      '1e3',
      'true',
      'x'.repeat(this.pick([1, 1025, 300_000])),
      String(this.int(100)),
    ]);
    return [this.pick(names), value];
  }

  private randomBytes(): FuzzRequest {
    const bytes = Buffer.alloc(this.int(2048));
    for (let i = 0; i < bytes.length; i++) bytes[i] = this.int(256);
    const json = this.random() < 0.5;
    const headers = json
      ? this.jsonHeaders(this.pick(ACTIONS))
      : { 'content-type': 'application/x-www-form-urlencoded' };
    return this.http(
      json ? 'json:random-bytes' : 'query:random-bytes',
      'POST',
      '/',
      headers,
      bytes,
    );
  }

  private truncated(): FuzzRequest {
    const action = this.pick(['SendMessage', 'SendMessageBatch', 'CreateQueue']);
    const full = this.json({
      QueueUrl: `${this.origin}/000000000000/q`,
      QueueName: 'q',
      MessageBody: 'hello',
      Entries: [{ Id: 'a', MessageBody: 'b' }],
      Attributes: { VisibilityTimeout: '1' },
    });
    const cut = full.slice(0, this.int(full.length));
    if (this.random() < 0.5) {
      return this.http('json:truncated', 'POST', '/', this.jsonHeaders(action), cut);
    }
    // Invalid UTF-8 in the middle of an otherwise good body.
    const bytes = Buffer.concat([
      Buffer.from(cut),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from(full.slice(cut.length)),
    ]);
    return this.http('json:invalid-utf8', 'POST', '/', this.jsonHeaders(action), bytes);
  }

  private hugeBatch(): FuzzRequest {
    const entries = 10_000;
    if (this.random() < 0.5) {
      const list = Array.from({ length: entries }, (_, i) => ({ Id: `e${i}`, MessageBody: 'x' }));
      return this.http(
        'json:10k-batch',
        'POST',
        '/',
        this.jsonHeaders(this.pick(['SendMessageBatch', 'DeleteMessageBatch'])),
        this.json({ QueueUrl: `${this.origin}/000000000000/q`, Entries: list }),
      );
    }
    const parts = [
      `Action=SendMessageBatch&QueueUrl=${encodeURIComponent(`${this.origin}/000000000000/q`)}`,
    ];
    for (let i = 1; i <= entries; i++) {
      parts.push(
        `SendMessageBatchRequestEntry.${i}.Id=e${i}&SendMessageBatchRequestEntry.${i}.MessageBody=x`,
      );
    }
    return this.http(
      'query:10k-batch',
      'POST',
      '/',
      { 'content-type': 'application/x-www-form-urlencoded' },
      parts.join('&'),
    );
  }

  private deepNesting(): FuzzRequest {
    const depth = this.pick([1_000, 10_000, 100_000]);
    const inner =
      this.random() < 0.5
        ? '['.repeat(depth) + ']'.repeat(depth)
        : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    const body = `{"QueueUrl":"${this.origin}/000000000000/q","Attributes":${inner}}`;
    if (this.random() < 0.7) {
      return this.http(
        'json:deep-nesting',
        'POST',
        '/',
        this.jsonHeaders('SetQueueAttributes'),
        body,
      );
    }
    const name = Array.from({ length: Math.min(depth, 5000) }, () => 'Attribute').join('.');
    return this.http(
      'query:deep-names',
      'POST',
      '/',
      { 'content-type': 'application/x-www-form-urlencoded' },
      `Action=SetQueueAttributes&${name}=1`,
    );
  }

  private hugeHeaders(): FuzzRequest {
    const size = this.pick([8 * 1024, 20 * 1024, 100 * 1024]);
    const headers = { ...this.jsonHeaders('ListQueues'), 'x-padding': 'a'.repeat(size) };
    // Over Node's 16 KiB header limit, the HTTP parser answers 431 before SQS code runs.
    return {
      kind: 'http:huge-headers',
      transport: size > 16 * 1024 ? 'socket' : 'http',
      method: 'POST',
      path: '/',
      headers,
      body: Buffer.from('{}'),
    };
  }

  private notHttp(): FuzzRequest {
    const line = this.pick([
      'GARBAGE\r\n\r\n',
      'POST / HTTP/9.9\r\n\r\n',
      'POST / HTTP/1.1\r\nContent-Length: -5\r\n\r\n',
      'POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n',
      'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n',
      'POST / HTTP/1.1\r\nHost: a\r\nHost: b\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab',
      '\x00\x01\x02\x03',
    ]);
    return {
      kind: 'http:not-http',
      transport: 'socket',
      method: '',
      path: '',
      headers: {},
      body: Buffer.from(line, 'latin1'),
    };
  }

  private hangUp(): FuzzRequest {
    const request = this.http(
      'http:hang-up',
      'POST',
      '/',
      this.jsonHeaders('SendMessage'),
      '{"QueueUrl":',
    );
    return { ...request, transport: 'hang-up' };
  }

  private http(
    kind: string,
    method: string,
    path: string,
    headers: Record<string, string>,
    body: string | Buffer,
  ): FuzzRequest {
    return {
      kind,
      transport: 'http',
      method,
      path,
      headers,
      body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
    };
  }
}

/** Percent-encodes; a lone surrogate (which encodeURIComponent refuses) becomes its invalid bytes. */
function formEncode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return text
      .split(/([\ud800-\udfff])/)
      .map((part) => (/^[\ud800-\udfff]$/.test(part) ? '%ED%A0%80' : encodeURIComponent(part)))
      .join('');
  }
}

/** The protocol the server will answer in, by the same rule it uses. */
export function protocolOf(request: FuzzRequest): 'json' | 'query' {
  const headers = Object.fromEntries(
    Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]),
  );
  if (headers['x-amz-target'] !== undefined) return 'json';
  const media = (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  return media.startsWith('application/x-amz-json') || media === 'application/json'
    ? 'json'
    : 'query';
}
