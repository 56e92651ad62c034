/** Where the page is: `#/<tab>[/<queue id>]`, so that every view has a link of its own. */

export const TABS = ['queues', 'dead-letters', 'consumers', 'send'] as const;

export type Tab = (typeof TABS)[number];

export interface Route {
  readonly tab: Tab;
  /** A queue id: the queue shown (queues, dead-letters) or preselected (send). */
  readonly id: string | null;
}

/** The route in the location's hash; the queues overview for anything else. */
export function parseRoute(): Route {
  const parts = location.hash
    .replace(/^#\/?/, '')
    .split('/')
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
  const tab = TABS.find((t) => t === parts[0]) ?? 'queues';
  return { tab, id: parts[1] || null };
}
