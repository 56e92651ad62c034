import { createHash } from 'node:crypto';
import { Agent, fetch } from 'undici';
import { ForwardingSqsPort } from '../../../src/port/forwarding-sqs-port';
import { SQS_ACTIONS } from '../../../src/port/sqs-actions';
import type {
  SqsAction,
  SqsCallOptions,
  SqsInput,
  SqsOutput,
  SqsPort,
} from '../../../src/port/sqs-port.interface';

/**
 * {@link SqsPort} over SQS's query protocol (API 2012-11-05), as the clients from before SQS's
 * move to JSON speak it: form-encoded `Action=…&Version=2012-11-05` requests, XML results and XML
 * errors. Written from the frozen query model (botocore's last `sqs` service-2.json, kept by
 * LocalStack as `aws/data/sqs-query/2012-11-05/service-2.json`) and reference §2.2, never from
 * the server's own codec, so the conformance suite can catch the server's query fidelity bugs.
 *
 * Results come back in `@aws-sdk/client-sqs`'s shapes (numbers, booleans, `Uint8Array` blobs,
 * maps) and errors with the fields the SDK sets, so every conformance case runs unchanged.
 */

/** The query API version every request carries. */
export const QUERY_API_VERSION = '2012-11-05';
const SQS_XML_NAMESPACE = 'http://queue.amazonaws.com/doc/2012-11-05/';
const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded; charset=utf-8';

// ---------------------------------------------------------------------------------------------
// A small XML reader: enough of XML 1.0 for SQS's responses, and strict about the rest.
// ---------------------------------------------------------------------------------------------

/** One element: its name, attributes, child elements and (decoded) character data. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** The element's own character data, entity references decoded. */
  readonly text: string;
}

const NAME = /[A-Za-z_:][-A-Za-z0-9_.:]*/y;
const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
};

/**
 * Parses an XML document into its root element. Handles the declaration, comments, processing
 * instructions, CDATA, attributes, self-closing tags, the five predefined entities and character
 * references, and normalises literal line breaks (CR LF and lone CR become LF, XML 1.0 §2.11)
 * as every conforming parser does: a server must write a CR as `&#xD;` to keep it. Throws on
 * anything malformed (mismatched tags, unknown entities, a DOCTYPE, text outside the root, a
 * character XML cannot carry).
 */
export function parseXml(xml: string): XmlElement {
  return new XmlReader(xml).document();
}

class XmlReader {
  private pos = 0;

  constructor(private readonly src: string) {}

  document(): XmlElement {
    if (this.src.charCodeAt(0) === 0xfeff) this.pos = 1;
    const bad = firstNonXmlChar(this.src);
    if (bad !== -1) {
      this.pos = bad;
      this.fail(`U+${this.src.charCodeAt(bad).toString(16).toUpperCase()} is not an XML character`);
    }
    this.skipMisc();
    if (this.src.startsWith('<!DOCTYPE', this.pos)) this.fail('a DOCTYPE is not expected');
    if (this.src[this.pos] !== '<') this.fail('expected the root element');
    const root = this.element();
    this.skipMisc();
    if (this.pos < this.src.length) this.fail('content after the root element');
    return root;
  }

  /** Skips whitespace, comments and processing instructions (the XML declaration included). */
  private skipMisc(): void {
    for (;;) {
      while (this.pos < this.src.length && /\s/.test(this.src[this.pos])) this.pos++;
      if (this.src.startsWith('<?', this.pos)) this.skipPast('?>');
      else if (this.src.startsWith('<!--', this.pos)) this.skipPast('-->');
      else return;
    }
  }

  private skipPast(end: string): void {
    const i = this.src.indexOf(end, this.pos);
    if (i === -1) this.fail(`unterminated construct, expected "${end}"`);
    this.pos = i + end.length;
  }

