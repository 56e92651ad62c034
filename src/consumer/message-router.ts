import type { ConsumerRoute } from './consumer-route';
import type { ReceivedMessage } from './received-message';

/**
 * Picks a message's handler by its message-type attribute: the handler declaring that type, else
 * the queue's catch-all handler, else none.
 */
export class MessageRouter {
  private readonly byType = new Map<string, ConsumerRoute>();
  private readonly fallback: ConsumerRoute | undefined;
  /** A queue with one catch-all handler never needs to look at attributes. */
  private readonly only: ConsumerRoute | undefined;

  constructor(
    routes: readonly ConsumerRoute[],
    readonly typeAttribute: string,
  ) {
    let fallback: ConsumerRoute | undefined;
    for (const route of routes) {
      if (route.messageTypes === undefined) fallback = route;
      else for (const type of route.messageTypes) this.byType.set(type, route);
    }
    this.fallback = fallback;
    this.only = routes.length === 1 && fallback ? fallback : undefined;
  }

  route(message: ReceivedMessage): ConsumerRoute | undefined {
    if (this.only) return this.only;
    const type = message.stringAttribute(this.typeAttribute);
    return (type !== undefined ? this.byType.get(type) : undefined) ?? this.fallback;
  }

  /** The message's type, for error texts. */
  typeOf(message: ReceivedMessage): string | undefined {
    return message.stringAttribute(this.typeAttribute);
  }
}
