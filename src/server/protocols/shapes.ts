/**
 * A tiny subset of the Smithy/botocore shape model: enough to describe SQS's requests and results
 * once and to drive both wire protocols from that description (JSON type checks, query-string
 * flattening, XML output).
 */

/** Scalar types SQS uses. `blob` travels as base64 in both protocols. */
export type ScalarKind = 'string' | 'integer' | 'long' | 'boolean' | 'blob';

export interface ScalarShape {
  readonly kind: ScalarKind;
}

/** A list. SQS flattens every list in the query protocol: `<memberName>.N`. */
export interface ListShape {
  readonly kind: 'list';
  readonly member: Shape;
  /** The query/XML name of each element (it replaces the member's own name when flattened). */
  readonly memberName?: string;
}

/** A string-keyed map, flattened in the query protocol as `<name>.N.<keyName>` / `.<valueName>`. */
export interface MapShape {
  readonly kind: 'map';
  readonly value: Shape;
  readonly keyName: string;
  readonly valueName: string;
  /** The shape-level query/XML name (a member's own `name` wins over it). */
  readonly name?: string;
}

export interface StructureShape {
  readonly kind: 'structure';
  readonly members: Readonly<Record<string, Member>>;
}

export type Shape = ScalarShape | ListShape | MapShape | StructureShape;

/** A structure member: its shape and, where the query model renames it, its wire name. */
export interface Member {
  readonly shape: Shape;
  /** The query/XML location name, e.g. `Attribute` for `Attributes`. */
  readonly name?: string;
  /** Other wire names accepted on input (lenient parsing of what some clients send). */
  readonly aliases?: readonly string[];
}

export const STRING: ScalarShape = { kind: 'string' };
export const INTEGER: ScalarShape = { kind: 'integer' };
export const LONG: ScalarShape = { kind: 'long' };
export const BOOLEAN: ScalarShape = { kind: 'boolean' };
export const BLOB: ScalarShape = { kind: 'blob' };

export const list = (member: Shape, memberName?: string): ListShape => ({
  kind: 'list',
  member,
  memberName,
});

export const map = (
  value: Shape,
  options: { keyName?: string; valueName?: string; name?: string } = {},
): MapShape => ({
  kind: 'map',
  value,
  keyName: options.keyName ?? 'Name',
  valueName: options.valueName ?? 'Value',
  name: options.name,
});

/** A member with a wire name (and optional input aliases). */
export const named = (shape: Shape, name: string, aliases?: readonly string[]): Member => ({
  shape,
  name,
  aliases,
});

/** A structure from `{ member: shape | Member }`, in wire order. */
export function struct(members: Record<string, Shape | Member>): StructureShape {
  const out: Record<string, Member> = {};
  for (const [key, value] of Object.entries(members)) {
    out[key] = 'shape' in value ? value : { shape: value };
  }
  return { kind: 'structure', members: out };
}

/**
 * The name a member has on the query/XML wire, following botocore's rules: a flattened list takes
 * its element name; otherwise the member's location name, the shape's, or the member's own name.
 */
export function wireName(memberName: string, member: Member): string {
  const shape = member.shape;
  if (shape.kind === 'list' && shape.memberName) return shape.memberName;
  return member.name ?? (shape.kind === 'map' ? shape.name : undefined) ?? memberName;
}
