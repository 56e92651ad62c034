import {
  CreateQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { startSqsServer } from '../../../src/server';
import { sdkClientFor } from '../../support/ports/sdk-port';
import { FaultyFiles } from '../../support/persistence/faulty-files';
import { RestartableEmulator } from '../../support/persistence/restartable-emulator';
import { prng } from '../../support/persistence/workload';

let r: RestartableEmulator;
let disk: FaultyFiles;
beforeEach(async () => {
  disk = new FaultyFiles();
  r = await RestartableEmulator.start({ persistence: { files: disk.files } });
});
afterEach(async () => {
  disk.heal();
  await r.dispose();
});

describe('persistence: disk errors', () => {
  it('answers InternalError while the disk is full, says so once, and writes it all when it frees up', async () => {
    const { QueueUrl } = await r.emulator.createQueue({ QueueName: 'q' });
    await r.emulator.sendMessage({ QueueUrl, MessageBody: 'a' });

    disk.fail('ENOSPC', { partial: true });
    await expect(r.emulator.sendMessage({ QueueUrl, MessageBody: 'b' })).rejects.toMatchObject({
      name: 'InternalError',
      $fault: 'server',
      $metadata: { httpStatusCode: 500 },
      message: expect.stringContaining('ENOSPC'),
    });
    await expect(r.emulator.receiveMessage({ QueueUrl })).rejects.toMatchObject({
      name: 'InternalError',
    });
    await expect(r.emulator.sendMessage({ QueueUrl, MessageBody: 'b2' })).rejects.toMatchObject({
      name: 'InternalError',
    });
    // Reads still work, and the process is up.
    expect((await r.emulator.getQueueUrl({ QueueName: 'q' })).QueueUrl).toBe(QueueUrl);
    const failures = r.warnings.filter((w) => w.includes('ENOSPC') && w.includes(r.dir));
    expect(failures.length).toBeGreaterThanOrEqual(1);
    expect(failures.length).toBeLessThanOrEqual(2); // the log's line and the emulator's, once

    disk.heal();
    await r.emulator.sendMessage({ QueueUrl, MessageBody: 'c' });
    expect(r.warnings.some((w) => /again/.test(w))).toBe(true);

    const sqs = await r.restart();
    const bodies = sqs.peekMessages('q').map((m) => m.body);
    // Acknowledged: a and c. What got an error was held back and written later, once.
    expect(bodies).toEqual(['a', 'b', 'b2', 'c']);
    expect(sqs.peekMessages('q', { states: ['inflight'] }).map((m) => m.body)).toEqual(['a']);
  });

  it('loses nothing acknowledged while writes fail on and off under traffic', async () => {
    const { QueueUrl } = await r.emulator.createQueue({ QueueName: 'q' });
    const random = prng(7);
    const sent = new Set<string>();
    const deleted = new Set<string>();
    // A request that got the error may have happened (as on SQS after a 500).
    const maybeDeleted = new Set<string>();
    const held: { body: string; handle: string }[] = [];
    for (let i = 0; i < 300; i++) {
      if (random() < 0.1) {
        if (random() < 0.5) disk.fail(random() < 0.5 ? 'EIO' : 'EROFS', { partial: true });
        else disk.heal();
      }
      const op = random();
      try {
        if (op < 0.5) {
          await r.emulator.sendMessage({ QueueUrl, MessageBody: `m${i}` });
          sent.add(`m${i}`);
        } else if (op < 0.75) {
          const { Messages = [] } = await r.emulator.receiveMessage({
            QueueUrl,
            MaxNumberOfMessages: 3,
          });
          for (const m of Messages)
            held.push({ body: m.Body as string, handle: m.ReceiptHandle as string });
        } else if (held.length > 0) {
          const { body, handle } = held.shift() as { body: string; handle: string };
          maybeDeleted.add(body);
          await r.emulator.deleteMessage({ QueueUrl, ReceiptHandle: handle });
          deleted.add(body);
        }
      } catch (e) {
        expect(e).toMatchObject({ name: 'InternalError' });
      }
    }
    disk.heal();
    const sqs = await r.restart();
    const bodies = sqs.peekMessages('q', { limit: 10_000 }).map((m) => m.body);
    expect(new Set(bodies).size).toBe(bodies.length);
    for (const body of sent) if (!maybeDeleted.has(body)) expect(bodies).toContain(body);
    for (const body of deleted) expect(bodies).not.toContain(body);
    expect(disk.failedWrites).toBeGreaterThan(0);
  });

  it('gives an SDK client over HTTP a 500 InternalError, and serves again once the disk recovers', async () => {
    const server = await startSqsServer({ emulator: r.emulator, port: 0 });
    const client: SQSClient = sdkClientFor(server.url);
    try {
      const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: 'q' }));
      disk.fail('EROFS');
      const error = await client
        .send(new SendMessageCommand({ QueueUrl, MessageBody: 'x' }))
        .catch((e: unknown) => e);
      expect(error).toMatchObject({
        name: 'InternalError',
        $fault: 'server',
        $metadata: { httpStatusCode: 500 },
      });
      disk.heal();
      await client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'y' }));
      const { Messages } = await client.send(
        new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }),
      );
      expect(Messages?.map((m) => m.Body)).toEqual(['x', 'y']);
    } finally {
      client.destroy();
      await server.close();
    }
  });
});
