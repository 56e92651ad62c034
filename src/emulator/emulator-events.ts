/** Something that happened to a message in the emulator. */
export type EmulatorEvent =
  | { type: 'sent'; queueName: string; messageId: string }
  | { type: 'received'; queueName: string; messageId: string; receiveCount: number }
  | { type: 'deleted'; queueName: string; messageId: string }
  | { type: 'deadLettered'; queueName: string; deadLetterQueueName: string; messageId: string };

export type EmulatorEventListener = (event: EmulatorEvent) => void;

/**
 * A minimal synchronous event channel. The emulator checks `active` before building an event, so
 * with no listener the hot path pays one property read.
 */
export class EmulatorEvents {
  private readonly listeners = new Set<EmulatorEventListener>();

  get active(): boolean {
    return this.listeners.size > 0;
  }

  /** Subscribes; returns the function that unsubscribes. */
  on(listener: EmulatorEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: EmulatorEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // An observer's bug must not break the queue operation that notified it.
      }
    }
  }
}