  private name(): string {
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.src);
    if (!m) this.fail('expected a name');
    this.pos += m[0].length;
    return m[0];
  }

  private element(): XmlElement {
    this.pos++; // '<'
    const name = this.name();
    const attributes: Record<string, string> = {};
    for (;;) {
      const before = this.pos;
      while (/\s/.test(this.src[this.pos] ?? '')) this.pos++;
      if (this.src.startsWith('/>', this.pos)) {
        this.pos += 2;
        return { name, attributes, children: [], text: '' };
      }
      if (this.src[this.pos] === '>') {
        this.pos++;
        break;
      }
      if (this.pos === before) this.fail(`malformed start tag <${name}>`);
      const attr = this.name();
      if (this.src[this.pos] !== '=') this.fail(`attribute ${attr} has no value`);
      const quote = this.src[this.pos + 1];
      if (quote !== '"' && quote !== "'") this.fail(`attribute ${attr} is not quoted`);
      const end = this.src.indexOf(quote, this.pos + 2);
      if (end === -1) this.fail(`attribute ${attr} is not terminated`);
      const raw = this.src.slice(this.pos + 2, end);
      if (raw.includes('<')) this.fail(`"<" in attribute ${attr}`);
      if (Object.prototype.hasOwnProperty.call(attributes, attr)) {
        this.fail(`attribute ${attr} given twice`);
      }
      attributes[attr] = decodeEntities(normaliseLineBreaks(raw), (m) => this.fail(m));
      this.pos = end + 1;
    }
    const children: XmlElement[] = [];
    let text = '';
    for (;;) {
      const lt = this.src.indexOf('<', this.pos);
      if (lt === -1) this.fail(`<${name}> is not closed`);
      if (lt > this.pos) {
        const raw = this.src.slice(this.pos, lt);
        if (raw.includes(']]>')) this.fail('"]]>" in character data');
        text += decodeEntities(normaliseLineBreaks(raw), (m) => this.fail(m));
        this.pos = lt;
      }
      if (this.src.startsWith('</', this.pos)) {
        this.pos += 2;
        const closing = this.name();
        while (/\s/.test(this.src[this.pos] ?? '')) this.pos++;
        if (closing !== name) this.fail(`</${closing}> closes <${name}>`);
        if (this.src[this.pos] !== '>') this.fail(`malformed end tag </${closing}>`);
        this.pos++;
        return { name, attributes, children, text };
      }
      if (this.src.startsWith('<![CDATA[', this.pos)) {
        const end = this.src.indexOf(']]>', this.pos + 9);
        if (end === -1) this.fail('unterminated CDATA section');
        text += normaliseLineBreaks(this.src.slice(this.pos + 9, end));
        this.pos = end + 3;
      } else if (this.src.startsWith('<!--', this.pos)) {
        this.skipPast('-->');
      } else if (this.src.startsWith('<?', this.pos)) {
        this.skipPast('?>');
      } else {
        children.push(this.element());
      }
    }
  }

  private fail(message: string): never {
    throw new Error(`malformed XML at offset ${this.pos}: ${message}`);
  }
}

/** The index of the first character XML 1.0 cannot carry (C0 controls, U+FFFE/F, lone surrogates). */
function firstNonXmlChar(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x9 && c !== 0xa && c !== 0xd) return i;
    if (c === 0xfffe || c === 0xffff) return i;
    if (c >= 0xd800 && c <= 0xdbff) {
      const low = text.charCodeAt(i + 1);
      if (!(low >= 0xdc00 && low <= 0xdfff)) return i;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return i;
    }
  }
  return -1;
}

function normaliseLineBreaks(raw: string): string {
  return raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
}

function decodeEntities(raw: string, fail: (message: string) => never): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&([^;&\s]*);?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) fail(`unterminated reference "${whole}"`);
    const named = PREDEFINED_ENTITIES[ref];
    if (named !== undefined && Object.prototype.hasOwnProperty.call(PREDEFINED_ENTITIES, ref)) {
      return named;
    }
    const m = /^#(?:x([0-9A-Fa-f]{1,6})|([0-9]{1,7}))$/.exec(ref);
    if (!m) fail(`unknown entity "${whole}"`);
    const code = m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2], 10);
    const legal =
      code === 0x9 ||
      code === 0xa ||
      code === 0xd ||
      (code >= 0x20 && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd) ||
      (code >= 0x10000 && code <= 0x10ffff);
    if (!legal) fail(`character reference "${whole}" is not an XML character`);
    return String.fromCodePoint(code);
  });
}

