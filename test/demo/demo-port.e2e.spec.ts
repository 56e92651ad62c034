import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { runProcess } from '../support/run-process';
import { startDemo } from '../support/demo/start-demo';

const ROOT = join(__dirname, '..', '..');
const MAIN = join(ROOT, 'src', 'demo', 'main.ts');
const SLOW = 60_000;

/** A port another program holds, as when a second `npm start` finds the first still running. */
async function takenPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, server };
}

describe('demo on a port that is taken', () => {
  let held: { port: number; server: Server };

  beforeEach(async () => {
    held = await takenPort();
  });

  afterEach(() => new Promise<void>((resolve) => held.server.close(() => resolve())));

  it('names PORT and how to set it when the web port is in use', async () => {
    await expect(startDemo({ PORT: String(held.port) })).rejects.toThrow(
      `Cannot serve the demo app: 127.0.0.1:${held.port} is in use. ` +
        `Set PORT to another port (PORT=${held.port + 1} npm start), or PORT=0 for a free one.`,
    );
  });

  it(
    'npm start exits 1 with that hint and no stack trace',
    async () => {
      const ran = await runProcess(
        process.execPath,
        ['-r', 'ts-node/register/transpile-only', MAIN],
        {
          TS_NODE_TRANSPILE_ONLY: 'true',
          HOST: '127.0.0.1',
          PORT: String(held.port),
          SQS_PORT: '0',
          DEMO_WORK_MS: '0',
        },
      );
      expect({
        code: ran.code,
        hint: ran.stderr.includes(
          `The demo could not start: Cannot serve the demo app: 127.0.0.1:${held.port} is in use. ` +
            `Set PORT to another port (PORT=${held.port + 1} npm start), or PORT=0 for a free one.`,
        ),
        stack: /^\s+at /m.test(ran.stderr + ran.stdout),
      }).toEqual({ code: 1, hint: true, stack: false });
    },
    SLOW,
  );
});
