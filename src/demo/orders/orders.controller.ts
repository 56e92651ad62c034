import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import type { DemoStatsSnapshot } from '../feed/demo-stats.interface';
import { DemoStats } from '../orders-service/demo-stats.service';
import { parseOrderBatchRequest, parseOrderRequest } from './order-request.parser';
import type { PlacedOrder } from './order.interface';
import { OrdersService } from './orders.service';

/** REST → queue: the orders service's API. What consumers do is the notifier's to tell. */
@Controller('orders')
export class OrdersController {
  constructor(
    private readonly orders: OrdersService,
    private readonly stats: DemoStats,
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

  /** Queue depths, and the notifier's counts and consumer states (when it answers). */
  @Get('stats')
  snapshot(): Promise<DemoStatsSnapshot> {
    return this.stats.snapshot();
  }
}
