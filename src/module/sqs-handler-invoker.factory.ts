import { Injectable } from '@nestjs/common';
import { ContextIdFactory, ExternalContextCreator, ModuleRef } from '@nestjs/core';
import { isObservable, lastValueFrom } from 'rxjs';
import type { SqsHandlerContext, SqsMessage } from '../interfaces/sqs-message.interface';
import type { DiscoveredHandler } from './sqs.explorer';
import { SQS_ARGS_METADATA, SQS_CONTEXT_TYPE } from '../tokens/sqs.constants';
import { withoutDefaultErrorLog } from './sqs-filters.proxy';
import { SqsParamsFactory } from './sqs-params.factory';

/** Calls one handler with `(payload, context)`, through Nest's enhancers. */
export type SqsHandlerInvoker = (
  payload: SqsMessage<unknown> | SqsMessage<unknown>[],
  context: SqsHandlerContext,
) => Promise<unknown>;

type Method = (...args: unknown[]) => unknown;

const ENHANCERS = { guards: true, interceptors: true, filters: true };

/**
 * Turns a discovered handler into a function the consumer calls. Each call goes through
 * `ExternalContextCreator`, so guards, interceptors, pipes and exception filters (method, class
 * and global ones) apply, with an `ExecutionContext` of type `'sqs'` whose RPC data is the
 * message and whose RPC context is the {@link SqsHandlerContext}. As in Nest's RPC contexts, an
 * exception filter that returns a value (e.g. `of(null)`) marks the message handled; one that
 * returns nothing or rethrows lets it fail.
 *
 * When no exception filter catches a handler's error, Nest's default `ExceptionsHandler` does not
 * log it: the consumer logs each failed attempt itself, once.
 *
 * The method is looked up on the instance at every call, not bound at boot, so wrappers
 * installed later (tracing, test spies) run too. Request-scoped handlers get a fresh context
 * per message, with the message registered as its `REQUEST`.
 */
@Injectable()
export class SqsHandlerInvokerFactory {
  private readonly params = new SqsParamsFactory();
  private readonly contextCreator: ExternalContextCreator;

  constructor(
    contextCreator: ExternalContextCreator,
    private readonly moduleRef: ModuleRef,
  ) {
    this.contextCreator = withoutDefaultErrorLog(contextCreator);
  }

  create(handler: DiscoveredHandler): SqsHandlerInvoker {
    if (!handler.requestScoped) {
      const run = this.contextCreator.create(
        handler.instance,
        callAtCallTime(handler.instance, handler.methodName),
        handler.methodName,
        SQS_ARGS_METADATA,
        this.params,
        undefined,
        undefined,
        ENHANCERS,
        SQS_CONTEXT_TYPE,
      );
      return async (payload, context) => settle(await run(payload, context));
    }
    return async (payload, context) => {
      const contextId = ContextIdFactory.getByRequest(payload as object);
      this.moduleRef.registerRequestByContextId(payload, contextId);
      const instance = await this.moduleRef.resolve<object>(
        handler.wrapper.token as never,
        contextId,
        {
          strict: false,
        },
      );
      const run = this.contextCreator.create(
        instance,
        callAtCallTime(instance, handler.methodName),
        handler.methodName,
        SQS_ARGS_METADATA,
        this.params,
        contextId,
        handler.wrapper.id,
        ENHANCERS,
        SQS_CONTEXT_TYPE,
      );
      return settle(await run(payload, context));
    };
  }
}

/**
 * What an exception filter returned: Nest treats a filter's truthy return as the handled result
 * (RPC filters return Observables), so an Observable is awaited and may still throw.
 */
function settle(result: unknown): Promise<unknown> | unknown {
  return isObservable(result) ? lastValueFrom(result, { defaultValue: undefined }) : result;
}

/**
 * A stand-in for `instance[methodName]` that looks the method up when called. Its prototype is
 * the original method, so metadata read from it (guards, interceptors, `SetMetadata`) is the
 * original's, as `Reflect.getMetadata` follows the prototype chain.
 */
function callAtCallTime(instance: object, methodName: string): Method {
  const original = (instance as Record<string, Method>)[methodName];
  const call = function (this: Record<string, Method>, ...args: unknown[]): unknown {
    return this[methodName](...args);
  };
  Object.setPrototypeOf(call, original);
  Object.defineProperty(call, 'name', { value: original.name });
  return call;
}
