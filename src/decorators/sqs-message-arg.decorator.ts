import { assignMetadata, type PipeTransform, type Type } from '@nestjs/common';
import { SQS_ARGS_METADATA } from '../tokens/sqs.constants';
import { SqsParamtype } from '../tokens/sqs-paramtype.enum';

/**
 * Injects the whole `SqsMessage` (or the array, in batch handlers). Only needed when other
 * parameters use decorators: without any, a handler gets `(message, context)` as they are.
 */
export function SqsMessageArg(
  ...pipes: (Type<PipeTransform> | PipeTransform)[]
): ParameterDecorator {
  return (target, key, index) => {
    const host = target.constructor;
    const args = Reflect.getMetadata(SQS_ARGS_METADATA, host, key as string | symbol) ?? {};
    Reflect.defineMetadata(
      SQS_ARGS_METADATA,
      assignMetadata(args, SqsParamtype.MESSAGE, index, undefined, ...pipes),
      host,
      key as string | symbol,
    );
  };
}
