import type { ParamData } from '@nestjs/common';
import type { ParamsFactory } from '@nestjs/core';
import type { SqsMessage } from '../interfaces/sqs-message.interface';
import { SqsParamtype } from '../tokens/sqs-paramtype.enum';

/** Gives parameter decorators their values from a handler's arguments `(payload, context)`. */
export class SqsParamsFactory implements ParamsFactory {
  exchangeKeyForValue(type: number, data: ParamData | undefined, args: unknown[]): unknown {
    const [payload, context] = args as [SqsMessage<unknown> | SqsMessage<unknown>[], unknown];
    switch (type) {
      case SqsParamtype.BODY: {
        const pick = (m: SqsMessage<unknown>) =>
          data === undefined || data === null
            ? m.body
            : (m.body as Record<string, unknown> | null | undefined)?.[data as string];
        return Array.isArray(payload) ? payload.map(pick) : pick(payload);
      }
      case SqsParamtype.MESSAGE:
        return payload;
      case SqsParamtype.CONTEXT:
        return context;
      default:
        return undefined;
    }
  }
}
