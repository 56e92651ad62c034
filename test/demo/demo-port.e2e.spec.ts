import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { LauncherProcess } from '../support/demo/launcher-process';
import { startDemo } from '../support/demo/start-demo';

// Each test starts processes until the one whose port is taken fails.
jest.setTimeout(90_000);

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
      `Cannot serve the orders service: 127.0.0.1:${held.port} is in use. ` +
        `Set PORT to another port (PORT=${held.port + 1} npm start), or PORT=0 for a free one.`,
    );
  });

  it('npm start exits 1 with that hint, having stopped what it started, and no stack trace', async () => {
    const launcher = await LauncherProcess.start({ PORT: String(held.port) });

    const exit = await launcher.exited;

    expect({
      exit,
      hint: launcher.output.includes(
        `[orders]   The orders service could not start: Cannot serve the orders service: ` +
          `127.0.0.1:${held.port} is in use. Set PORT to another port ` +
          `(PORT=${held.port + 1} npm start), or PORT=0 for a free one.`,
      ),
      summary: launcher.output.includes(
        'The demo could not start: The orders service exited before it was ready (code 1).',
      ),
      // The emulator and the notifier, started before it, were stopped.
      stopped: /\[emulator\].*SIGTERM received/.test(launcher.output),
      stack: /^\s+at /m.test(launcher.output),
    }).toEqual({
      exit: { code: 1, signal: null },
      hint: true,
      summary: true,
      stopped: true,
      stack: false,
    });
  });

  it("names SQS_PORT when the emulator's port is in use", async () => {
    const launcher = await LauncherProcess.start({ SQS_PORT: String(held.port) });

    const exit = await launcher.exited;

    expect(exit).toEqual({ code: 1, signal: null });
    expect(launcher.output).toContain(
      'The demo could not start: The emulator exited before it was ready (code 1). ' +
        `Set SQS_PORT to another port (SQS_PORT=${held.port + 1} npm start), or SQS_PORT=0 for a free one.`,
    );
  });
});
