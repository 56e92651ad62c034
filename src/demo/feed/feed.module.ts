import { Module } from '@nestjs/common';
import { DemoFeed } from './demo-feed.service';
import { DemoStats } from './demo-stats.service';
import { SqsFeedBridge } from './sqs-feed.bridge';

/** The live feed of message events, and the counts made from it. */
@Module({
  providers: [DemoFeed, SqsFeedBridge, DemoStats],
  exports: [DemoFeed, DemoStats],
})
export class FeedModule {}