/** The child elements of `el` named `name`. */
function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

/** The one child named `name`, or undefined; two of them is a malformed response. */
function onlyChild(el: XmlElement, name: string): XmlElement | undefined {
  const found = childrenNamed(el, name);
  if (found.length > 1) throw new Error(`<${el.name}> has ${found.length} <${name}> elements`);
  return found[0];
}

// ---------------------------------------------------------------------------------------------
// Requests: the SDK's input objects flattened into query parameters.
// ---------------------------------------------------------------------------------------------

/** Flattened lists: the member's name on the query wire, per element (`AttributeName.1`). */
const LIST_WIRE_NAMES: Readonly<Record<string, string>> = {
  AttributeNames: 'AttributeName',
  MessageAttributeNames: 'MessageAttributeName',
  // Newer than the query model; named as the JSON model's flattened list member would be.
  MessageSystemAttributeNames: 'MessageSystemAttributeName',
  TagKeys: 'TagKey',
  AWSAccountIds: 'AWSAccountId',
  Actions: 'ActionName',
  StringListValues: 'StringListValue',
  BinaryListValues: 'BinaryListValue',
};

/** Flattened maps: wire name, key and value element names (`Attribute.1.Name`/`.Value`). */
const MAP_WIRE_NAMES: Readonly<Record<string, readonly [string, string, string]>> = {
  Attributes: ['Attribute', 'Name', 'Value'],
  // The TagMap shape carries locationName "Tag", so TagQueue's `Tags` is `Tag.N.Key` too, as
  // botocore serialises it (CreateQueue's member `tags` names it "Tag" explicitly).
  tags: ['Tag', 'Key', 'Value'],
  Tags: ['Tag', 'Key', 'Value'],
  MessageAttributes: ['MessageAttribute', 'Name', 'Value'],
  MessageSystemAttributes: ['MessageSystemAttribute', 'Name', 'Value'],
};

type Params = [string, string][];

/**
 * The query parameters for one action: `Action` and `Version` first, then the input flattened
 * with 1-based indices. An empty list is sent as `Name=` (botocore and the JS SDK both do, so
 * the server can tell an empty batch from a missing one); undefined members are left out.
 */
export function encodeQueryParameters(action: string, input: object): Params {
  const params: Params = [
    ['Action', action],
    ['Version', QUERY_API_VERSION],
  ];
  writeStructure(params, '', input as Record<string, unknown>, action);
  return params;
}

function writeStructure(
  out: Params,
  prefix: string,
  value: Record<string, unknown>,
  action: string,
): void {
  for (const member of Object.keys(value)) writeMember(out, prefix, member, value[member], action);
}

function writeMember(
  out: Params,
  prefix: string,
  member: string,
  value: unknown,
  action: string,
): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    const wire = member === 'Entries' ? `${action}RequestEntry` : LIST_WIRE_NAMES[member];
    if (!wire) throw new Error(`query port: no wire name for the list ${member} of ${action}`);
    if (value.length === 0) out.push([prefix + wire, '']);
    value.forEach((item, i) => writeValue(out, `${prefix}${wire}.${i + 1}`, item, action));
    return;
  }
  const map = Object.prototype.hasOwnProperty.call(MAP_WIRE_NAMES, member)
    ? MAP_WIRE_NAMES[member]
    : undefined;
  if (map && isPlainObject(value)) {
    const [wire, keyName, valueName] = map;
    let i = 0;
    for (const key of Object.keys(value)) {
      if (value[key] === undefined) continue;
      i += 1;
      out.push([`${prefix}${wire}.${i}.${keyName}`, key]);
      writeValue(out, `${prefix}${wire}.${i}.${valueName}`, value[key], action);
    }
    return;
  }
  writeValue(out, prefix + member, value, action);
}

