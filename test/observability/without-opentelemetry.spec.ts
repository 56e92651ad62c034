import { Injectable } from '@nestjs/common';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import type { SqsMessage } from '../../src/interfaces/sqs-message.interface';
import { getProducerToken } from '../../src/tokens/get-producer-token.util';
import { SqsHealthIndicator } from '../../src/module';
import type { SqsProducer } from '../../src/producer/sqs-producer';
import { createTracedApp } from '../support/observability/traced-app';

// The application did not install the optional peer: requiring it fails as Node would.
jest.mock('@opentelemetry/api', () => {
  throw Object.assign(new Error("Cannot find module '@opentelemetry/api'"), {
    code: 'MODULE_NOT_FOUND',
  });
});

@Injectable()
class Orders {
  readonly seen: SqsMessage<unknown>[] = [];

  @SqsHandler('orders')
  async onOrder(message: SqsMessage<unknown>): Promise<void> {
    this.seen.push(message);
  }
}

describe('without @opentelemetry/api installed', () => {
  it('sends, consumes and checks health, adding no trace attribute', async () => {
    await expect(import('@opentelemetry/api')).rejects.toThrow(
      "Cannot find module '@opentelemetry/api'",
    );
    const t = await createTracedApp({ queues: { orders: {} } }, [Orders]);
    await t.app.get<SqsProducer<unknown>>(getProducerToken('orders')).send({ n: 1 });
    await t.app.get<SqsProducer<unknown>>(getProducerToken('orders')).sendBatch([{ n: 2 }]);
    await t.sqs.waitForIdle();
    expect(t.app.get(Orders).seen.map((m) => m.attributes)).toEqual([{}, {}]);
    expect((await t.app.get(SqsHealthIndicator).isHealthy()).sqs.status).toBe('up');
    await t.close();
  });
});
