/** Text the page shows: times, counts, bodies. */

function pad(n: number): string {
  return (n < 10 ? '0' : '') + n;
}

/** A time of day if it is today, else the date too; `—` for none. */
export function fmtTime(ms: number | undefined): string {
  if (!ms) return '—';
  const d = new Date(ms);
  const time = pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
  const today = new Date();
  if (d.toDateString() === today.toDateString()) return time;
  return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + time;
}

/** A count in the reader's locale; `—` where it is unknown. */
export function num(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : n.toLocaleString();
}

export function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** A body as shown in full: JSON objects and arrays indented, anything else as it is. */
export function prettyBody(text: string): { readonly json: boolean; readonly text: string } {
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object') {
      return { json: true, text: JSON.stringify(value, null, 2) };
    }
  } catch {
    // not JSON: shown as it is
  }
  return { json: false, text };
}

/** A body on one line of a table, cut at `max` characters. */
export function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? flat.slice(0, max) + '…' : flat;
}
