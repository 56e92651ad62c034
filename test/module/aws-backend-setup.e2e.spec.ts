import { Test } from '@nestjs/testing';
import { SqsBackendSetupError } from '../../src/errors/sqs-backend-setup.error';
import { QueueNotFoundError } from '../../src/errors/queue-not-found.error';
import type { SqsModuleOptions } from '../../src/module/sqs-module-options.interface';
import { SqsModule } from '../../src/module/sqs.module';
import { startSqsServer } from '../../src/server';
import type { SqsServerHandle } from '../../src/server/sqs-server-options.interface';

/** Boots an app with `options` and returns the error the boot threw. */
async function bootError(options: SqsModuleOptions): Promise<Error> {
  try {
    const app = await Test.createTestingModule({ imports: [SqsModule.forRoot(options)] }).compile();
    app.useLogger(false);
    await app.init();
    await app.close();
  } catch (error) {
    return error as Error;
  }
  throw new Error('the boot did not fail');
}

/**
 * What a user meets on `backend: 'aws'` with a setting missing: the error names the cause and the
 * fix, never a missing queue.
 */
describe('aws backend: boot errors that name the missing setting', () => {
  const saved = { ...process.env };
  let server: SqsServerHandle;

  beforeAll(async () => {
    server = await startSqsServer({ port: 0 });
  });

  afterAll(() => server.close());

  beforeEach(() => {
    // No region, no credentials anywhere the SDK looks (environment, ~/.aws, instance role).
    for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
    process.env.AWS_CONFIG_FILE = '/nonexistent/aws-config';
    process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/aws-credentials';
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
  });

  afterEach(() => {
    process.env = { ...saved };
  });

  it('names the missing region and where to set it', async () => {
    const error = await bootError({ backend: 'aws', queues: { orders: {} } });
    expect(error).toBeInstanceOf(SqsBackendSetupError);
    expect(error.message).toMatch(/AWS region/);
    expect(error.message).toMatch(/aws: \{ region/);
    expect(error.message).toMatch(/AWS_REGION/);
    expect(error.message).not.toMatch(/Could not find queue/);
  });

  it('names the missing credentials and where to set them', async () => {
    const error = await bootError({
      backend: 'aws',
      aws: { region: 'eu-west-1', endpoint: server.url },
      queues: { orders: {} },
    });
    expect(error).toBeInstanceOf(SqsBackendSetupError);
    expect(error.message).toMatch(/credentials/);
    expect(error.message).toMatch(/AWS_ACCESS_KEY_ID/);
    expect(error.message).not.toMatch(/Could not find queue/);
  });

  it('names an endpoint it cannot reach', async () => {
    const error = await bootError({
      backend: 'aws',
      aws: {
        region: 'eu-west-1',
        endpoint: 'http://127.0.0.1:1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        maxAttempts: 1,
      },
      queues: { orders: {} },
    });
    expect(error).toBeInstanceOf(SqsBackendSetupError);
    expect(error.message).toMatch(/http:\/\/127\.0\.0\.1:1/);
    expect(error.message).toMatch(/ECONNREFUSED/);
  });

  it('warns when an existing queue’s redrive policy differs from the declared one, saying which applies', async () => {
    const logger = { log: jest.fn(), warn: jest.fn(), error: jest.fn() };
    const aws = {
      region: 'eu-west-1',
      endpoint: server.url,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    };
    // The queues exist already, the source one with maxReceiveCount 5 (made by infrastructure code).
    const setup = await Test.createTestingModule({
      imports: [
        SqsModule.forRoot({
          backend: 'aws',
          aws,
          logger: false,
          queues: {
            jobs: { create: true, deadLetter: { queue: 'jobs-dlq', maxReceiveCount: 5 } },
            'jobs-dlq': { create: true },
          },
        }),
      ],
    }).compile();
    await setup.close();
    const app = await Test.createTestingModule({
      imports: [
        SqsModule.forRoot({
          backend: 'aws',
          aws,
          logger,
          queues: {
            jobs: { deadLetter: { queue: 'jobs-dlq', maxReceiveCount: 3 } },
            'jobs-dlq': {},
          },
        }),
      ],
    }).compile();
    await app.close();
    expect(logger.warn).toHaveBeenCalledTimes(1);
    const [line] = logger.warn.mock.calls[0] as [string];
    expect(line).toMatch(/maxReceiveCount 3/);
    expect(line).toMatch(/maxReceiveCount 5/);
    expect(line).toMatch(/SQS applies the queue's own/);
  });

  it('tells how to have a missing queue created', async () => {
    const error = await bootError({
      backend: 'aws',
      aws: {
        region: 'eu-west-1',
        endpoint: server.url,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      },
      queues: { orders: {} },
    });
    expect(error).toBeInstanceOf(QueueNotFoundError);
    expect(error.message).toMatch(/create: true/);
  });
});
