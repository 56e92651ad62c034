/** What the page tells the user besides the views: toasts, the connection, and busy buttons. */
import { refresh } from './app';
import { byId, h } from './dom';

export function toast(text: string, isError = false): void {
  const el = h('div', {
    class: isError ? 'toast error' : 'toast',
    role: isError ? 'alert' : 'status',
    text,
  });
  byId('toasts', HTMLElement).appendChild(el);
  setTimeout(() => el.remove(), isError ? 9000 : 5000);
}

/** The header's connection status. */
export function setLive(on: boolean, text?: string): void {
  const live = byId('live', HTMLElement);
  live.className = on ? 'live on' : 'live';
  live.textContent = text || (on ? 'live' : 'reconnecting…');
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs an action for a button, then says how it went and asks for the new state. The button is
 * marked busy with aria-disabled rather than disabled, so it keeps the keyboard focus (a
 * disabled button drops it).
 */
export function act<T>(
  button: HTMLElement | null,
  run: () => Promise<T>,
  done?: string | ((result: T) => string),
): Promise<void> {
  if (button) {
    if (button.getAttribute('aria-disabled') === 'true') return Promise.resolve();
    button.setAttribute('aria-disabled', 'true');
  }
  return run()
    .then(
      (result) => {
        if (done) toast(typeof done === 'function' ? done(result) : done);
        return refresh();
      },
      (error: unknown) => toast(messageOf(error), true),
    )
    .then(() => {
      if (button && button.isConnected) button.removeAttribute('aria-disabled');
    });
}
