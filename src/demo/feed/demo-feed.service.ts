import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { type Observable, Subject } from 'rxjs';
import type { DemoMessageEvent } from './demo-event.interface';

/**
 * The demo's live feed: producers and the SQS event bridge publish here, the SSE endpoint and
 * the stats subscribe. Completing it at shutdown ends open event streams, so the HTTP server can
 * close.
 */
@Injectable()
export class DemoFeed implements OnModuleDestroy {
  private readonly subject = new Subject<DemoMessageEvent>();
  private seq = 0;

  /** Every event from now on (no replay). */
  readonly events$: Observable<DemoMessageEvent> = this.subject.asObservable();

  publish(event: Omit<DemoMessageEvent, 'seq' | 'at'>): void {
    this.subject.next({ seq: ++this.seq, at: new Date().toISOString(), ...event });
  }

  onModuleDestroy(): void {
    this.subject.complete();
  }
}
