import { Injectable } from '@nestjs/common';
import { DemoConfig } from '../config/demo-config';
import type { NotifierStatus } from '../feed/demo-stats.interface';

/** How long the orders service waits for the notifier's status: the page polls it every second. */
const STATUS_TIMEOUT_MS = 1_000;

/** The orders service's view of the notifier: its status, if it answers. */
@Injectable()
export class NotifierClient {
  constructor(private readonly config: DemoConfig) {}

  /** Where the notifier listens. */
  get url(): string {
    return this.config.notifierUrl;
  }

  /** The notifier's counts and consumers, or undefined while it is down or not answering. */
  async status(): Promise<NotifierStatus | undefined> {
    try {
      const response = await fetch(`${this.url}/feed/status`, {
        signal: AbortSignal.timeout(STATUS_TIMEOUT_MS),
      });
      // The notifier's own answer (feed-status.controller.ts), of the type named here.
      return response.ok ? ((await response.json()) as NotifierStatus) : undefined;
    } catch {
      return undefined;
    }
  }
}
