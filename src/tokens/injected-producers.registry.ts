/**
 * Queues injected with `@InjectSqsProducer`, and the classes that inject them. Filled when
 * decorated classes are defined, read when Nest scans the module (which happens after every
 * import has been evaluated), so `forRootAsync` can register producers for queues it only learns
 * about from its factory. Boot checks each name against the declared queues, for the classes the
 * application actually contains.
 */
/** A class, as decorators see it. */
export type ClassRef = abstract new (...args: never[]) => unknown;

const injections = new Map<string, Set<ClassRef>>();

export function recordProducerInjection(queue: string, target: ClassRef): void {
  let classes = injections.get(queue);
  if (!classes) injections.set(queue, (classes = new Set()));
  classes.add(target);
}

/** Every queue name injected anywhere so far. */
export function injectedProducerQueues(): string[] {
  return [...injections.keys()];
}

/** The classes that inject the producer of `queue`. */
export function producerInjectionSites(queue: string): ClassRef[] {
  return [...(injections.get(queue) ?? [])];
}
