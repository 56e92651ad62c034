/**
 * Hand-written SVG charts (no browser, no chart library): horizontal bar panels for throughput
 * and a line for the backlog-scaling curve. Plain SVG 1.1 that GitHub renders in a README.
 */

/** One bar: a median with an optional min–max whisker. */
export interface Bar {
  readonly label: string;
  readonly value: number;
  readonly low?: number;
  readonly high?: number;
  readonly color?: string;
  /** Text after the value (e.g. "client-bound"). */
  readonly note?: string;
}

/** A titled group of bars sharing one scale. */
export interface BarPanel {
  readonly title: string;
  readonly bars: readonly Bar[];
}

export interface BarChartSpec {
  readonly title: string;
  readonly subtitle?: string;
  readonly unit: string;
  readonly panels: readonly BarPanel[];
  /** One scale for all panels (default) or one per panel. */
  readonly sharedScale?: boolean;
}

export interface LinePoint {
  readonly x: number;
  readonly y: number;
  readonly low?: number;
  readonly high?: number;
}

export interface LineChartSpec {
  readonly title: string;
  readonly subtitle?: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly points: readonly LinePoint[];
  /** A horizontal reference line, e.g. a target. */
  readonly target?: { readonly y: number; readonly label: string };
}

/** Colours that stay apart for the usual kinds of colour blindness (Okabe–Ito). */
export const PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#999999',
];

const FONT = 'font-family="-apple-system,Segoe UI,Helvetica,Arial,sans-serif"';

/** Escapes text for an SVG text node or attribute. */
export function xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

const fmt = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');

