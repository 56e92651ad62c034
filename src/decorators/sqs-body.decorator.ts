import { assignMetadata, type PipeTransform, type Type } from '@nestjs/common';
import { SQS_ARGS_METADATA } from '../tokens/sqs.constants';
import { SqsParamtype } from '../tokens/sqs-paramtype.enum';

type Pipe = Type<PipeTransform> | PipeTransform;

/**
 * Injects the decoded body (an array of bodies in batch handlers), or one property of it, and
 * runs pipes on it — e.g. `@SqsBody(new ValidationPipe()) order: OrderDto`.
 */
export function SqsBody(property?: string | Pipe, ...pipes: Pipe[]): ParameterDecorator {
  const data = typeof property === 'string' ? property : undefined;
  const allPipes =
    typeof property === 'string' || property === undefined ? pipes : [property, ...pipes];
  return (target, key, index) => {
    const host = target.constructor;
    const args = Reflect.getMetadata(SQS_ARGS_METADATA, host, key as string | symbol) ?? {};
    Reflect.defineMetadata(
      SQS_ARGS_METADATA,
      assignMetadata(args, SqsParamtype.BODY, index, data, ...allPipes),
      host,
      key as string | symbol,
    );
  };
}
