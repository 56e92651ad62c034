import { assignMetadata } from '@nestjs/common';
import { SQS_ARGS_METADATA } from '../tokens/sqs.constants';
import { SqsParamtype } from '../tokens/sqs-paramtype.enum';

/** Injects the `SqsHandlerContext` (queue, queue URL, handler name). */
export function SqsContextArg(): ParameterDecorator {
  return (target, key, index) => {
    const host = target.constructor;
    const args = Reflect.getMetadata(SQS_ARGS_METADATA, host, key as string | symbol) ?? {};
    Reflect.defineMetadata(
      SQS_ARGS_METADATA,
      assignMetadata(args, SqsParamtype.CONTEXT, index),
      host,
      key as string | symbol,
    );
  };
}
