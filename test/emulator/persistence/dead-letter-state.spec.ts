import { RestartableEmulator } from '../../support/persistence/restartable-emulator';

let r: RestartableEmulator;
let source: string;
let dlq: string;
const SOURCE_ARN = 'arn:aws:sqs:us-east-1:000000000000:src';
const DLQ_ARN = 'arn:aws:sqs:us-east-1:000000000000:dlq';

beforeEach(async () => {
  r = await RestartableEmulator.start();
  dlq = (await r.emulator.createQueue({ QueueName: 'dlq' })).QueueUrl as string;
  source = (
    await r.emulator.createQueue({
      QueueName: 'src',
      Attributes: {
        VisibilityTimeout: '10',
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: DLQ_ARN, maxReceiveCount: 2 }),
      },
    })
  ).QueueUrl as string;
});
afterEach(async () => {
  await r.dispose();
});

describe('persistence: dead letters and move tasks', () => {
  it('dead-letters after a restart by the receive count kept across it', async () => {
    const { MessageId } = await r.emulator.sendMessage({ QueueUrl: source, MessageBody: 'poison' });
    await r.emulator.receiveMessage({ QueueUrl: source });
    r.clock.advance(10_000);
    await r.restart();
    await r.emulator.receiveMessage({ QueueUrl: source });
    r.clock.advance(10_000);
    let sqs = await r.restart();

    expect(await sqs.receiveMessage({ QueueUrl: source })).toEqual({});
    sqs = await r.restart();
    expect(sqs.peekMessages('src')).toEqual([]);
    const { Messages } = await sqs.receiveMessage({
      QueueUrl: dlq,
      MessageSystemAttributeNames: ['All'],
    });
    expect(Messages?.[0]).toMatchObject({
      MessageId,
      Attributes: { ApproximateReceiveCount: '3', DeadLetterQueueSourceArn: SOURCE_ARN },
    });
  });

  it('resumes a running move task where it stopped, with its handle, after a restart', async () => {
    for (let i = 0; i < 5; i++) {
      await r.emulator.sendMessage({ QueueUrl: source, MessageBody: `m${i}` });
      await r.emulator.receiveMessage({ QueueUrl: source, VisibilityTimeout: 0 });
      await r.emulator.receiveMessage({ QueueUrl: source, VisibilityTimeout: 0 });
      await r.emulator.receiveMessage({ QueueUrl: source, VisibilityTimeout: 0 });
    }
    expect(r.emulator.peekMessages('dlq')).toHaveLength(5);
    const { TaskHandle } = await r.emulator.startMessageMoveTask({
      SourceArn: DLQ_ARN,
      MaxNumberOfMessagesPerSecond: 2,
    });

    let sqs = await r.restart();
    expect((await sqs.listMessageMoveTasks({ SourceArn: DLQ_ARN })).Results).toEqual([
      expect.objectContaining({
        Status: 'RUNNING',
        TaskHandle,
        ApproximateNumberOfMessagesMoved: 2,
        ApproximateNumberOfMessagesToMove: 5,
      }),
    ]);
    r.clock.advance(1_000);
    expect(sqs.peekMessages('dlq')).toHaveLength(1);
    r.clock.advance(1_000);
    sqs = await r.restart();
    expect((await sqs.listMessageMoveTasks({ SourceArn: DLQ_ARN })).Results).toEqual([
      expect.objectContaining({ Status: 'COMPLETED', ApproximateNumberOfMessagesMoved: 5 }),
    ]);
    expect(sqs.peekMessages('src').map((m) => m.body)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    expect(sqs.peekMessages('src').every((m) => m.receiveCount === 0)).toBe(true);
    expect(sqs.peekMessages('dlq')).toEqual([]);
  });

  it('keeps a cancelled task cancelled, and cancels a resumed one by its old handle', async () => {
    for (let i = 0; i < 3; i++) {
      await r.emulator.sendMessage({ QueueUrl: dlq, MessageBody: `m${i}` });
    }
    const first = await r.emulator.startMessageMoveTask({
      SourceArn: DLQ_ARN,
      DestinationArn: SOURCE_ARN,
      MaxNumberOfMessagesPerSecond: 1,
    });
    await r.emulator.cancelMessageMoveTask({ TaskHandle: first.TaskHandle });
    const second = await r.emulator.startMessageMoveTask({
      SourceArn: DLQ_ARN,
      DestinationArn: SOURCE_ARN,
      MaxNumberOfMessagesPerSecond: 1,
    });

    const sqs = await r.restart();
    expect(await sqs.cancelMessageMoveTask({ TaskHandle: second.TaskHandle })).toEqual({
      ApproximateNumberOfMessagesMoved: 1,
    });
    r.clock.advance(5_000);
    const { Results } = await sqs.listMessageMoveTasks({ SourceArn: DLQ_ARN, MaxResults: 10 });
    expect(Results?.map((t) => t.Status)).toEqual(['CANCELLED', 'CANCELLED']);
    expect(sqs.peekMessages('dlq').map((m) => m.body)).toEqual(['m2']);
  });
});
