import { Module } from '@nestjs/common';
import { FeedModule } from '../feed/feed.module';
import { FailurePolicy } from '../shared/failure-policy';
import { SqsEndpointModule } from '../sqs-endpoint/sqs-endpoint.module';
import { OrdersController } from './orders.controller';
import { OrdersHandler } from './orders.handler';
import { OrdersService } from './orders.service';

/** Orders: `POST /orders` produces to `orders`, {@link OrdersHandler} consumes it. */
@Module({
  imports: [FeedModule, SqsEndpointModule],
  controllers: [OrdersController],
  providers: [OrdersService, OrdersHandler, FailurePolicy],
})
export class OrdersModule {}
