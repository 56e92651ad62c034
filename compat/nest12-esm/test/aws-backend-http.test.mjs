// The aws backend (@aws-sdk/client-sqs) over HTTP on Nest 12, against the package's own
// emulator served by startSqsServer on a free port.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  AwsSqsBackend,
  InjectSqsProducer,
  SQS_PORT,
  SqsHandler,
  SqsModule,
  SqsQueues,
  startSqsServer,
} from 'nestjs-sqs-kit';
import { decorateMethod, eventually } from '../support/helpers.mjs';

test(
  'the aws backend produces and consumes over HTTP against startSqsServer',
  { timeout: 10_000 },
  async () => {
    const server = await startSqsServer({ port: 0 });
    let app;
    try {
      assert.ok(server.port > 0);

      class Tasks {
        seen = [];
        constructor(producer) {
          this.producer = producer;
        }
        async onTask(message) {
          this.seen.push(message);
        }
      }
      InjectSqsProducer('tasks')(Tasks, undefined, 0);
      decorateMethod(Tasks, 'onTask', SqsHandler('tasks', { waitTimeSeconds: 1 }));
      Injectable()(Tasks);

      class AppModule {}
      Module({
        imports: [
          SqsModule.forRoot({
            backend: 'aws',
            aws: {
              endpoint: server.url,
              region: 'us-east-1',
              credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
            },
            queues: { tasks: { create: true } },
            logger: false,
          }),
        ],
        providers: [Tasks],
      })(AppModule);

      app = await NestFactory.createApplicationContext(AppModule, { logger: false });
      assert.ok(app.get(SQS_PORT) instanceof AwsSqsBackend);
      assert.equal(app.get(SqsQueues).url('tasks'), `${server.url}/000000000000/tasks`);

      const tasks = app.get(Tasks);
      const { id } = await tasks.producer.send({ n: 1 }, { attributes: { origin: 'nest12' } });
      await eventually(() => tasks.seen.length === 1, 'the handler');
      assert.equal(tasks.seen[0].id, id);
      assert.deepEqual(tasks.seen[0].body, { n: 1 });
      assert.equal(tasks.seen[0].receiveCount, 1);
      assert.equal(tasks.seen[0].attributes.origin, 'nest12');
      await eventually(
        () => server.emulator.peekMessages('tasks').length === 0,
        'the delete over HTTP',
      );
    } finally {
      await app?.close();
      await server.close();
    }
  },
);
