import type {
  SqsEventListener,
  SqsEventMap,
  SqsEventName,
} from '../interfaces/sqs-events.interface';

type ListenerSets = { [K in SqsEventName]?: Set<SqsEventListener<K>> };

/**
 * The module's typed events (inject `SqsEvents`). Listeners run synchronously; a listener that
 * throws is ignored, so observers can never break message handling.
 *
 * @example
 * events.on('messageFailed', ({ queue, message, error }) => metrics.increment(queue));
 */
export class SqsEvents {
  private readonly listeners: ListenerSets = {};

  /** Subscribes; returns the function that unsubscribes. */
  on<K extends SqsEventName>(name: K, listener: SqsEventListener<K>): () => void {
    let set = this.listeners[name] as Set<SqsEventListener<K>> | undefined;
    if (!set) {
      set = new Set();
      (this.listeners as Record<K, Set<SqsEventListener<K>>>)[name] = set;
    }
    set.add(listener);
    return () => this.off(name, listener);
  }

  /** Subscribes for one event. */
  once<K extends SqsEventName>(name: K, listener: SqsEventListener<K>): () => void {
    const off = this.on(name, (event) => {
      off();
      listener(event);
    });
    return off;
  }

  off<K extends SqsEventName>(name: K, listener: SqsEventListener<K>): void {
    (this.listeners[name] as Set<SqsEventListener<K>> | undefined)?.delete(listener);
  }

  /** Whether anyone listens to `name` (lets the hot path skip building the event). */
  has(name: SqsEventName): boolean {
    const set = this.listeners[name];
    return set !== undefined && set.size > 0;
  }

  emit<K extends SqsEventName>(name: K, event: SqsEventMap[K]): void {
    const set = this.listeners[name] as Set<SqsEventListener<K>> | undefined;
    if (!set) return;
    for (const listener of set) {
      try {
        listener(event);
      } catch {
        // An observer's bug must not change what happens to the message.
      }
    }
  }
}
