import {
  ChangeMessageVisibility$,
  ChangeMessageVisibilityBatch$,
  DeleteMessage$,
  DeleteMessageBatch$,
  ReceiveMessage$,
  SendMessage$,
  SendMessageBatch$,
} from '@aws-sdk/client-sqs';
import type { SqsAction } from '../../port/sqs-port.interface';
import {
  describeError,
  LeanInternalError,
  type LeanOperationSchema,
  type LeanSchemaView,
  type LeanSdk,
} from './lean-sdk';

/**
 * The port methods the lean transport carries itself: a consumer's receive and acknowledgements,
 * a producer's sends. Every other action goes through the SDK client unchanged.
 */
export type LeanAction =
  | 'receiveMessage'
  | 'deleteMessage'
  | 'deleteMessageBatch'
  | 'changeMessageVisibility'
  | 'changeMessageVisibilityBatch'
  | 'sendMessage'
  | 'sendMessageBatch';

/** Every {@link LeanAction}. */
export const LEAN_ACTIONS: readonly LeanAction[] = [
  'receiveMessage',
  'deleteMessage',
  'deleteMessageBatch',
  'changeMessageVisibility',
  'changeMessageVisibilityBatch',
  'sendMessage',
  'sendMessageBatch',
];

const LEAN_ACTION_SET: ReadonlySet<string> = new Set(LEAN_ACTIONS);

export function isLeanAction(action: SqsAction): action is LeanAction {
  return LEAN_ACTION_SET.has(action);
}

/**
 * A shape the lean serde walks: the SDK's own schema for the action, reduced once to the kinds
 * these seven actions use. Anything else (timestamps, documents, unions, media types, sparse
 * collections, idempotency tokens) has no node, and its action stays on the SDK.
 */
export type LeanShape =
  | { readonly kind: 'string' | 'number' | 'boolean' | 'blob' | 'unit' }
  | { readonly kind: 'list'; readonly member: LeanShape }
  | { readonly kind: 'map'; readonly value: LeanShape }
  | { readonly kind: 'struct'; readonly members: readonly (readonly [string, LeanShape])[] };

/** What the lean transport knows of one action: its wire name, shapes and SDK operation. */
export interface LeanOperation {
  readonly action: LeanAction;
  /** `AmazonSQS.<Action>`, the `X-Amz-Target` header. */
  readonly target: string;
  /** The SDK command's name (`ReceiveMessageCommand`), as the SDK's logger middleware logs it. */
  readonly command: string;
  readonly input: LeanShape;
  readonly output: LeanShape;
  /**
   * The SDK's operation schema, for its own deserializer: an error response, or a body the lean
   * reader does not model, is read by the SDK's code, so what the caller gets is the SDK's.
   */
  readonly sdkOperation: LeanOperationSchema;
  /** Long polls draw retry tokens from their own scope, as the SDK's long-poll plugin says. */
  readonly longPoll: boolean;
}

/** The lean actions whose shapes the lean serde models, with what it needs of each. */
export type LeanOperations = ReadonlyMap<LeanAction, LeanOperation>;

/**
 * The SDK's static operation schemas of the lean actions (exported by `@aws-sdk/client-sqs`),
 * read when first needed: a module load that read them would break every user of the package,
 * lean or not, on an SDK without one of them.
 */
function sdkOperationSchema(action: LeanAction): unknown {
  switch (action) {
    case 'receiveMessage':
      return ReceiveMessage$;
    case 'deleteMessage':
      return DeleteMessage$;
    case 'deleteMessageBatch':
      return DeleteMessageBatch$;
    case 'changeMessageVisibility':
      return ChangeMessageVisibility$;
    case 'changeMessageVisibilityBatch':
      return ChangeMessageVisibilityBatch$;
    case 'sendMessage':
      return SendMessage$;
    case 'sendMessageBatch':
      return SendMessageBatch$;
  }
}

/** Thrown while reducing a schema the lean serde does not model. */
class UnsupportedShape extends Error {}

