/** The event log: every message step, newest first. */
import type { DemoMessageEvent } from '../../feed/demo-event.interface';
import { byId, el, trim } from './dom';
import { bodyOf, describeOrder, type MessageBody, time, waitedText } from './format';

const MAX_LOG = 80;

/** Adds a line for `e`; `replayed`: missed while the page was disconnected, caught up now. */
export function logEvent(e: DemoMessageEvent, replayed = false): void {
  const body = bodyOf(e) ?? {};
  const line = el('li', replayed ? e.type + ' replayed' : e.type);
  line.setAttribute('data-seq', String(e.seq));
  line.append(
    el('span', 'mono', time(e.at)),
    el('span', 'tag queue', e.queue),
    el('span', 'tag', e.type),
    el('span', 'mono', body.id || e.messageId.slice(0, 8)),
    el('span', '', detailOf(e, body)),
  );
  if (replayed) line.append(el('span', 'tag replayed', 'replayed'));
  const log = byId('log', HTMLElement);
  log.prepend(line);
  trim(log, MAX_LOG);
}

function detailOf(e: DemoMessageEvent, body: MessageBody): string | undefined {
  if (e.type === 'failed' || e.type === 'dead-lettered') return e.error;
  if (e.type === 'received') return 'attempt ' + e.attempt;
  const waited = e.type === 'sent' ? waitedText(e) : '';
  return (
    (e.queue === 'payments' ? body.account + ' step ' + body.step : describeOrder(body)) + waited
  );
}