function writeValue(out: Params, path: string, value: unknown, action: string): void {
  if (value === undefined || value === null) return;
  if (value instanceof Uint8Array) {
    out.push([
      path,
      Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64'),
    ]);
  } else if (typeof value === 'string') {
    out.push([path, value]);
  } else if (typeof value === 'number' || typeof value === 'boolean') {
    out.push([path, String(value)]);
  } else if (isPlainObject(value)) {
    writeStructure(out, `${path}.`, value, action);
  } else {
    throw new Error(`query port: cannot encode ${typeof value} at ${path}`);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `application/x-www-form-urlencoded` text; a lone surrogate throws rather than being replaced. */
function formBody(params: Params): string {
  return params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

// ---------------------------------------------------------------------------------------------
// Results: the XML of each action read into the SDK's result shape.
// ---------------------------------------------------------------------------------------------

type Scalar = 'string' | 'integer' | 'boolean' | 'blob';
/** A flattened list: repeated `<item>` elements. `required` lists read as `[]` when absent. */
interface ListOut {
  readonly list: OutShape;
  readonly item: string;
  readonly required?: boolean;
}
/** A flattened map: repeated `<entry><key/><value/></entry>` elements. */
interface MapOut {
  readonly map: OutShape;
  readonly entry: string;
  readonly key: string;
  readonly value: string;
}
interface StructOut {
  readonly struct: Readonly<Record<string, OutShape>>;
}
type OutShape = Scalar | ListOut | MapOut | StructOut;

const S = 'string';
const list = (of: OutShape, item: string, required = false): ListOut => ({
  list: of,
  item,
  required,
});
const map = (of: OutShape, entry: string, key = 'Name', value = 'Value'): MapOut => ({
  map: of,
  entry,
  key,
  value,
});
const struct = (members: Record<string, OutShape>): StructOut => ({ struct: members });

const SEND_RESULT = {
  MessageId: S,
  MD5OfMessageBody: S,
  MD5OfMessageAttributes: S,
  MD5OfMessageSystemAttributes: S,
  SequenceNumber: S,
} as const;
const BATCH_ERRORS = list(
  struct({ Id: S, SenderFault: 'boolean', Code: S, Message: S }),
  'BatchResultErrorEntry',
  true,
);
const MESSAGE_ATTRIBUTE_VALUE = struct({
  StringValue: S,
  BinaryValue: 'blob',
  StringListValues: list(S, 'StringListValue'),
  BinaryListValues: list('blob', 'BinaryListValue'),
  DataType: S,
});
const idOnlyBatch = (entry: string): StructOut =>
  struct({ Successful: list(struct({ Id: S }), entry, true), Failed: BATCH_ERRORS });

/** Every action's result shape (actions without a result have none); its name is the port's. */
const ACTIONS: Readonly<Record<SqsAction, { output?: StructOut }>> = {
  createQueue: { output: struct({ QueueUrl: S }) },
  getQueueUrl: { output: struct({ QueueUrl: S }) },
  listQueues: {
    output: struct({ QueueUrls: list(S, 'QueueUrl'), NextToken: S }),
  },
  deleteQueue: {},
  getQueueAttributes: {
    output: struct({ Attributes: map(S, 'Attribute') }),
  },
  setQueueAttributes: {},
  sendMessage: { output: struct(SEND_RESULT) },
  sendMessageBatch: {
    output: struct({
      Successful: list(struct({ Id: S, ...SEND_RESULT }), 'SendMessageBatchResultEntry', true),
      Failed: BATCH_ERRORS,
    }),
  },
  receiveMessage: {
    output: struct({
      Messages: list(
        struct({
          MessageId: S,
          ReceiptHandle: S,
          MD5OfBody: S,
          Body: S,
          Attributes: map(S, 'Attribute'),
          MD5OfMessageAttributes: S,
          MessageAttributes: map(MESSAGE_ATTRIBUTE_VALUE, 'MessageAttribute'),
        }),
        'Message',
      ),
    }),
  },
  deleteMessage: {},
  deleteMessageBatch: {
    output: idOnlyBatch('DeleteMessageBatchResultEntry'),
  },
  changeMessageVisibility: {},
  changeMessageVisibilityBatch: {
    output: idOnlyBatch('ChangeMessageVisibilityBatchResultEntry'),
  },
  purgeQueue: {},
  tagQueue: {},
  untagQueue: {},
  listQueueTags: {
    output: struct({ Tags: map(S, 'Tag', 'Key', 'Value') }),
  },
  listDeadLetterSourceQueues: {
    output: struct({ queueUrls: list(S, 'QueueUrl', true), NextToken: S }),
  },
  startMessageMoveTask: { output: struct({ TaskHandle: S }) },
  listMessageMoveTasks: {
    output: struct({
      Results: list(
        struct({
          TaskHandle: S,
          Status: S,
          SourceArn: S,
          DestinationArn: S,
          MaxNumberOfMessagesPerSecond: 'integer',
          ApproximateNumberOfMessagesMoved: 'integer',
          ApproximateNumberOfMessagesToMove: 'integer',
          FailureReason: S,
          StartedTimestamp: 'integer',
        }),
        'ListMessageMoveTasksResultEntry',
      ),
    }),
  },
  cancelMessageMoveTask: {
    output: struct({ ApproximateNumberOfMessagesMoved: 'integer' }),
  },
  addPermission: {},
  removePermission: {},
};

/** The element name a member has on the wire: a flattened list's item, a map's entry, or itself. */
function wireNameOf(member: string, shape: OutShape): string {
  if (typeof shape === 'object' && 'list' in shape) return shape.item;
  if (typeof shape === 'object' && 'map' in shape) return shape.entry;
  return member;
}

/**
 * Reads a structure. Strict: an element the shape does not know is an error (a misnamed element
 * would otherwise just look like a missing member), and so is a scalar member given twice.
 */
function readStructure(el: XmlElement, shape: StructOut): Record<string, unknown> {
  const known = new Set(Object.entries(shape.struct).map(([m, s]) => wireNameOf(m, s)));
  for (const child of el.children) {
    if (!known.has(child.name)) throw new Error(`unexpected <${child.name}> in <${el.name}>`);
  }
  const out: Record<string, unknown> = {};
  for (const [member, memberShape] of Object.entries(shape.struct)) {
    const value = readMember(el, member, memberShape);
    if (value !== undefined) out[member] = value;
  }
  return out;
}

function readMember(el: XmlElement, member: string, shape: OutShape): unknown {
  if (typeof shape === 'object' && 'list' in shape) {
    const items = childrenNamed(el, shape.item);
    if (items.length === 0) return shape.required ? [] : undefined;
    return items.map((item) => readValue(item, shape.list));
  }
  if (typeof shape === 'object' && 'map' in shape) {
    const entries = childrenNamed(el, shape.entry);
    if (entries.length === 0) return undefined;
    const out: Record<string, unknown> = {};
    for (const entry of entries) {
      for (const child of entry.children) {
        if (child.name !== shape.key && child.name !== shape.value) {
          throw new Error(`unexpected <${child.name}> in <${entry.name}>`);
        }
      }
      const key = onlyChild(entry, shape.key);
      const value = onlyChild(entry, shape.value);
      if (!key) throw new Error(`<${entry.name}> has no <${shape.key}>`);
      if (!value) throw new Error(`<${entry.name}> has no <${shape.value}>`);
      // Own property even for a key such as "__proto__", as JSON.parse would make it.
      Object.defineProperty(out, key.text, {
        value: readValue(value, shape.map),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  const child = onlyChild(el, member);
  return child === undefined ? undefined : readValue(child, shape);
}

function readValue(el: XmlElement, shape: OutShape): unknown {
  if (typeof shape === 'object') {
    if ('struct' in shape) return readStructure(el, shape);
    throw new Error(`nested collection in <${el.name}> is not part of SQS's model`);
  }
  if (el.children.length > 0) throw new Error(`<${el.name}> should hold text, not elements`);
  switch (shape) {
    case 'string':
      return el.text;
    case 'integer': {
      if (!/^-?\d{1,16}$/.test(el.text)) throw new Error(`<${el.name}> is not an integer`);
      return Number(el.text);
    }
    case 'boolean':
      if (el.text !== 'true' && el.text !== 'false') {
        throw new Error(`<${el.name}> is not a boolean: "${el.text}"`);
      }
      return el.text === 'true';
    case 'blob': {
      if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(el.text)) {
        throw new Error(`<${el.name}> is not base64`);
      }
      const buf = Buffer.from(el.text, 'base64');
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Errors, with the fields `@aws-sdk/client-sqs` sets.
// ---------------------------------------------------------------------------------------------

/**
 * Query error code → the name of the exception the SDK models for it (the JSON model's
 * `awsQueryError` codes, @aws-sdk/client-sqs 3.x). The SDK names an unmodelled error after its
 * code (e.g. `InvalidParameterValue`), and so does this port.
 */
const MODELLED_ERROR_NAMES: Readonly<Record<string, string>> = {
  'AWS.SimpleQueueService.BatchEntryIdsNotDistinct': 'BatchEntryIdsNotDistinct',
  'AWS.SimpleQueueService.BatchRequestTooLong': 'BatchRequestTooLong',
  'AWS.SimpleQueueService.EmptyBatchRequest': 'EmptyBatchRequest',
  'AWS.SimpleQueueService.InvalidBatchEntryId': 'InvalidBatchEntryId',
  'AWS.SimpleQueueService.MessageNotInflight': 'MessageNotInflight',
  'AWS.SimpleQueueService.NonExistentQueue': 'QueueDoesNotExist',
  'AWS.SimpleQueueService.PurgeQueueInProgress': 'PurgeQueueInProgress',
  'AWS.SimpleQueueService.QueueDeletedRecently': 'QueueDeletedRecently',
  'AWS.SimpleQueueService.TooManyEntriesInBatchRequest': 'TooManyEntriesInBatchRequest',
  'AWS.SimpleQueueService.UnsupportedOperation': 'UnsupportedOperation',
  QueueAlreadyExists: 'QueueNameExists',
  InvalidAddress: 'InvalidAddress',
  InvalidAttributeName: 'InvalidAttributeName',
  InvalidAttributeValue: 'InvalidAttributeValue',
  InvalidIdFormat: 'InvalidIdFormat',
  InvalidMessageContents: 'InvalidMessageContents',
  InvalidSecurity: 'InvalidSecurity',
  OverLimit: 'OverLimit',
  ReceiptHandleIsInvalid: 'ReceiptHandleIsInvalid',
  RequestThrottled: 'RequestThrottled',
  ResourceNotFoundException: 'ResourceNotFoundException',
  'KMS.AccessDeniedException': 'KmsAccessDenied',
  'KMS.DisabledException': 'KmsDisabled',
  'KMS.InvalidKeyUsageException': 'KmsInvalidKeyUsage',
  'KMS.InvalidStateException': 'KmsInvalidState',
  'KMS.NotFoundException': 'KmsNotFound',
  'KMS.OptInRequired': 'KmsOptInRequired',
  'KMS.ThrottlingException': 'KmsThrottled',
};

/** An SQS error read from a query `<ErrorResponse>`, shaped like the SDK's service exceptions. */
export class SqsQueryError extends Error {
  /** The query error code, e.g. `AWS.SimpleQueueService.NonExistentQueue`. */
  readonly Code: string;
  /** `Sender` or `Receiver`. */
  readonly Type: string;
  readonly $fault: 'client' | 'server';
  readonly $metadata: { httpStatusCode: number; requestId?: string };
  readonly RequestId?: string;

  constructor(fields: {
    code: string;
    type: string;
    message: string;
    status: number;
    requestId?: string;
  }) {
    super(fields.message);
    this.name = Object.prototype.hasOwnProperty.call(MODELLED_ERROR_NAMES, fields.code)
      ? MODELLED_ERROR_NAMES[fields.code]
      : fields.code;
    this.Code = fields.code;
    this.Type = fields.type;
    this.$fault = fields.type === 'Receiver' ? 'server' : 'client';
    this.$metadata = { httpStatusCode: fields.status, requestId: fields.requestId };
    this.RequestId = fields.requestId;
  }
}

function readError(root: XmlElement, status: number): SqsQueryError {
  if (root.name !== 'ErrorResponse') {
    throw new Error(`HTTP ${status} with <${root.name}> instead of <ErrorResponse>`);
  }
  const error = onlyChild(root, 'Error');
  const code = error && onlyChild(error, 'Code')?.text;
  if (!error || !code) throw new Error(`HTTP ${status}: <ErrorResponse> without <Error><Code>`);
  return new SqsQueryError({
    code,
    type: onlyChild(error, 'Type')?.text ?? 'Sender',
    message: onlyChild(error, 'Message')?.text ?? '',
    status,
    requestId: onlyChild(root, 'RequestId')?.text,
  });
}

// ---------------------------------------------------------------------------------------------
// The client and the port.
// ---------------------------------------------------------------------------------------------

/** Options of {@link SqsQueryClient}. */
export interface SqsQueryClientOptions {
  /**
   * Where a request with a `QueueUrl` goes. `queue-url` (default) posts to the queue URL's path
   * and keeps the parameter, as aws-sdk-js v2 does; `path-only` posts there and drops the
   * parameter, as the Java SDK v1's QueueUrlHandler does; `root` posts to `/` with the parameter,
   * as botocore does.
   */
  readonly queueUrlRouting?: 'queue-url' | 'path-only' | 'root';
}

/** A minimal query-protocol SQS client over undici, with its own connection pool. */
export class SqsQueryClient {
  private readonly agent = new Agent({ keepAliveTimeout: 10_000 });
  private readonly routing: NonNullable<SqsQueryClientOptions['queueUrlRouting']>;

  constructor(
    readonly endpoint: string,
    options: SqsQueryClientOptions = {},
  ) {
    this.routing = options.queueUrlRouting ?? 'queue-url';
  }

  /** Sends one action; resolves with its result in the SDK's shape, or rejects with the error. */
  async send(
    method: SqsAction,
    input: object,
    options: SqsCallOptions = {},
  ): Promise<Record<string, unknown>> {
    const action = SQS_ACTIONS[method];
    const { output } = ACTIONS[method];
    const { url, params } = this.route(action, input);
    let response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': FORM_CONTENT_TYPE },
        body: formBody(params),
        dispatcher: this.agent,
        signal: options.abortSignal,
      });
    } catch (e) {
      // The SDK rejects an aborted call with an Error named AbortError; so does this port.
      if (options.abortSignal?.aborted) {
        throw Object.assign(new Error('Request aborted'), { name: 'AbortError' });
      }
      throw e;
    }
    const text = await response.text();
    const contentType = response.headers.get('content-type') ?? '';
    let root: XmlElement;
    try {
      root = parseXml(text);
    } catch (e) {
      throw new Error(
        `${action}: HTTP ${response.status} (${contentType}) is not XML: ${(e as Error).message}; ` +
          `body ${JSON.stringify(text.slice(0, 200))}`,
      );
    }
    if (!/^text\/xml\b/.test(contentType)) {
      throw new Error(`${action}: content type "${contentType}" instead of text/xml`);
    }
    if (root.attributes.xmlns !== SQS_XML_NAMESPACE) {
      throw new Error(`${action}: <${root.name}> lacks xmlns="${SQS_XML_NAMESPACE}"`);
    }
    if (response.status !== 200) throw readError(root, response.status);
    return readResult(action, output, root);
  }

  /** Closes the pool; requests still open (a long poll) are aborted. */
  async destroy(): Promise<void> {
    await this.agent.destroy();
  }

  private route(action: string, input: object): { url: string; params: Params } {
    const root = new URL('/', this.endpoint).toString();
    const queueUrl = (input as { QueueUrl?: unknown }).QueueUrl;
    if (this.routing === 'root' || typeof queueUrl !== 'string' || !URL.canParse(queueUrl)) {
      return { url: root, params: encodeQueryParameters(action, input) };
    }
    // The queue URL's path on this client's endpoint (the URL's host is the server's anyway).
    const url = new URL(new URL(queueUrl).pathname, this.endpoint).toString();
    if (this.routing === 'path-only') {
      const { QueueUrl: _dropped, ...rest } = input as Record<string, unknown>;
      void _dropped;
      return { url, params: encodeQueryParameters(action, rest) };
    }
    return { url, params: encodeQueryParameters(action, input) };
  }
}

function readResult(
  action: string,
  output: StructOut | undefined,
  root: XmlElement,
): Record<string, unknown> {
  if (root.name !== `${action}Response`) {
    throw new Error(`${action}: <${root.name}> instead of <${action}Response>`);
  }
  const expected = new Set(['ResponseMetadata', ...(output ? [`${action}Result`] : [])]);
  for (const child of root.children) {
    if (!expected.has(child.name)) throw new Error(`${action}: unexpected <${child.name}>`);
  }
  const requestId = onlyChild(root, 'ResponseMetadata');
  if (!requestId || !onlyChild(requestId, 'RequestId')?.text) {
    throw new Error(`${action}: no <ResponseMetadata><RequestId>`);
  }
  if (!output) return {};
  const result = onlyChild(root, `${action}Result`);
  if (!result) throw new Error(`${action}: no <${action}Result>`);
  if (result.text.trim() !== '') throw new Error(`${action}: text directly in the result`);
  return readStructure(result, output);
}

const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

/** The body checks `@aws-sdk/client-sqs`'s middleware-sdk-sqs makes (it throws on a mismatch). */
function checkBodyMd5s(method: SqsAction, input: object, result: Record<string, unknown>): void {
  if (method === 'sendMessage') {
    const body = (input as { MessageBody?: string }).MessageBody ?? '';
    if (result.MD5OfMessageBody !== md5(body)) {
      throw new Error('InvalidChecksumError: MD5OfMessageBody does not match the sent body');
    }
  } else if (method === 'sendMessageBatch') {
    const entries = (input as { Entries?: { Id?: string; MessageBody?: string }[] }).Entries ?? [];
    for (const ok of (result.Successful ?? []) as { Id?: string; MD5OfMessageBody?: string }[]) {
      const sent = entries.find((e) => e.Id === ok.Id);
      if (sent && ok.MD5OfMessageBody !== md5(sent.MessageBody ?? '')) {
        throw new Error(`InvalidChecksumError: wrong MD5OfMessageBody for entry ${ok.Id}`);
      }
    }
  } else if (method === 'receiveMessage') {
    const messages = (result.Messages ?? []) as { MessageId?: string; Body?: string }[];
    const bad = messages.filter(
      (m) => (m as { MD5OfBody?: string }).MD5OfBody !== md5(m.Body ?? ''),
    );
    if (bad.length > 0) {
      throw new Error(`Invalid MD5 checksum on messages: ${bad.map((m) => m.MessageId)}`);
    }
  }
}

/**
 * {@link SqsPort} over the query protocol: every action through `client`, with the body MD5
 * checks the JS SDK makes, resolving with results in the SDK's shape (no `$metadata`, like
 * `sdkSqsPort`).
 */
export function querySqsPort(client: SqsQueryClient): SqsPort {
  return new QueryPort(client);
}

class QueryPort extends ForwardingSqsPort {
  constructor(private readonly client: SqsQueryClient) {
    super();
  }

  protected override async forward<A extends SqsAction>(
    action: A,
    input: SqsInput<A>,
    options: SqsCallOptions | undefined,
  ): Promise<SqsOutput<A>> {
    const result = await this.client.send(action, input, options);
    checkBodyMd5s(action, input, result);
    // Read by the action's result shape, so it is that action's result.
    return result as SqsOutput<A>;
  }
}
