import { rawRequest } from '../support/raw-http';
import { startFixture, type ServerFixture } from '../support/server-fixture';

let f: ServerFixture;
afterEach(async () => {
  await f?.server.close();
});

async function get(path: string): Promise<{ status: number; json: unknown }> {
  const res = await rawRequest(f.url, { method: 'GET', path });
  return { status: res.status, json: JSON.parse(res.body) };
}

/** Queues `work` (with a DLQ after 1 receive) and `work-dlq`; one message in each state. */
async function seed(): Promise<void> {
  const e = f.emulator;
  const dlq = await e.createQueue({ QueueName: 'work-dlq' });
  const { Attributes } = await e.getQueueAttributes({
    QueueUrl: dlq.QueueUrl,
    AttributeNames: ['QueueArn'],
  });
  const { QueueUrl } = await e.createQueue({
    QueueName: 'work',
    Attributes: {
      RedrivePolicy: JSON.stringify({
        deadLetterTargetArn: Attributes?.QueueArn,
        maxReceiveCount: 1,
      }),
    },
  });
  await e.sendMessage({ QueueUrl, MessageBody: 'dead' });
  await e.receiveMessage({ QueueUrl, VisibilityTimeout: 0 });
  await e.receiveMessage({ QueueUrl }); // moves 'dead' to the DLQ
  await e.sendMessage({ QueueUrl, MessageBody: 'inflight' });
  await e.receiveMessage({ QueueUrl, VisibilityTimeout: 60 });
  await e.sendMessage({
    QueueUrl,
    MessageBody: 'visible',
    MessageAttributes: { b: { DataType: 'Binary', BinaryValue: Uint8Array.of(1, 2) } },
  });
  await e.sendMessage({ QueueUrl, MessageBody: 'delayed', DelaySeconds: 30 });
}

describe('inspection API', () => {
  it('lists queues with their counts and dead-letter target', async () => {
    f = await startFixture();
    await seed();
    const { json } = await get('/_emulator/queues');
    expect(json).toEqual({
      queues: [
        expect.objectContaining({
          name: 'work',
          url: `${f.url}/000000000000/work`,
          visible: 1,
          inflight: 1,
          delayed: 1,
          deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:work-dlq',
          maxReceiveCount: 1,
        }),
        expect.objectContaining({ name: 'work-dlq', visible: 1, inflight: 0, delayed: 0 }),
      ],
    });
  });

  it('shows one queue by name', async () => {
    f = await startFixture();
    await seed();
    expect((await get('/_emulator/queues/work-dlq')).json).toMatchObject({
      name: 'work-dlq',
      visible: 1,
    });
  });

  it('peeks messages in every state, binary values in base64', async () => {
    f = await startFixture();
    await seed();
    const { json } = await get('/_emulator/queues/work/messages');
    expect(json).toEqual({
      queue: 'work',
      messages: [
        expect.objectContaining({ body: 'inflight', state: 'inflight', receiveCount: 1 }),
        expect.objectContaining({
          body: 'visible',
          state: 'visible',
          receiveCount: 0,
          messageAttributes: { b: { DataType: 'Binary', BinaryValue: 'AQI=' } },
        }),
        expect.objectContaining({ body: 'delayed', state: 'delayed' }),
      ],
    });
  });

  it('filters by state and limits the count', async () => {
    f = await startFixture();
    await seed();
    const { json } = await get('/_emulator/queues/work/messages?state=visible,delayed&limit=1');
    expect((json as { messages: { body: string }[] }).messages.map((m) => m.body)).toEqual([
      'visible',
    ]);
  });

  it('peeks the dead-letter queue of a queue', async () => {
    f = await startFixture();
    await seed();
    const { json } = await get('/_emulator/queues/work/dead-letters');
    expect(json).toEqual({
      queue: 'work',
      deadLetterQueue: 'work-dlq',
      messages: [expect.objectContaining({ body: 'dead', state: 'visible', receiveCount: 1 })],
    });
  });

  it('counts the open long polls of a queue', async () => {
    f = await startFixture();
    const { QueueUrl } = await f.emulator.createQueue({ QueueName: 'q' });
    const poll = f.emulator.receiveMessage({ QueueUrl, WaitTimeSeconds: 20 });
    const { json } = await get('/_emulator/queues/q');
    f.clock.advance(20_000);
    await poll;
    expect(json).toMatchObject({ name: 'q', pendingReceives: 1 });
  });

  it('changes nothing: a receive after peeking gets the message with receive count 1', async () => {
    f = await startFixture();
    const { QueueUrl } = await f.emulator.createQueue({ QueueName: 'q' });
    await f.emulator.sendMessage({ QueueUrl, MessageBody: 'm' });
    await get('/_emulator/queues/q/messages');
    await get('/_emulator/queues');
    const { Messages } = await f.emulator.receiveMessage({
      QueueUrl,
      MessageSystemAttributeNames: ['ApproximateReceiveCount'],
    });
    expect(Messages?.[0].Attributes?.ApproximateReceiveCount).toBe('1');
  });

  it('answers 404 for a queue that does not exist', async () => {
    f = await startFixture();
    expect(await get('/_emulator/queues/nope/messages')).toEqual({
      status: 404,
      json: { error: { code: 'QueueDoesNotExist', message: 'No queue named nope.' } },
    });
  });

  it('answers 404 for dead letters of a queue without a dead-letter queue', async () => {
    f = await startFixture();
    await f.emulator.createQueue({ QueueName: 'plain' });
    expect((await get('/_emulator/queues/plain/dead-letters')).status).toBe(404);
  });

  it('answers 400 for an unknown state', async () => {
    f = await startFixture();
    await f.emulator.createQueue({ QueueName: 'q' });
    expect((await get('/_emulator/queues/q/messages?state=gone')).status).toBe(400);
  });

  it('is read-only: other methods get 405', async () => {
    f = await startFixture();
    const res = await rawRequest(f.url, { method: 'DELETE', path: '/_emulator/queues' });
    expect(res.status).toBe(405);
  });

  it('answers a health check', async () => {
    f = await startFixture();
    expect(await get('/_emulator/health')).toEqual({ status: 200, json: { status: 'ok' } });
  });
});
