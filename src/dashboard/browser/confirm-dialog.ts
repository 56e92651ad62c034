/** The page's one modal: a question before an action that cannot be undone. */
import { byId } from './dom';

export interface Confirmation {
  readonly title: string;
  readonly text: string;
  /** The label of the confirming button. */
  readonly ok: string;
  /** A word the user must type to confirm (the queue's name, for a purge). */
  readonly expect?: string;
}

/** Asks; resolves to whether the user confirmed. */
export function confirmDialog(options: Confirmation): Promise<boolean> {
  const dialog = byId('confirm', HTMLDialogElement);
  const typed = byId('confirm-typed', HTMLInputElement);
  const ok = byId('confirm-ok', HTMLButtonElement);
  byId('confirm-title', HTMLElement).textContent = options.title;
  byId('confirm-text', HTMLElement).textContent = options.text;
  byId('confirm-typed-label', HTMLElement).hidden = !options.expect;
  byId('confirm-expected', HTMLElement).textContent = options.expect || '';
  ok.textContent = options.ok;
  typed.value = '';
  ok.disabled = !!options.expect;
  // Handlers as properties: each question replaces the last one's.
  typed.oninput = () => {
    ok.disabled = typed.value !== options.expect;
  };
  typed.onkeydown = (e) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    if (!ok.disabled) dialog.close('ok');
  };
  dialog.returnValue = '';
  dialog.showModal();
  (options.expect ? typed : ok).focus();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
  });
}
