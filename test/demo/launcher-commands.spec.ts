import { typescriptHookOf } from '../../src/demo/launcher/demo-launcher';
import { parseLauncherCommand } from '../../src/demo/launcher/launcher-commands';

describe('commands typed into the launcher', () => {
  it.each([
    ['stop notifier', { kind: 'stop', name: 'notifier' }],
    ['  START notifier ', { kind: 'start', name: 'notifier' }],
    ['restart emulator', { kind: 'restart', name: 'emulator' }],
    ['kill orders', { kind: 'kill', name: 'orders' }],
    ['status', { kind: 'status' }],
    ['help', { kind: 'help' }],
    ['quit', { kind: 'quit' }],
  ])('reads %j', (line, command) => {
    expect(parseLauncherCommand(line)).toEqual(command);
  });

  it.each(['stop', 'stop everything', 'restart notifier now', 'reboot notifier'])(
    'does not guess at %j',
    (line) => {
      expect(parseLauncherCommand(line)).toEqual({ kind: 'unknown', text: line });
    },
  );

  it('ignores a blank line', () => {
    expect(parseLauncherCommand('   ')).toBeUndefined();
  });
});

describe('the processes run as the launcher runs', () => {
  it('from the TypeScript sources with the require hook it was started with', () => {
    expect(typescriptHookOf(['-r', 'ts-node/register/transpile-only'])).toBe(
      'ts-node/register/transpile-only',
    );
    expect(typescriptHookOf(['--require=/x/cached-ts-register.js'])).toBe(
      '/x/cached-ts-register.js',
    );
  });

  it('compiled when it was started with no hook', () => {
    expect(typescriptHookOf(['--enable-source-maps'])).toBeUndefined();
  });
});
