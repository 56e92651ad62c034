import { Body, Controller, Get, HttpCode, type MessageEvent, Post, Sse } from '@nestjs/common';
import { concat, defer, map, type Observable, of } from 'rxjs';
import { DemoConfig } from '../config/demo-config';
import { ORDERS_MAX_RECEIVE_COUNT } from '../config/demo-sqs-options';
import type { DemoHelloEvent } from '../feed/demo-event.interface';
import { DemoFeed } from '../feed/demo-feed.service';
import type { DemoStatsSnapshot } from '../feed/demo-stats.interface';
import { DemoStats } from '../feed/demo-stats.service';
import { SqsEndpoint } from '../sqs-endpoint/sqs-endpoint.service';
import { parseOrderBatchRequest, parseOrderRequest } from './order-request.parser';
import { OrdersService, type PlacedOrder } from './orders.service';

/** REST → queue, and the live stream of what the consumers did. */
@Controller('orders')
export class OrdersController {
  constructor(
    private readonly orders: OrdersService,
    private readonly feed: DemoFeed,
    private readonly stats: DemoStats,
    private readonly config: DemoConfig,
    private readonly endpoint: SqsEndpoint,
  ) {}

  /** Sends one order to the `orders` queue. 202: it is queued, not yet processed. */
  @Post()
  @HttpCode(202)
  place(@Body() body: unknown): Promise<PlacedOrder> {
    return this.orders.place(parseOrderRequest(body));
  }

  /** Sends `count` random orders in batches of 10. */
  @Post('batch')
  @HttpCode(202)
  async placeMany(@Body() body: unknown): Promise<{ count: number; ids: string[] }> {
    const { count, fail } = parseOrderBatchRequest(body);
    const placed = await this.orders.placeMany(count, fail);
    return { count: placed.length, ids: placed.map(({ order }) => order.id) };
  }

  /** Processed, failed and dead-lettered counts, queue depths and consumer states. */
  @Get('stats')
  snapshot(): Promise<DemoStatsSnapshot> {
    return this.stats.snapshot();
  }

  /**
   * Server-Sent Events: a `hello` describing the demo, then every message event (sent, received,
   * processed, failed, dead-lettered) of every queue as it happens.
   */
  @Sse('events')
  events(): Observable<MessageEvent> {
    // The hello's counts and the events after it are in step: nothing is published between
    // building it and subscribing to the feed (concat subscribes at once, synchronously).
    const hello = defer(() => of<MessageEvent>({ data: this.hello() }));
    // No `id`s of our own: Nest numbers each connection's events, and nothing is replayed.
    const events = this.feed.events$.pipe(map((event): MessageEvent => ({ data: event })));
    return concat(hello, events);
  }

  private hello(): DemoHelloEvent {
    const { backend, autoStartup, failureRate, retryDelaySeconds } = this.config;
    const sqsEndpoint = this.endpoint.url;
    return {
      type: 'hello',
      backend,
      autoStartup,
      failureRate,
      maxReceiveCount: ORDERS_MAX_RECEIVE_COUNT,
      retryDelaySeconds,
      ...(sqsEndpoint ? { sqsEndpoint } : {}),
      counts: { orders: this.feed.countsOf('orders'), payments: this.feed.countsOf('payments') },
    };
  }
}
