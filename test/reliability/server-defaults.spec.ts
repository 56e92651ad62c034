import type { AddressInfo } from 'node:net';
import { SqsEmulator } from '../../src/emulator/sqs-emulator';
import { startSqsServer } from '../../src/server/start-sqs-server';
import { jsonRequest, queryRequest, xmlCode } from '../support/raw-http';

/** The secure-by-default settings the emulator starts with, as a user gets them. */
describe('HTTP emulator defaults', () => {
  it('listens on 127.0.0.1 only', async () => {
    const server = await startSqsServer({ port: 0, emulator: new SqsEmulator() });
    try {
      expect((server.server.address() as AddressInfo).address).toBe('127.0.0.1');
    } finally {
      await server.close();
    }
  });

  it('refuses a body over its 4 MiB bound in SQS’s error format, in both protocols', async () => {
    const server = await startSqsServer({ port: 0, emulator: new SqsEmulator() });
    try {
      const big = 'x'.repeat(4 * 1024 * 1024 + 1);
      const json = await jsonRequest(server.url, 'SendMessage', big);
      const query = await queryRequest(server.url, big);
      expect({
        json: [json.status, JSON.parse(json.body).__type],
        query: [query.status, xmlCode(query.body)],
      }).toEqual({
        json: [413, 'com.amazon.coral.service#RequestEntityTooLargeException'],
        query: [413, 'RequestEntityTooLarge'],
      });
    } finally {
      await server.close();
    }
  });
});
