import {
  ChangeMessageVisibility$,
  ChangeMessageVisibilityBatch$,
  DeleteMessage$,
  DeleteMessageBatch$,
  ReceiveMessage$,
  SendMessage$,
  SendMessageBatch$,
} from '@aws-sdk/client-sqs';
import { NormalizedSchema, operation } from '@smithy/core/schema';
import type { SqsAction } from '../../port/sqs-port.interface';

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
  readonly sdkOperation: ReturnType<typeof operation>;
  /** Long polls draw retry tokens from their own scope, as the SDK's long-poll plugin says. */
  readonly longPoll: boolean;
}

/** The SDK's static operation schemas of the lean actions (exported by `@aws-sdk/client-sqs`). */
const SDK_OPERATIONS: { readonly [A in LeanAction]: typeof ReceiveMessage$ } = {
  receiveMessage: ReceiveMessage$,
  deleteMessage: DeleteMessage$,
  deleteMessageBatch: DeleteMessageBatch$,
  changeMessageVisibility: ChangeMessageVisibility$,
  changeMessageVisibilityBatch: ChangeMessageVisibilityBatch$,
  sendMessage: SendMessage$,
  sendMessageBatch: SendMessageBatch$,
};

/** Thrown while reducing a schema the lean serde does not model. */
class UnsupportedShape extends Error {}

/** Reduces an SDK schema to a {@link LeanShape}; throws {@link UnsupportedShape} for the rest. */
function reduce(schema: NormalizedSchema): LeanShape {
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

function leanOperation(action: LeanAction): LeanOperation | undefined {
  const [, namespace, name, traits, input, output] = SDK_OPERATIONS[action];
  try {
    return {
      action,
      target: `AmazonSQS.${name}`,
      command: `${name}Command`,
      input: reduce(NormalizedSchema.of(input)),
      output: reduce(NormalizedSchema.of(output)),
      sdkOperation: operation(namespace, name, traits, input, output),
      longPoll: action === 'receiveMessage',
    };
  } catch (error) {
    // A future SDK with a shape we do not model: that action simply stays on the SDK.
    if (error instanceof UnsupportedShape) return undefined;
    throw error;
  }
}

/** The lean actions whose shapes the lean serde models, with what it needs of each. */
export const LEAN_OPERATIONS: ReadonlyMap<SqsAction, LeanOperation> = new Map(
  LEAN_ACTIONS.flatMap((action) => {
    const op = leanOperation(action);
    return op ? [[action, op] as const] : [];
  }),
);
