import { Module } from '@nestjs/common';
import { FeedModule } from '../feed/feed.module';
import { FailurePolicy } from '../shared/failure-policy';
import { PaymentsController } from './payments.controller';
import { PaymentsHandler } from './payments.handler';
import { PaymentsService } from './payments.service';

/** Payments: a FIFO queue whose message groups are accounts. */
@Module({
  imports: [FeedModule],
  controllers: [PaymentsController],
  providers: [PaymentsService, PaymentsHandler, FailurePolicy],
})
export class PaymentsModule {}
