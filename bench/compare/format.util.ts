import type { Spread } from './stats.util';

/** 12345.6 → "12,346". */
export function int(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a';
}

/** Milliseconds with two decimals below 10 ms, one above. */
export function ms(n: number): string {
  if (!Number.isFinite(n)) return 'n/a';
  return n < 10 ? n.toFixed(2) : n.toFixed(1);
}

/** A CPU share of one core, 0.93 → "93%". */
export function pct(share: number | undefined): string {
  return share === undefined || !Number.isFinite(share) ? 'n/a' : `${Math.round(share * 100)}%`;
}

/** A throughput over rounds: "12,346" alone, or "12,346 (11,900–12,800)". */
export function rate(s: Spread): string {
  if (s.n === 0) return 'n/a';
  return s.n === 1 ? int(s.median) : `${int(s.median)} (${int(s.min)}–${int(s.max)})`;
}

/** A ratio over rounds: "3.42×" alone, or "3.42× (2.90–3.80)". */
export function ratio(s: Spread): string {
  if (s.n === 0) return 'n/a';
  const f = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
  return s.n === 1 ? `${f(s.median)}×` : `${f(s.median)}× (${f(s.min)}–${f(s.max)})`;
}

/** Column alignment of a markdown table. */
export type Align = 'left' | 'right';

/** A markdown table with padded columns (readable both as text and rendered). */
export function markdownTable(
  headers: readonly string[],
  align: readonly Align[],
  rows: readonly (readonly string[])[],
): string {
  const widths = headers.map((h, i) =>
    Math.max(3, h.length, ...rows.map((r) => (r[i] ?? '').length)),
  );
  const cell = (text: string, i: number) =>
    align[i] === 'right' ? text.padStart(widths[i]) : text.padEnd(widths[i]);
  const line = (cells: readonly string[]) =>
    `| ${headers.map((_, i) => cell(cells[i] ?? '', i)).join(' | ')} |`;
  const rule = `| ${widths
    .map((w, i) => (align[i] === 'right' ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w)))
    .join(' | ')} |`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}
