import { Module } from '@nestjs/common';
import { SqsEndpoint } from './sqs-endpoint.service';

/** The emulator's HTTP endpoint (memory backend only). */
@Module({ providers: [SqsEndpoint], exports: [SqsEndpoint] })
export class SqsEndpointModule {}
