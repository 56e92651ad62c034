import { Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { SqsHandlerMetadata } from '../decorators/sqs-handler.decorator';
import { SQS_HANDLER_METADATA } from '../tokens/sqs.constants';

/** Reads `@SqsHandler` metadata. */
@Injectable()
export class SqsMetadataAccessor {
  constructor(private readonly reflector: Reflector) {}

  /** The `@SqsHandler`s on a method, or undefined when it has none. */
  getHandlers(method: unknown): readonly SqsHandlerMetadata[] | undefined {
    if (typeof method !== 'function') return undefined;
    return this.reflector.get<SqsHandlerMetadata[] | undefined>(SQS_HANDLER_METADATA, method);
  }
}
