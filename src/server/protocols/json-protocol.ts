import type { SqsError } from '../../emulator/errors/sqs-error';
import type { SqsAction, SqsOutput } from '../../port/sqs-port.interface';
import { SqsAuthError } from '../auth/sqs-auth-errors';
import { mediaType } from '../http/media-type';
import type { WireResponse } from '../http/wire-response.interface';
import { decodeBase64, encodeBase64 } from './base64';
import { defineOwn, hasOwn, isJsonObject } from './own-properties';
import { ProtocolErrors } from './protocol-errors';
import type { Member, Shape, StructureShape } from './shapes';
import { actionNamed, SQS_ACTION_SHAPES, type SqsCall, sqsCall } from './sqs-action-shapes';
import { utf8Text } from './utf8-text';
import type { WireProtocol, WireRequest } from './wire-protocol.interface';

/** The AWS JSON 1.0 protocol's media type. */
export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.0';
const TARGET_PREFIX = 'AmazonSQS.';
const RESULT_HEADERS: Readonly<Record<string, string>> = { 'content-type': JSON_CONTENT_TYPE };

/**
 * SQS's AWS JSON 1.0 protocol, as current SDKs speak it: `POST /` with
 * `X-Amz-Target: AmazonSQS.<Action>` and the input as a JSON body; the result as JSON; an error as
 * `{"__type", "message"}` with the `x-amzn-query-error` header.
 */
export const JSON_PROTOCOL: WireProtocol = {
  name: 'json',

  decode(request: WireRequest, body: Buffer): SqsCall {
    const contentType = request.headers['content-type'] ?? '';
    if (!isJsonContentType(contentType)) throw ProtocolErrors.unsupportedContentType(contentType);
    const target = request.headers['x-amz-target'];
    const action = actionFromTarget(Array.isArray(target) ? target[0] : target);
    const text = utf8Text(body, () =>
      ProtocolErrors.serialization('Request body is not valid UTF-8.'),
    );
    return sqsCall(action, decodeJsonRequest(action, text));
  },

  encodeResult<A extends SqsAction>(action: A, result: SqsOutput<A>): WireResponse {
    return { status: 200, headers: RESULT_HEADERS, body: encodeJsonResult(action, result) };
  },

  encodeError(error: SqsError, request: WireRequest): WireResponse {
    // A body over the bound and a failed signature are answered before SQS sees the request, with
    // their own status; SQS's own errors are 400 unless the client asked for query mode.
    const status =
      error.shape.status === 413 || error instanceof SqsAuthError
        ? error.shape.status
        : error.jsonStatus(request.headers['x-amzn-query-mode'] === 'true');
    return encodeJsonError(error, status);
  },
};

/**
 * Whether a request is in the JSON protocol: it names an `X-Amz-Target`, or has a JSON content
 * type. Anything else is taken for the query protocol.
 */
export function isJsonRequest(headers: WireRequest['headers']): boolean {
  if (headers['x-amz-target'] !== undefined) return true;
  const media = mediaType(headers['content-type']);
  return media.startsWith('application/x-amz-json') || media === 'application/json';
}

/** Whether a request's content type is the JSON protocol's (parameters such as charset allowed). */
export function isJsonContentType(contentType: string | undefined): boolean {
  return mediaType(contentType) === JSON_CONTENT_TYPE;
}

/** The action an `X-Amz-Target: AmazonSQS.<Action>` header names; throws UnknownOperation. */
export function actionFromTarget(target: string | undefined): SqsAction {
  const value = (target ?? '').trim();
  const action = value.startsWith(TARGET_PREFIX)
    ? actionNamed(value.slice(TARGET_PREFIX.length))
    : undefined;
  if (!action) throw ProtocolErrors.unknownOperation(value);
  return action;
}

/**
 * Parses and type-checks a JSON request body against the action's input shape. Unknown members
 * are ignored and `null` counts as absent (as AWS's JSON services do); a wrong type is a
 * SerializationException; blobs are decoded from base64.
 */
export function decodeJsonRequest(action: SqsAction, body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (e) {
    throw ProtocolErrors.serialization(`Request body is not valid JSON: ${(e as Error).message}`);
  }
  return decodeStructure(SQS_ACTION_SHAPES[action].input, parsed, '');
}

function tokenName(value: unknown): string {
  if (typeof value === 'string') return 'STRING_VALUE';
  if (typeof value === 'number') return 'NUMBER_VALUE';
  if (typeof value === 'boolean') return value ? 'TRUE_VALUE' : 'FALSE_VALUE';
  if (Array.isArray(value)) return 'START_ARRAY';
  return 'START_OBJECT';
}

function mismatch(value: unknown, target: string, path: string): SqsError {
  return ProtocolErrors.serialization(
    `${tokenName(value)} can not be converted to ${target}${path ? ` (at ${path})` : ''}`,
  );
}

