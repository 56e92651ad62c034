import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  InjectSqsProducer,
  SqsHandler,
  SqsModule,
  type SqsMessage,
  type SqsProducer,
} from 'nestjs-sqs-kit';

interface Greeting {
  readonly to: string;
}

@Injectable()
class Greetings {
  readonly received: string[] = [];

  constructor(@InjectSqsProducer('greetings') readonly producer: SqsProducer<Greeting>) {}

  @SqsHandler('greetings')
  async greet(message: SqsMessage<Greeting>): Promise<void> {
    this.received.push(message.body.to);
  }
}

@Module({
  imports: [SqsModule.forRoot({ backend: 'memory', queues: { greetings: {} } })],
  providers: [Greetings],
})
class AppModule {}

describe('an Express app on the installed package', () => {
  it('sends and handles a message, then shuts down', async () => {
    const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger: false });
    app.enableShutdownHooks();
    await app.listen(0, '127.0.0.1');
    const greetings = app.get(Greetings);
    await greetings.producer.send({ to: 'world' });
    for (let i = 0; i < 200 && greetings.received.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(greetings.received).toEqual(['world']);
    await app.close();
  });
});
