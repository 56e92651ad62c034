import type { IncomingMessage } from 'node:http';
import { type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import {
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  WebSocketGateway,
} from '@nestjs/websockets';
import type { Subscription } from 'rxjs';
import type { WebSocket } from 'ws';
import { DemoConfig } from '../config/demo-config';
import { ORDERS_MAX_RECEIVE_COUNT } from '../config/demo-queues';
import type { DemoHelloEvent, FeedFrame, FeedResumePoint } from '../feed/demo-event.interface';
import { FEED_PATH } from '../feed/demo-event.interface';
import { DemoFeed } from '../feed/demo-feed.service';

/**
 * The feed over a WebSocket (`@nestjs/websockets` on `@nestjs/platform-ws`), at `/ws`: on
 * connect a `hello` with the counts and the events the page missed, then every event as it
 * happens. A page says where it left off in the URL (`/ws?instance=…&after=…`), so even a client
 * as plain as `websocat` gets the full story without sending anything.
 */
@WebSocketGateway({ path: FEED_PATH })
export class FeedGateway
  implements
    OnGatewayConnection<WebSocket>,
    OnGatewayDisconnect<WebSocket>,
    OnModuleInit,
    OnModuleDestroy
{
  private readonly clients = new Set<WebSocket>();
  private subscription: Subscription | undefined;

  constructor(
    private readonly feed: DemoFeed,
    private readonly config: DemoConfig,
  ) {}

  onModuleInit(): void {
    this.subscription = this.feed.events$.subscribe((event) => {
      const frame = JSON.stringify({ event: 'message', data: event } satisfies FeedFrame);
      for (const client of this.clients) client.send(frame);
    });
  }

  /**
   * Sends the hello and joins the client to the live feed in the same turn of the event loop, so
   * no event falls between what it replays and what follows.
   */
  handleConnection(client: WebSocket, request: IncomingMessage): void {
    const frame: FeedFrame = { event: 'hello', data: this.hello(resumePointOf(request.url)) };
    client.send(JSON.stringify(frame));
    this.clients.add(client);
  }

  handleDisconnect(client: WebSocket): void {
    this.clients.delete(client);
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
    // "Going away": the page reconnects, to this notifier's successor.
    for (const client of this.clients) client.close(1001, 'notifier stopping');
    this.clients.clear();
  }

  private hello(point: FeedResumePoint): DemoHelloEvent {
    const { backend, autoStartup, failureRate, retryDelaySeconds, sqsEndpoint } = this.config;
    const catchUp = this.feed.catchUp(point);
    return {
      type: 'hello',
      instance: this.feed.instance,
      startedAt: this.feed.startedAt,
      backend,
      autoStartup,
      failureRate,
      maxReceiveCount: ORDERS_MAX_RECEIVE_COUNT,
      retryDelaySeconds,
      ...(sqsEndpoint ? { sqsEndpoint } : {}),
      ...(backend === 'emulator' && sqsEndpoint
        ? { emulatorDashboard: `${sqsEndpoint}/dashboard` }
        : {}),
      counts: { orders: this.feed.countsOf('orders'), payments: this.feed.countsOf('payments') },
      lastSeq: this.feed.lastSeq,
      missed: catchUp.events,
      resumed: catchUp.resumed,
      dropped: catchUp.dropped,
    };
  }
}

/** `instance` and `after` from `/ws?instance=…&after=…`; anything unreadable is left out. */
export function resumePointOf(url: string | undefined): FeedResumePoint {
  const query = new URL(url ?? '/', 'http://localhost').searchParams;
  const instance = query.get('instance') ?? undefined;
  const raw = query.get('after');
  const after = raw ? Number(raw) : Number.NaN;
  return {
    ...(instance ? { instance } : {}),
    ...(Number.isInteger(after) && after >= 0 ? { after } : {}),
  };
}
