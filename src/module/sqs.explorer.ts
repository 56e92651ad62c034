import { Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { SqsHandlerOptions } from '../interfaces/sqs-consumer-options.interface';
import { SqsMetadataAccessor } from './sqs-metadata.accessor';

/** A wrapper as `DiscoveryService` returns it. */
export type DiscoveredWrapper = ReturnType<DiscoveryService['getProviders']>[number];

/** One `@SqsHandler` found on a provider or controller method. */
export interface DiscoveredHandler {
  readonly queue: string;
  readonly options: SqsHandlerOptions;
  readonly instance: object;
  readonly wrapper: DiscoveredWrapper;
  readonly className: string;
  readonly methodName: string;
  /** `ClassName.methodName`. */
  readonly name: string;
  /** Whether a new instance must be resolved per message (request-scoped or transient tree). */
  readonly requestScoped: boolean;
}

/** Finds every `@SqsHandler` method among the application's providers and controllers. */
@Injectable()
export class SqsExplorer {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly metadata: SqsMetadataAccessor,
  ) {}

  explore(): DiscoveredHandler[] {
    const found: DiscoveredHandler[] = [];
    const seen = new Set<string>();
    const seenInstances = new Map<object, number>();
    const wrappers = [...this.discovery.getProviders(), ...this.discovery.getControllers()];
    for (const wrapper of wrappers) {
      if (wrapper.isAlias) continue;
      const instance = instanceOf(wrapper);
      if (!instance) continue;
      // One object provided under several tokens (useValue twice) is one consumer, not two.
      let instanceId = seenInstances.get(instance);
      if (instanceId === undefined) seenInstances.set(instance, (instanceId = seenInstances.size));
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown> | null;
      if (!prototype) continue;
      const className =
        (instance.constructor as { name?: string } | undefined)?.name || String(wrapper.name);
      for (const methodName of this.scanner.getAllMethodNames(prototype)) {
        const handlers = this.metadata.getHandlers(prototype[methodName]);
        if (!handlers) continue;
        for (const [index, { queue, options }] of handlers.entries()) {
          // One object under several tokens is seen once per token: count its handlers once.
          // Stacked decorators on one method are distinct handlers, so the index is in the key.
          const key = `${instanceId}\u0000${methodName}\u0000${index}`;
          if (seen.has(key)) continue;
          seen.add(key);
          found.push({
            queue,
            options,
            instance,
            wrapper,
            className,
            methodName,
            name: `${className}.${methodName}`,
            requestScoped: !wrapper.isDependencyTreeStatic() || wrapper.isTransient,
          });
        }
      }
    }
    return found;
  }
}

function instanceOf(wrapper: DiscoveredWrapper): object | undefined {
  const instance = wrapper.instance as unknown;
  if (instance && typeof instance === 'object') return instance;
  // A request-scoped provider has no static instance; its class still carries the metadata.
  const metatype = wrapper.metatype as unknown;
  const prototype =
    typeof metatype === 'function' ? (metatype.prototype as object | undefined) : undefined;
  if (!wrapper.isDependencyTreeStatic() && prototype) return Object.create(prototype) as object;
  return undefined;
}
