import type { LeanSdk } from './lean-sdk';
import type { LeanShape } from './lean-shapes';

/**
 * The lean transport's AWS JSON 1.0 serde, walking the SDK's own shapes (see `lean-shapes.ts`)
 * with the SDK serializer's and deserializer's rules, for the values those shapes expect. A value
 * of another kind (a string where a blob goes, a `null` list item, `NaN`, a `__type` member) is
 * not guessed at: the writer gives up and the call goes through the SDK, the reader gives up and
 * the SDK's deserializer reads the body. Either way the caller gets what the SDK would give.
 */

/** Signals a value the lean serde leaves to the SDK. */
class NotModelled extends Error {}
const NOT_MODELLED = new NotModelled('not modelled by the lean serde');

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const isAbsent = (v: unknown): boolean => v === null || v === undefined;

/** The SDK's own base64 codec (blobs are base64 strings in AWS JSON). */
export type LeanBase64 = Pick<LeanSdk, 'fromBase64' | 'toBase64'>;

/**
 * The request body the SDK would send for `input`, or undefined when `input` holds a value the
 * lean writer does not model (the caller then sends it through the SDK). Members follow the
 * schema's order; unknown members are dropped and absent ones left out, as the SDK does.
 */
export function writeRequest(
  shape: LeanShape,
  input: unknown,
  base64: LeanBase64,
): string | undefined {
  try {
    return write(shape, input, base64);
  } catch (error) {
    if (error instanceof NotModelled) return undefined;
    throw error;
  }
}

function write(shape: LeanShape, value: unknown, base64: LeanBase64): string {
  switch (shape.kind) {
    case 'string':
      if (typeof value !== 'string') throw NOT_MODELLED;
      // JSON.stringify escapes exactly as the SDK's writer does (control characters, quotes,
      // backslashes, lone surrogates) and leaves the rest as UTF-8.
      return JSON.stringify(value);
    case 'number':
      // The SDK quotes NaN and ±Infinity; SQS rejects them anyway.
      if (typeof value !== 'number' || !Number.isFinite(value)) throw NOT_MODELLED;
      return String(value);
    case 'boolean':
      if (typeof value !== 'boolean') throw NOT_MODELLED;
      return value ? 'true' : 'false';
    case 'blob':
      if (!(value instanceof Uint8Array)) throw NOT_MODELLED;
      return `"${base64.toBase64(value)}"`;
    case 'unit':
      return '{}';
    case 'list': {
      if (!Array.isArray(value)) throw NOT_MODELLED;
      let out = '[';
      for (let i = 0; i < value.length; i++) {
        if (isAbsent(value[i])) throw NOT_MODELLED; // the SDK drops them
        out += (i ? ',' : '') + write(shape.member, value[i], base64);
      }
      return out + ']';
    }
    case 'map': {
      if (!isObject(value)) throw NOT_MODELLED;
      let out = '{';
      let first = true;
      for (const key of Object.keys(value)) {
        const v = value[key];
        if (isAbsent(v)) throw NOT_MODELLED; // the SDK drops them
        out += `${first ? '' : ','}${JSON.stringify(key)}:${write(shape.value, v, base64)}`;
        first = false;
      }
      return out + '}';
    }
    case 'struct': {
      // A `__type` member makes the SDK write every other member too.
      if (!isObject(value) || typeof value.__type === 'string') throw NOT_MODELLED;
      let out = '{';
      for (const [name, member] of shape.members) {
        const v = value[name];
        if (isAbsent(v)) continue;
        out += `${out.length > 1 ? ',' : ''}"${name}":${write(member, v, base64)}`;
      }
      return out + '}';
    }
  }
}

/**
 * The output the SDK's deserializer makes of a successful response body, or undefined when the
 * body holds something the lean reader does not model (the caller then has the SDK read it).
 * Like the SDK, it keeps only the schema's members, drops `null`s, decodes blobs from base64 to
 * `Uint8Array`, and keeps lists and maps of strings as parsed.
 */
export function readResponse(
  shape: LeanShape,
  body: Buffer,
  base64: LeanBase64,
): Record<string, unknown> | undefined {
  try {
    if (body.length === 0) return {};
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (shape.kind === 'unit') {
      // The SDK copies whatever a unit body holds; an empty object is all SQS sends.
      if (!isObject(parsed) || Object.keys(parsed).length > 0) return undefined;
      return {};
    }
    const out = read(shape, parsed, base64);
    return isObject(out) ? out : undefined;
  } catch {
    // Malformed JSON included: the SDK's deserializer throws its own error for it.
    return undefined;
  }
}

function read(shape: LeanShape, value: unknown, base64: LeanBase64): unknown {
  switch (shape.kind) {
    case 'string':
      if (typeof value !== 'string') throw NOT_MODELLED;
      return value;
    case 'number':
      if (typeof value !== 'number') throw NOT_MODELLED;
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw NOT_MODELLED;
      return value;
    case 'blob':
      // fromBase64 is the SDK's own decoder: a Uint8Array view; it rejects bad padding.
      if (typeof value !== 'string') throw NOT_MODELLED;
      return base64.fromBase64(value);
    case 'unit':
      throw NOT_MODELLED;
    case 'list': {
      if (!Array.isArray(value)) throw NOT_MODELLED;
      // The SDK hands scalar lists over as parsed and transforms the others in place.
      if (isScalar(shape.member)) return value;
      for (let i = 0; i < value.length; i++) {
        if (isAbsent(value[i])) throw NOT_MODELLED;
        value[i] = read(shape.member, value[i], base64);
      }
      return value;
    }
    case 'map': {
      if (!isObject(value) || Object.prototype.hasOwnProperty.call(value, '__proto__')) {
        throw NOT_MODELLED;
      }
      if (isScalar(shape.value)) return value;
      for (const key of Object.keys(value)) {
        if (isAbsent(value[key])) throw NOT_MODELLED;
        value[key] = read(shape.value, value[key], base64);
      }
      return value;
    }
    case 'struct': {
      // With a `__type`, the SDK keeps the members it does not know; it never comes in a result.
      if (!isObject(value) || typeof value.__type === 'string') throw NOT_MODELLED;
      const out: Record<string, unknown> = {};
      for (const [name, member] of shape.members) {
        const v = value[name];
        if (!isAbsent(v)) out[name] = read(member, v, base64);
      }
      return out;
    }
  }
}

/** Shapes the SDK's reader leaves as parsed inside a list or map (strings, as SQS sends them). */
function isScalar(shape: LeanShape): boolean {
  return shape.kind === 'string';
}
