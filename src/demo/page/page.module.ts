import { Module } from '@nestjs/common';
import { PageController } from './page.controller';

/** The browser page. */
@Module({ controllers: [PageController] })
export class PageModule {}
