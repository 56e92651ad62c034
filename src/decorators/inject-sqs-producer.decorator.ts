import { Inject } from '@nestjs/common';
import { getProducerToken } from '../tokens/get-producer-token.util';
import { type ClassRef, recordProducerInjection } from '../tokens/injected-producers.registry';

/**
 * Injects the `SqsProducer<T>` of a declared queue.
 *
 * @example
 * constructor(@InjectSqsProducer('orders') private readonly orders: SqsProducer<Order>) {}
 */
export function InjectSqsProducer(queue: string): PropertyDecorator & ParameterDecorator {
  const inject = Inject(getProducerToken(queue));
  return (target: object, key: string | symbol | undefined, index?: number) => {
    // A constructor parameter's target is the class; a property's is its prototype.
    const cls = (typeof target === 'function' ? target : target.constructor) as ClassRef;
    recordProducerInjection(queue, cls);
    if (index === undefined) (inject as PropertyDecorator)(target, key as string | symbol);
    else (inject as ParameterDecorator)(target, key, index);
  };
}
