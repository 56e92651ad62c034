import { ProtocolErrors } from './protocol-errors';
import { decodeBase64 } from './base64';
import { defineOwn } from './own-properties';
import { type Member, type Shape, type StructureShape, wireName } from './shapes';

/** More parameters than the largest legal request needs (a full batch is about 500). */
export const MAX_QUERY_PARAMETERS = 5000;
const MAX_ECHO = 64;

/**
 * Decodes an `application/x-www-form-urlencoded` string (a POST body or a URL's query string)
 * into its parameters. Invalid percent-encoding or UTF-8 is a MalformedQueryString, not a
 * silently replaced character: the request would otherwise carry a different body than was sent.
 */
export function parseFormParameters(
  text: string,
  into: Map<string, string> = new Map(),
): Map<string, string> {
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('&', start);
    if (end === -1) end = text.length;
    if (end > start) {
      const pair = text.slice(start, end);
      const eq = pair.indexOf('=');
      const name = decodeComponent(eq === -1 ? pair : pair.slice(0, eq));
      const value = eq === -1 ? '' : decodeComponent(pair.slice(eq + 1));
      if (!into.has(name) && into.size >= MAX_QUERY_PARAMETERS) {
        throw ProtocolErrors.malformedQueryString(`more than ${MAX_QUERY_PARAMETERS} parameters.`);
      }
      into.set(name, value);
    }
    start = end + 1;
  }
  return into;
}

function decodeComponent(raw: string): string {
  const text = raw.includes('+') ? raw.replace(/\+/g, ' ') : raw;
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    throw ProtocolErrors.malformedQueryString(`invalid percent-encoding in "${truncate(raw)}".`);
  }
}

function truncate(text: string): string {
  return text.length > MAX_ECHO ? `${text.slice(0, MAX_ECHO)}...` : text;
}

/** The parameters as a tree split on `.`: `Attribute.1.Name` → Attribute → 1 → Name. */
interface ParamNode {
  value?: string;
  children?: Map<string, ParamNode>;
}

function buildTree(params: ReadonlyMap<string, string>): ParamNode {
  const root: ParamNode = {};
  for (const [key, value] of params) {
    let node = root;
    for (const part of key.split('.')) {
      node.children ??= new Map();
      let next = node.children.get(part);
      if (!next) {
        next = {};
        node.children.set(part, next);
      }
      node = next;
    }
    node.value = value;
  }
  return root;
}

/**
 * Builds an action's input (the SDK's request object) from flattened query parameters, following
 * the query model's names: `Attribute.N.Name/Value`, `MessageAttribute.N.Value.DataType`,
 * `SendMessageBatchRequestEntry.N.Id`, `AttributeName.N`, ... Unknown parameters are ignored.
 */
export function decodeQueryRequest(
  shape: StructureShape,
  params: ReadonlyMap<string, string>,
): Record<string, unknown> {
  return decodeStructure(shape, buildTree(params), '');
}

function childOf(node: ParamNode, memberName: string, member: Member): [string, ParamNode] | [] {
  const names = [wireName(memberName, member), ...(member.aliases ?? [])];
  for (const name of names) {
    const child = node.children?.get(name);
    if (child) return [name, child];
  }
  return [];
}

function decodeStructure(
  shape: StructureShape,
  node: ParamNode,
  prefix: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(shape.members)) {
    const [wire, child] = childOf(node, name, member);
    if (!child || wire === undefined) continue;
    const value = decodeValue(member.shape, child, prefix + wire);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

function decodeValue(shape: Shape, node: ParamNode, path: string): unknown {
  switch (shape.kind) {
    case 'structure':
      return decodeStructure(shape, node, `${path}.`);
    case 'list':
      return indexed(node, path).map(([i, item]) => {
        const value = decodeValue(shape.member, item, `${path}.${i}`);
        return value === undefined ? '' : value;
      });
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [i, entry] of indexed(node, path)) {
        const key = entry.children?.get(shape.keyName)?.value;
        if (key === undefined) {
          throw ProtocolErrors.malformedQueryString(
            `${path}.${i} has no ${path}.${i}.${shape.keyName}.`,
          );
        }
        const valueNode = entry.children?.get(shape.valueName);
        const value = valueNode
          ? decodeValue(shape.value, valueNode, `${path}.${i}.${shape.valueName}`)
          : undefined;
        defineOwn(out, key, value ?? (shape.value.kind === 'structure' ? {} : ''));
      }
      return out;
    }
    default:
      return node.value === undefined ? undefined : decodeScalar(shape.kind, node.value, path);
  }
}

/** The numbered children of a flattened list or map, in index order. */
function indexed(node: ParamNode, path: string): [string, ParamNode][] {
  if (!node.children) return [];
  const items: [string, ParamNode][] = [];
  for (const [key, child] of node.children) {
    if (!/^\d{1,9}$/.test(key)) {
      throw ProtocolErrors.malformedQueryString(
        `"${truncate(`${path}.${key}`)}": expected a numeric index after ${path}.`,
      );
    }
    items.push([key, child]);
  }
  return items.sort((a, b) => Number(a[0]) - Number(b[0]));
}

function decodeScalar(kind: Shape['kind'], text: string, path: string): unknown {
  switch (kind) {
    case 'integer':
    case 'long': {
      const n = /^[+-]?\d{1,16}$/.test(text.trim()) ? Number(text.trim()) : NaN;
      if (!Number.isSafeInteger(n)) {
        throw ProtocolErrors.invalidParameterValue(truncate(text), path, 'Must be an integer.');
      }
      return n;
    }
    case 'boolean':
      if (text !== 'true' && text !== 'false') {
        throw ProtocolErrors.invalidParameterValue(truncate(text), path, 'Must be a boolean.');
      }
      return text === 'true';
    case 'blob': {
      const bytes = decodeBase64(text);
      if (!bytes) {
        throw ProtocolErrors.invalidParameterValue(
          truncate(text),
          path,
          'Must be a base64-encoded binary value.',
        );
      }
      return bytes;
    }
    default:
      return text;
  }
}
