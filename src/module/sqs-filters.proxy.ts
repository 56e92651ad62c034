import type { ArgumentsHost, ContextType } from '@nestjs/common';
import type { ExternalContextCreator } from '@nestjs/core';

type RpcArgumentsHost = ReturnType<ArgumentsHost['switchToRpc']>;
type HttpArgumentsHost = ReturnType<ArgumentsHost['switchToHttp']>;
type WsArgumentsHost = ReturnType<ArgumentsHost['switchToWs']>;

/** What `ExternalContextCreator` hands its error proxy: the handler's exception filters. */
interface ExceptionFilters {
  /** The first of the handler's filters (method, class, global) that catches `error`, or null. */
  invokeCustomFilters(error: unknown, host: ArgumentsHost): unknown;
}

/** `ExternalContextCreator`'s error proxy, the one member this file replaces. */
interface ErrorProxyHolder {
  externalErrorProxy?: {
    createProxy(target: Callback, filters: ExceptionFilters, type: string): Callback;
  };
}

type Callback = (...args: unknown[]) => Promise<unknown>;

/**
 * An `ExternalContextCreator` whose calls run the handler's exception filters (method, class
 * and global ones, as Nest selects them) but, when none catches the error, rethrow it without
 * Nest's default `ExceptionsHandler` log line: the consumer reports each failed attempt itself,
 * once. Nest 11 and 12 both hand filters to `externalErrorProxy.createProxy`; where that member
 * is missing, Nest's own behaviour (its log line too) is kept.
 */
export function withoutDefaultErrorLog(creator: ExternalContextCreator): ExternalContextCreator {
  if (
    typeof (creator as unknown as ErrorProxyHolder).externalErrorProxy?.createProxy !== 'function'
  ) {
    return creator;
  }
  const quiet: ErrorProxyHolder = {
    externalErrorProxy: {
      createProxy:
        (target, filters, type) =>
        async (...args) => {
          try {
            return await target(...args);
          } catch (error) {
            if (typeof filters.invokeCustomFilters !== 'function') throw error;
            const handled = filters.invokeCustomFilters(error, new SqsArgumentsHost(args, type));
            if (handled) return handled;
            throw error;
          }
        },
    },
  };
  // Everything else is the real creator's, through the prototype chain.
  return Object.assign(Object.create(creator) as ExternalContextCreator, quiet);
}

/** The `ArgumentsHost` an exception filter of a handler sees: `[payload, context]`, type `sqs`. */
class SqsArgumentsHost implements ArgumentsHost {
  constructor(
    private readonly args: unknown[],
    private readonly type: string,
  ) {}

  getArgs<T extends unknown[] = unknown[]>(): T {
    return this.args as T;
  }

  getArgByIndex<T = unknown>(index: number): T {
    return this.args[index] as T;
  }

  getType<T extends string = ContextType>(): T {
    return this.type as T;
  }

  switchToRpc(): RpcArgumentsHost {
    return {
      getData: <T>() => this.args[0] as T,
      getContext: <T>() => this.args[1] as T,
    };
  }

  switchToHttp(): HttpArgumentsHost {
    return {
      getRequest: <T>() => this.args[0] as T,
      getResponse: <T>() => this.args[1] as T,
      getNext: <T>() => this.args[2] as T,
    };
  }

  switchToWs(): WsArgumentsHost {
    return {
      getClient: <T>() => this.args[0] as T,
      getData: <T>() => this.args[1] as T,
      getPattern: () => '',
    };
  }
}
