/** The event log: every message step, newest first. */
import type { DemoMessageEvent } from '../../feed/demo-event.interface';
import { byId, el, trim } from './dom';
import { bodyOf, describeOrder, type MessageBody, time } from './format';

const MAX_LOG = 80;

export function logEvent(e: DemoMessageEvent): void {
  const body = bodyOf(e) ?? {};
  const line = el('li', e.type);
  line.append(
    el('span', 'mono', time(e.at)),
    el('span', 'tag queue', e.queue),
    el('span', 'tag', e.type),
    el('span', 'mono', body.id || e.messageId.slice(0, 8)),
    el('span', '', detailOf(e, body)),
  );
  const log = byId('log', HTMLElement);
  log.prepend(line);
  trim(log, MAX_LOG);
}

function detailOf(e: DemoMessageEvent, body: MessageBody): string | undefined {
  if (e.type === 'failed' || e.type === 'dead-lettered') return e.error;
  if (e.type === 'received') return 'attempt ' + e.attempt;
  return e.queue === 'payments' ? body.account + ' step ' + body.step : describeOrder(body);
}
