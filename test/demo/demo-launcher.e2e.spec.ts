import { isAlive, LauncherProcess } from '../support/demo/launcher-process';

// The launcher starts three processes, then stops and starts them on command.
jest.setTimeout(90_000);

/** Resolves once `condition` holds; the processes end on their own clock. */
async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('npm start: the launcher of the three processes', () => {
  let launcher: LauncherProcess;

  afterEach(async () => {
    await launcher?.stop();
  });

  it('prefixes each process’s lines, prints where everything is, and stops all three on SIGINT', async () => {
    launcher = await LauncherProcess.start();
    await launcher.waitFor(/nestjs-sqs-kit demo, ready in \d+\.\d s/);
    const pids = await Promise.all(
      ['emulator', 'notifier', 'orders'].map((n) => launcher.pidOf(n)),
    );

    const lines = launcher.output.split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^\[emulator\] SQS emulator listening on /));
    expect(lines).toContainEqual(expect.stringMatching(/^\[notifier\] notifier listening on /));
    expect(lines).toContainEqual(
      expect.stringMatching(/^\[orders\] {3}orders service listening on /),
    );
    expect(launcher.output).toMatch(/ {2}page {10}http:\/\/127\.0\.0\.1:\d+\//);
    expect(launcher.output).toMatch(/ {2}live events {3}ws:\/\/127\.0\.0\.1:\d+\/ws/);
    expect(pids.every(isAlive)).toBe(true);

    const exit = await launcher.stop();

    expect(exit).toEqual({ code: 0, signal: null });
    expect(launcher.output).toContain('[launcher] stopped.');
    // Services first (the notifier's consumers finish), then the emulator they use.
    const consumersStopped = launcher.output.search(
      /\[notifier\].*Stopped consuming queue 'orders'/,
    );
    const emulatorStopping = launcher.output.search(/\[emulator\].*SIGTERM received/);
    expect(consumersStopped).toBeGreaterThan(-1);
    expect(emulatorStopping).toBeGreaterThan(consumersStopped);
    expect(pids.filter(isAlive)).toEqual([]);
  });

  it('stops, starts and reports processes as told on stdin, and restarts none by itself', async () => {
    launcher = await LauncherProcess.start();
    const notifier = await launcher.pidOf('notifier');

    let from = launcher.output.length;
    launcher.send('stop notifier');
    await launcher.waitFor(/\[launcher\] notifier stopped \(signal SIGTERM\)\./, 30_000, from);
    expect(isAlive(notifier)).toBe(false);

    from = launcher.output.length;
    launcher.send('start notifier');
    const [, pid] = await launcher.waitFor(
      /\[launcher\] notifier ready in \d+\.\d s on http:\/\/127\.0\.0\.1:\d+ \(pid (\d+)\)\./,
      60_000,
      from,
    );

    // A crash: reported, and nothing restarts it.
    from = launcher.output.length;
    process.kill(Number(pid), 'SIGKILL');
    await launcher.waitFor(
      /\[launcher\] notifier ended unasked \(signal SIGKILL\)\. Nothing restarts it: type "start notifier" to start it again\./,
      15_000,
      from,
    );
    from = launcher.output.length;
    launcher.send('status');
    await launcher.waitFor(/\[launcher\] orders {3}running, pid \d+/, 15_000, from);

    expect(launcher.output.slice(from)).toMatch(/\[launcher\] notifier stopped/);
    expect(launcher.output.slice(from)).toMatch(/\[launcher\] emulator running, pid \d+/);
  });

  it('leaves no process behind when it is killed itself', async () => {
    launcher = await LauncherProcess.start();
    const pids = await Promise.all(
      ['emulator', 'notifier', 'orders'].map((n) => launcher.pidOf(n)),
    );

    launcher.child.kill('SIGKILL');
    await launcher.exited;

    // Each one sees its parent gone and stops as if asked (SIGTERM).
    await until(() => pids.every((pid) => !isAlive(pid)), 'the three processes to end');
    expect(pids.filter(isAlive)).toEqual([]);
  });
});
