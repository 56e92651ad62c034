import type { ContextType, ExecutionContext, Type } from '@nestjs/common';

// Not exported by @nestjs/common's root in every version; the same types through the context.
type HttpArgumentsHost = ReturnType<ExecutionContext['switchToHttp']>;
type RpcArgumentsHost = ReturnType<ExecutionContext['switchToRpc']>;
type WsArgumentsHost = ReturnType<ExecutionContext['switchToWs']>;

/**
 * The `ExecutionContext` a guard sees on a dashboard request: an HTTP context over the
 * framework's own request and response (Express's, or Fastify's), like a controller route's.
 * Nest's own implementation is internal to `@nestjs/core`, hence this small one.
 */
export class SqsDashboardGuardContext implements ExecutionContext {
  constructor(
    private readonly args: [request: unknown, response: unknown, next?: unknown],
    private readonly owner: Type<unknown>,
    private readonly handler: (...args: never[]) => unknown,
  ) {}

  getClass<T = unknown>(): Type<T> {
    return this.owner as Type<T>;
  }

  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- Nest's signature
  getHandler(): Function {
    return this.handler;
  }

  getArgs<T extends unknown[] = unknown[]>(): T {
    return this.args as unknown as T;
  }

  getArgByIndex<T = unknown>(index: number): T {
    return this.args[index] as T;
  }

  getType<T extends string = ContextType>(): T {
    return 'http' as T;
  }

  switchToHttp(): HttpArgumentsHost {
    return {
      getRequest: <T>() => this.args[0] as T,
      getResponse: <T>() => this.args[1] as T,
      getNext: <T>() => this.args[2] as T,
    };
  }

  switchToRpc(): RpcArgumentsHost {
    return { getData: <T>() => this.args[0] as T, getContext: <T>() => this.args[1] as T };
  }

  switchToWs(): WsArgumentsHost {
    return {
      getData: <T>() => this.args[1] as T,
      getClient: <T>() => this.args[0] as T,
      getPattern: () => '',
    };
  }
}
