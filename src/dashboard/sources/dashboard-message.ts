import type { DashboardMessage, DashboardMessageAttribute } from '../dashboard-views.interface';

/** The fields a peek yields, before its attributes are made displayable. */
export interface PeekFields {
  readonly messageId: string;
  readonly body: string;
  readonly state: DashboardMessage['state'];
  readonly receiveCount: number;
  readonly sentTimestamp: number;
  readonly firstReceiveTimestamp?: number;
  readonly visibleAt?: number;
  readonly groupId?: string;
  readonly deduplicationId?: string;
  readonly sequenceNumber?: string;
  readonly deadLetterSourceArn?: string;
}

/**
 * A peeked message as the page shows it: only the fields it has, and attributes in an object
 * whose keys cannot be `__proto__` tricks (attribute names come from senders).
 */
export function dashboardMessage(
  m: PeekFields,
  attributes: Iterable<readonly [string, DashboardMessageAttribute]>,
): DashboardMessage {
  const byName: Record<string, DashboardMessageAttribute> = {};
  for (const [name, value] of attributes) {
    Object.defineProperty(byName, name, { value, enumerable: true, writable: true });
  }
  const optional = <K extends keyof PeekFields>(key: K) =>
    m[key] === undefined ? {} : { [key]: m[key] };
  return {
    messageId: m.messageId,
    body: m.body,
    state: m.state,
    receiveCount: m.receiveCount,
    sentTimestamp: m.sentTimestamp,
    ...optional('firstReceiveTimestamp'),
    ...(m.state === 'visible' ? {} : optional('visibleAt')),
    ...optional('groupId'),
    ...optional('deduplicationId'),
    ...optional('sequenceNumber'),
    ...optional('deadLetterSourceArn'),
    attributes: byName,
  };
}
