import { Injectable } from '@nestjs/common';
import { DemoConfig } from '../config/demo-config';

/**
 * Decides which messages fail, for the demo to show retries and the dead-letter queue. The
 * choice is a hash of the message's own id, not a coin toss per attempt, so a failing order fails
 * on every attempt — like a real poison message — and ends in the DLQ.
 */
@Injectable()
export class FailurePolicy {
  constructor(private readonly config: DemoConfig) {}

  /** Whether the item with this id is among the `DEMO_FAILURE_RATE` share that fails. */
  fails(id: string): boolean {
    return unitHash(id) < this.config.failureRate;
  }
}

/** FNV-1a of the text, scaled into [0, 1): stable across runs and machines. */
function unitHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 2 ** 32;
}