/** Reduces an SDK schema to a {@link LeanShape}; throws {@link UnsupportedShape} for the rest. */
function reduce(schema: LeanSchemaView): LeanShape {
  const traits = schema.getMergedTraits();
  if (
    traits.mediaType !== undefined ||
    traits.sparse !== undefined ||
    schema.isIdempotencyToken()
  ) {
    throw new UnsupportedShape(schema.getName() ?? '');
  }
  if (schema.isUnitSchema()) return { kind: 'unit' };
  if (schema.isStringSchema()) return { kind: 'string' };
  if (schema.isBlobSchema()) return { kind: 'blob' };
  if (schema.isBooleanSchema()) return { kind: 'boolean' };
  // Big numbers are numeric too, but are read and written as BigInt/NumericValue.
  if (schema.isNumericSchema() && !schema.isBigIntegerSchema() && !schema.isBigDecimalSchema()) {
    return { kind: 'number' };
  }
  if (schema.isListSchema()) return { kind: 'list', member: reduce(schema.getValueSchema()) };
  if (schema.isMapSchema()) return { kind: 'map', value: reduce(schema.getValueSchema()) };
  if (schema.isStructSchema() && !schema.isUnionSchema()) {
    const members: (readonly [string, LeanShape])[] = [];
    for (const [name, member] of schema.structIterator()) members.push([name, reduce(member)]);
    return { kind: 'struct', members };
  }
  throw new UnsupportedShape(schema.getName() ?? '');
}

/** A static operation schema: `[9, namespace, name, traits, input, output]`. */
function isStaticOperation(
  value: unknown,
): value is readonly [unknown, string, string, unknown, unknown, unknown] {
  return (
    Array.isArray(value) &&
    value.length >= 6 &&
    typeof value[1] === 'string' &&
    typeof value[2] === 'string'
  );
}

function leanOperation(sdk: LeanSdk, action: LeanAction): LeanOperation | undefined {
  const schema = sdkOperationSchema(action);
  if (!isStaticOperation(schema)) {
    throw new LeanInternalError(`@aws-sdk/client-sqs has no operation schema for ${action}`);
  }
  const [, namespace, name, traits, input, output] = schema;
  try {
    return {
      action,
      target: `AmazonSQS.${name}`,
      command: `${name}Command`,
      input: reduce(sdk.NormalizedSchema.of(input)),
      output: reduce(sdk.NormalizedSchema.of(output)),
      sdkOperation: sdk.operation(namespace, name, traits, input, output),
      longPoll: action === 'receiveMessage',
    };
  } catch (error) {
    // A future SDK with a shape we do not model: that action simply stays on the SDK.
    if (error instanceof UnsupportedShape) return undefined;
    throw new LeanInternalError(
      `cannot read the SDK's schema of ${action}: ${describeError(error)}`,
    );
  }
}

/** Built once per process (the schemas are static), or the error that stopped it. */
let built:
  { readonly sdk: LeanSdk; readonly result: LeanOperations | LeanInternalError } | undefined;

/**
 * The lean actions whose shapes the lean serde models, built from the SDK's schemas on first
 * use; throws a {@link LeanInternalError} when the SDK's schemas are not what it reads.
 */
export function leanOperations(sdk: LeanSdk): LeanOperations {
  if (built?.sdk !== sdk) built = { sdk, result: tryBuild(sdk) };
  if (built.result instanceof LeanInternalError) throw built.result;
  return built.result;
}

function tryBuild(sdk: LeanSdk): LeanOperations | LeanInternalError {
  try {
    const operations = new Map<LeanAction, LeanOperation>();
    for (const action of LEAN_ACTIONS) {
      const op = leanOperation(sdk, action);
      if (op) operations.set(action, op);
    }
    return operations;
  } catch (error) {
    return error instanceof LeanInternalError
      ? error
      : new LeanInternalError(`cannot read the SDK's schemas: ${describeError(error)}`);
  }
}