/** A "nice" axis maximum at or above `v` (1, 2, 2.5, 5 × 10^k). */
export function niceMax(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 1.5, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function text(
  x: number,
  y: number,
  s: string,
  opts: { size?: number; anchor?: string; weight?: string; fill?: string } = {},
): string {
  return (
    `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-size="${opts.size ?? 12}" ` +
    `text-anchor="${opts.anchor ?? 'start'}" fill="${opts.fill ?? '#222'}"` +
    `${opts.weight ? ` font-weight="${opts.weight}"` : ''}>${xml(s)}</text>`
  );
}

/** Horizontal bar panels with value labels and min–max whiskers. */
export function barChart(spec: BarChartSpec): string {
  const width = 760;
  const labelW = 250;
  const plotW = 360;
  const barH = 18;
  const gap = 6;
  const x0 = labelW + 10;
  const globalMax = niceMax(
    Math.max(0, ...spec.panels.flatMap((p) => p.bars.map((b) => finite(b.high ?? b.value)))),
  );
  const parts: string[] = [];
  let y = 28;
  parts.push(text(12, y, spec.title, { size: 16, weight: 'bold' }));
  for (const line of wrap(spec.subtitle ?? '', 125)) {
    y += 16;
    parts.push(text(12, y, line, { size: 11, fill: '#555' }));
  }
  y += 14;
  for (const panel of spec.panels) {
    const max =
      spec.sharedScale === false
        ? niceMax(Math.max(0, ...panel.bars.map((b) => finite(b.high ?? b.value))))
        : globalMax;
    const sx = (v: number) => x0 + (Math.max(0, finite(v)) / max) * plotW;
    y += 22;
    parts.push(text(12, y, panel.title, { size: 13, weight: 'bold' }));
    y += 8;
    const top = y;
    const bottom = top + panel.bars.length * (barH + gap) - gap;
    // Grid first, so the bars are drawn over it.
    for (let t = 0; t <= 4; t++) {
      const v = (max / 4) * t;
      const x = sx(v);
      parts.push(
        `<line x1="${x.toFixed(1)}" y1="${top - 2}" x2="${x.toFixed(1)}" y2="${bottom + 2}" ` +
          `stroke="#ccc" stroke-width="0.6"${t === 0 ? '' : ' stroke-dasharray="2,3"'}/>`,
      );
      parts.push(text(x, bottom + 14, fmt(v), { size: 9, anchor: 'middle', fill: '#777' }));
    }
    panel.bars.forEach((b, i) => {
      const color = b.color ?? PALETTE[i % PALETTE.length];
      const by = y;
      parts.push(text(labelW, by + barH - 5, b.label, { anchor: 'end' }));
      if (Number.isFinite(b.value)) {
        parts.push(
          `<rect x="${x0}" y="${by}" width="${(sx(b.value) - x0).toFixed(1)}" height="${barH}" ` +
            `fill="${color}" rx="2"/>`,
        );
        if (b.low !== undefined && b.high !== undefined && b.high > b.low) {
          const ym = by + barH / 2;
          parts.push(
            `<path d="M${sx(b.low).toFixed(1)} ${ym}H${sx(b.high).toFixed(1)}` +
              `M${sx(b.low).toFixed(1)} ${ym - 4}V${ym + 4}M${sx(b.high).toFixed(1)} ${ym - 4}V${ym + 4}" ` +
              `stroke="#222" stroke-width="1.2" fill="none"/>`,
          );
        }
      }
      const label = Number.isFinite(b.value) ? `${fmt(b.value)} ${spec.unit}` : 'no valid result';
      parts.push(
        text(
          sx(Math.max(b.value, b.high ?? 0)) + 6,
          by + barH - 5,
          label + (b.note ? ` — ${b.note}` : ''),
          {
            size: 11,
            fill: '#333',
          },
        ),
      );
      y += barH + gap;
    });
    y += 14;
  }
  const height = y + 12;
  return svg(width, height, parts);
}

/** A line over a log-scaled x axis (backlog sizes), y from zero, with min–max whiskers. */
export function lineChart(spec: LineChartSpec): string {
  const width = 760;
  const height = 380;
  const left = 90;
  const right = 40;
  const subtitle = wrap(spec.subtitle ?? '', 125);
  const top = 52 + subtitle.length * 16;
  const bottom = 56;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const xs = spec.points.map((p) => p.x);
  const lx0 = Math.floor(Math.log10(Math.min(...xs)));
  const lx1 = Math.ceil(Math.log10(Math.max(...xs)));
  const span = Math.max(1, lx1 - lx0);
  const ymax = niceMax(
    Math.max(spec.target?.y ?? 0, ...spec.points.map((p) => finite(p.high ?? p.y))) * 1.1,
  );
  const sx = (x: number) => left + ((Math.log10(x) - lx0) / span) * plotW;
  const sy = (y: number) => top + plotH - (Math.max(0, finite(y)) / ymax) * plotH;
  const parts: string[] = [];
  parts.push(text(12, 28, spec.title, { size: 16, weight: 'bold' }));
  subtitle.forEach((line, i) =>
    parts.push(text(12, 46 + i * 16, line, { size: 11, fill: '#555' })),
  );
  for (let t = 0; t <= 5; t++) {
    const v = (ymax / 5) * t;
    parts.push(
      `<line x1="${left}" y1="${sy(v).toFixed(1)}" x2="${left + plotW}" y2="${sy(v).toFixed(1)}" ` +
        `stroke="#ddd" stroke-width="0.8"/>`,
    );
    parts.push(text(left - 8, sy(v) + 4, fmt(v), { size: 10, anchor: 'end', fill: '#555' }));
  }
  for (let e = lx0; e <= lx1; e++) {
    const x = sx(10 ** e);
    parts.push(
      `<line x1="${x.toFixed(1)}" y1="${top}" x2="${x.toFixed(1)}" y2="${top + plotH}" stroke="#eee"/>`,
    );
    parts.push(
      text(x, top + plotH + 16, fmt(10 ** e), { size: 10, anchor: 'middle', fill: '#555' }),
    );
  }
  parts.push(text(left + plotW / 2, height - 14, spec.xLabel, { size: 12, anchor: 'middle' }));
  parts.push(
    `<text x="18" y="${top + plotH / 2}" font-size="12" text-anchor="middle" ` +
      `transform="rotate(-90 18 ${top + plotH / 2})" fill="#222">${xml(spec.yLabel)}</text>`,
  );
  if (spec.target) {
    const y = sy(spec.target.y).toFixed(1);
    parts.push(
      `<line x1="${left}" y1="${y}" x2="${left + plotW}" y2="${y}" stroke="${PALETTE[5]}" ` +
        `stroke-width="1.2" stroke-dasharray="6,4"/>`,
    );
    parts.push(
      text(left + plotW - 4, Number(y) - 6, spec.target.label, {
        size: 11,
        anchor: 'end',
        fill: PALETTE[5],
      }),
    );
  }
  const pts = spec.points.filter((p) => Number.isFinite(p.y));
  if (pts.length > 1) {
    parts.push(
      `<polyline points="${pts.map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ')}" ` +
        `fill="none" stroke="${PALETTE[0]}" stroke-width="2.5"/>`,
    );
  }
  for (const p of pts) {
    const x = sx(p.x);
    if (p.low !== undefined && p.high !== undefined && p.high > p.low) {
      parts.push(
        `<path d="M${x.toFixed(1)} ${sy(p.low).toFixed(1)}V${sy(p.high).toFixed(1)}` +
          `M${(x - 4).toFixed(1)} ${sy(p.low).toFixed(1)}h8M${(x - 4).toFixed(1)} ${sy(p.high).toFixed(1)}h8" ` +
          `stroke="#222" stroke-width="1.2" fill="none"/>`,
      );
    }
    parts.push(
      `<circle cx="${x.toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="4.5" fill="${PALETTE[0]}"/>`,
    );
    // Labels of points in the right half go to their left, so they stay inside the chart.
    const leftSide = x > left + plotW / 2;
    parts.push(
      text(x + (leftSide ? -8 : 8), sy(p.y) - 10, `${fmt(p.y)} msg/s`, {
        size: 11,
        anchor: leftSide ? 'end' : 'start',
      }),
    );
  }
  return svg(width, height, parts);
}

/** Splits `s` at "; " or spaces into lines of at most `max` characters. */
export function wrap(s: string, max: number): string[] {
  if (s === '') return [];
  const lines: string[] = [];
  let line = '';
  for (const word of s.split(' ')) {
    if (line && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

function finite(v: number): number {
  return Number.isFinite(v) ? v : 0;
}

function svg(width: number, height: number, parts: readonly string[]): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${Math.ceil(height)}" ` +
    `viewBox="0 0 ${width} ${Math.ceil(height)}" ${FONT}>\n` +
    `<rect width="100%" height="100%" fill="#fff"/>\n${parts.join('\n')}\n</svg>\n`
  );
}