// A structure's members as an array, made once per shape: `Object.entries` on every request and
// every message in it was a measurable share of the server's CPU (allocation and GC).
const memberLists = new WeakMap<StructureShape, readonly (readonly [string, Member])[]>();

function membersOf(shape: StructureShape): readonly (readonly [string, Member])[] {
  let members = memberLists.get(shape);
  if (!members) {
    members = Object.entries(shape.members);
    memberLists.set(shape, members);
  }
  return members;
}

function decodeStructure(
  shape: StructureShape,
  value: unknown,
  path: string,
): Record<string, unknown> {
  if (!isJsonObject(value)) throw mismatch(value, 'a structure', path);
  const out: Record<string, unknown> = {};
  for (const [name, member] of membersOf(shape)) {
    if (!hasOwn(value, name)) continue;
    const v = value[name];
    if (v === null || v === undefined) continue;
    out[name] = decodeValue(member.shape, v, path ? `${path}.${name}` : name);
  }
  return out;
}

function decodeValue(shape: Shape, value: unknown, path: string): unknown {
  switch (shape.kind) {
    case 'string':
      if (typeof value !== 'string') throw mismatch(value, 'a String', path);
      return value;
    case 'integer':
    case 'long':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
        throw mismatch(value, shape.kind === 'long' ? 'a Long' : 'an Integer', path);
      }
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw mismatch(value, 'a Boolean', path);
      return value;
    case 'blob': {
      if (typeof value !== 'string') throw mismatch(value, 'a Blob', path);
      const bytes = decodeBase64(value);
      if (!bytes) throw ProtocolErrors.serialization(`Invalid base64 value (at ${path})`);
      return bytes;
    }
    case 'list': {
      if (!Array.isArray(value)) throw mismatch(value, 'a list', path);
      const out: unknown[] = [];
      value.forEach((item, i) => {
        if (item !== null && item !== undefined) {
          out.push(decodeValue(shape.member, item, `${path}[${i}]`));
        }
      });
      return out;
    }
    case 'map': {
      if (!isJsonObject(value)) throw mismatch(value, 'a map', path);
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        const item = value[key];
        if (item === null || item === undefined) continue;
        defineOwn(out, key, decodeValue(shape.value, item, `${path}.${key}`));
      }
      return out;
    }
    case 'structure':
      return decodeStructure(shape, value, path);
  }
}

/** Turns an emulator result into the JSON the protocol sends, following the output shape. */
export function encodeJsonResult(action: SqsAction, result: unknown): string {
  const output = SQS_ACTION_SHAPES[action].output;
  if (!output) return '';
  return JSON.stringify(encodeValue(output, result ?? {}));
}

function encodeValue(shape: Shape, value: unknown): unknown {
  switch (shape.kind) {
    case 'blob':
      return encodeBase64(value);
    case 'string':
    case 'integer':
    case 'long':
    case 'boolean':
      return value;
    case 'list':
      return Array.isArray(value) ? value.map((v) => encodeValue(shape.member, v)) : [];
    case 'map': {
      const out: Record<string, unknown> = {};
      if (isJsonObject(value)) {
        for (const key of Object.keys(value)) {
          if (value[key] !== undefined) defineOwn(out, key, encodeValue(shape.value, value[key]));
        }
      }
      return out;
    }
    case 'structure': {
      const out: Record<string, unknown> = {};
      if (!isJsonObject(value)) return out;
      for (const [name, member] of membersOf(shape)) {
        const v = value[name];
        if (v === undefined || v === null) continue;
        const encoded = encodeValue(member.shape, v);
        // SQS leaves an empty list or map out of its JSON, as its query form has no element for
        // one: no `"Failed": []` after a batch without failures, no `"Messages": []`.
        if (!isEmptyCollection(member.shape, encoded)) out[name] = encoded;
      }
      return out;
    }
  }
}

function isEmptyCollection(shape: Shape, encoded: unknown): boolean {
  if (shape.kind === 'list') return (encoded as unknown[]).length === 0;
  if (shape.kind === 'map') return Object.keys(encoded as object).length === 0;
  return false;
}

/**
 * An error as SQS's JSON protocol sends it: `{"__type", "message"}` plus the
 * `x-amzn-query-error: <QueryCode>;<Fault>` header query-compatible SDKs read the code from.
 * `status` is the HTTP status (see `SqsError.jsonStatus`).
 */
export function encodeJsonError(error: SqsError, status: number): WireResponse {
  return {
    status,
    headers: {
      'content-type': JSON_CONTENT_TYPE,
      'x-amzn-query-error': `${error.Code};${error.Type}`,
    },
    body: JSON.stringify({ __type: error.__type, message: error.message }),
  };
}
