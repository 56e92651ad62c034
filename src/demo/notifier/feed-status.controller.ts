import { Controller, Get } from '@nestjs/common';
import { SqsConsumers } from '../../index';
import type { NotifierStatus } from '../feed/demo-stats.interface';
import { DemoFeed } from '../feed/demo-feed.service';

/** `GET /feed/status`: what the orders service adds to its stats from here. */
@Controller('feed')
export class FeedStatusController {
  constructor(
    private readonly feed: DemoFeed,
    private readonly consumers: SqsConsumers,
  ) {}

  @Get('status')
  status(): NotifierStatus {
    return {
      instance: this.feed.instance,
      startedAt: this.feed.startedAt,
      orders: this.feed.countsOf('orders'),
      payments: this.feed.countsOf('payments'),
      consumers: this.consumers
        .status()
        .map(({ queue, state, inFlight }) => ({ queue, state, inFlight })),
    };
  }
}
