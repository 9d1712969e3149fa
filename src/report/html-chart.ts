/**
 * The HTML report's timeline: inline SVG drawn from the presentation data (timeline-data.ts) in the
 * shared palette. A call longer than 2.5 minutes is cut into rows of equal scale (2 minutes each, at most
 * 6 rows), so a peak is as wide in every row and a printed page holds whole rows; the loudness lines are
 * decimated to about `MAX_LINE_POINTS` per party over the whole call.
 */
import { roundTo } from './format.js';
import { CHART_CHROME, PALETTE, type PaletteRole } from './palette.js';
import type { Report } from './schema.js';
import {
  buildBands,
  buildMarkers,
  decimateSeries,
  formatTime,
  loudnessSeries,
  responseGaps,
  timeTicks,
  type Point,
} from './timeline-data.js';

/** Points per party for the whole call, all rows together. */
export const MAX_LINE_POINTS = 1500;
const MAX_ROWS = 6;

/**
 * The rows a call of `durationSec` is drawn in: [start, end] each, all at the scale of the first. Up to
 * 150 s, one row; then rows of 2 minutes, or, past 6 of them, 6 rows of a whole number of minutes.
 */
export function timelineRows(durationSec: number): { rowSec: number; rows: [number, number][] } {
  const d = Math.max(durationSec, 1);
  const count = Math.min(MAX_ROWS, Math.ceil(d / 120));
  const rowSec = d <= 150 ? d : 60 * Math.ceil(d / count / 60);
  const rows: [number, number][] = [];
  for (let t = 0; t < d - 1e-6; t += rowSec) rows.push([t, Math.min(d, t + rowSec)]);
  return { rowSec, rows };
}

export const esc = (s: unknown): string =>
  String(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

const n = (x: number): string => roundTo(x, 1).toString();

// Geometry, in SVG user units (the SVG scales to the page width).
const W = 1000;
const LEFT = 104;
const RIGHT = 14;
const PLOT = W - LEFT - RIGHT;
const Y = { cs: 6, cl: 24, mk: 102, gp: 120, al: 150, as: 228, axis: 246, end: 268 } as const;
const LANE_H = 12;
const PANEL_H = 72;
const DB_MIN = -20;

function path(points: Point[], x: (t: number) => number, y: (db: number) => number): string {
  let d = '';
  let pen = false;
  for (const p of points) {
    if (p.y === null) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${n(x(p.x))} ${n(y(p.y))}`;
    pen = true;
  }
  return d;
}

const title = (text: string): string => `<title>${esc(text)}</title>`;

function marker(role: PaletteRole, cx: number, cy: number, r: number): string {
  const s = PALETTE[role];
  const paint = s.filled
    ? `fill="${s.color}" stroke="#fff" stroke-width="0.8"`
    : `fill="#fff" stroke="${s.color}" stroke-width="1.6"`;
  switch (s.symbol) {
    case 'triangle': // pointing down at the moment the agent came in
      return `<path d="M${n(cx - r)} ${n(cy - r)}H${n(cx + r)}L${n(cx)} ${n(cy + r)}Z" ${paint}/>`;
    case 'rectRot':
      return `<path d="M${n(cx)} ${n(cy - r)}L${n(cx + r)} ${n(cy)}L${n(cx)} ${n(cy + r)}L${n(cx - r)} ${n(cy)}Z" ${paint}/>`;
    case 'circle':
      return `<circle cx="${n(cx)}" cy="${n(cy)}" r="${n(r * 0.75)}" ${paint}/>`;
    case 'rectRounded': // a speech bubble (a coach's note), as the app's chart draws it
      return `<path d="M${n(cx - r)} ${n(cy - r * 0.85)}h${n(2 * r)}v${n(r * 1.35)}h${n(-r * 0.65)}l${n(-r * 0.35)} ${n(r * 0.55)}l${n(-r * 0.35)} ${n(-r * 0.55)}h${n(-r * 0.65)}Z" ${paint}/>`;
    default:
      return `<rect x="${n(cx - r)}" y="${n(cy - r)}" width="${n(2 * r)}" height="${n(2 * r)}" ${paint}/>`;
  }
}

/** A small SVG of a role's mark, for legends. */
export function legendSwatch(role: PaletteRole | 'threshold'): string {
  const open = '<svg class="swatch" viewBox="0 0 28 14" width="28" height="14" aria-hidden="true">';
  if (role === 'threshold') {
    return `${open}<line x1="1" y1="7" x2="27" y2="7" stroke="${CHART_CHROME.threshold}" stroke-width="1.4" stroke-dasharray="4 3"/></svg>`;
  }
  const s = PALETTE[role];
  if (role === 'agent' || role === 'customer') {
    return `${open}<rect x="1" y="9" width="26" height="4" fill="${s.fill}"/><path d="M1 6L7 3L13 7L19 2L27 5" fill="none" stroke="${s.color}" stroke-width="1.6"/></svg>`;
  }
  if (role === 'peak')
    return `${open}<rect x="1" y="1" width="26" height="12" fill="${s.fill}" stroke="${s.color}" stroke-width="1"/></svg>`;
  if (role === 'raisedVoice') {
    return `${open}<rect x="1" y="1" width="26" height="12" fill="${s.fill}" stroke="${s.color}" stroke-width="1"/><path d="M1 13L13 1M9 13L21 1M17 13L27 3" stroke="${s.color}" stroke-width="1"/></svg>`;
  }
  if (role === 'gapOk' || role === 'gapBad') return `${open}${gapBar(role === 'gapOk', 2, 26, 4)}</svg>`;
  return `${open}${marker(role, 14, 7, 5.5)}</svg>`;
}

function gapBar(ok: boolean, x0: number, x1: number, y: number): string {
  const s = PALETTE[ok ? 'gapOk' : 'gapBad'];
  const w = Math.max(2, x1 - x0);
  return ok
    ? `<rect x="${n(x0)}" y="${n(y)}" width="${n(w)}" height="6" fill="${s.fill}" stroke="${s.color}" stroke-width="1"/>`
    : `<rect x="${n(x0)}" y="${n(y)}" width="${n(w)}" height="6" fill="#fff" stroke="${s.color}" stroke-width="1.4" stroke-dasharray="3 2"/>`;
}

/** The timeline of `report` as one `<svg>` per row. */
export function renderTimelineSvg(report: Report): string {
  const duration = Math.max(report.source.durationSec, report.summary.durationSec, 1);
  const { rowSec, rows } = timelineRows(duration);
  const series = loudnessSeries(report);
  const bands = buildBands(report);
  const markers = buildMarkers(report);
  const gaps = responseGaps(report);
  const peakNumber = new Map(bands.filter((b) => b.kind === 'peak').map((b, i) => [b.eventId, i + 1]));
  let top = DB_MIN;
  for (const p of [...series.agent, ...series.customer]) if (p.y !== null && p.y > top) top = p.y;
  const dbMax = Math.min(40, Math.max(20, Math.ceil(top / 5) * 5));
  const { peakDb, raisedVoiceDb } = report.settings;
  return rows
    .map(([t0, t1], row) => {
      const x = (t: number): number => LEFT + ((t - t0) / rowSec) * PLOT;
      const xEnd = x(t1);
      const yIn = (top: number) => (db: number) =>
        top + PANEL_H * (1 - (Math.min(dbMax, Math.max(DB_MIN, db)) - DB_MIN) / (dbMax - DB_MIN));
      const inRow = (s: number, e: number): boolean => e >= t0 && s <= t1;
      const clip = (s: number, e: number): [number, number] => [x(Math.max(s, t0)), x(Math.min(e, t1))];
      const budget = Math.max(100, Math.round((MAX_LINE_POINTS * (t1 - t0)) / duration));
      const out: string[] = [];
      const hatch = `ss-hatch-${row}`;
      out.push(
        `<defs><pattern id="${hatch}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="${PALETTE.raisedVoice.fill}"/><line x1="0" y1="0" x2="0" y2="6" stroke="${PALETTE.raisedVoice.color}" stroke-width="1.2"/></pattern></defs>`,
      );
      // Lane titles and grid.
      const label = (y: number, a: string, b?: string): string =>
        `<text x="4" y="${y}" class="lane">${esc(a)}</text>` +
        (b ? `<text x="4" y="${y + 12}" class="lane-sub">${esc(b)}</text>` : '');
      out.push(label(Y.cs + 10, 'Customer'), label(Y.as + 10, 'Agent'));
      out.push(label(Y.cl + 26, 'Customer', 'dB vs calm'), label(Y.al + 26, 'Agent', 'dB vs normal'));
      out.push(label(Y.mk + 12, 'Interrupts'), label(Y.gp + 18, 'Wait after', 'a peak'));
      const ticks = timeTicks(t0, t0 + rowSec, 12).filter((tk) => tk.sec <= t1 + 1e-9);
      for (const tk of ticks) {
        const tx = n(x(tk.sec));
        out.push(`<line x1="${tx}" y1="${Y.cs}" x2="${tx}" y2="${Y.axis}" class="grid"/>`);
        out.push(`<line x1="${tx}" y1="${Y.axis}" x2="${tx}" y2="${Y.axis + 4}" class="tick"/>`);
        const anchor = x(tk.sec) > W - RIGHT - 16 ? 'end' : 'middle';
        out.push(
          `<text x="${tx}" y="${Y.axis + 16}" class="tick-label" text-anchor="${anchor}">${esc(tk.label)}</text>`,
        );
      }
      out.push(`<line x1="${LEFT}" y1="${Y.axis}" x2="${n(xEnd)}" y2="${Y.axis}" class="tick"/>`);
      // Bands.
      for (const b of bands) {
        if (!inRow(b.start, b.end)) continue;
        const [a, z] = clip(b.start, b.end);
        const w = n(Math.max(1, z - a));
        const s = PALETTE[b.role];
        const tip = title(`${b.label}, ${formatTime(b.start)}–${formatTime(b.end)}`);
        if (b.kind === 'agentSpeech' || b.kind === 'customerSpeech') {
          const y = b.kind === 'agentSpeech' ? Y.as : Y.cs;
          out.push(
            `<rect x="${n(a)}" y="${y}" width="${w}" height="${LANE_H}" fill="${s.fill}">${tip}</rect>`,
          );
        } else if (b.kind === 'peak') {
          out.push(
            `<rect x="${n(a)}" y="${Y.cl}" width="${w}" height="${Y.gp + 28 - Y.cl}" fill="${s.fill}">${tip}</rect>`,
            `<line x1="${n(a)}" y1="${Y.cl}" x2="${n(z)}" y2="${Y.cl}" stroke="${s.color}" stroke-width="3"/>`,
          );
          const num = peakNumber.get(b.eventId);
          if (z - a > 18)
            out.push(`<text x="${n(a + 3)}" y="${Y.cl + 11}" class="peak-label">P${num}</text>`);
        } else {
          out.push(
            `<rect x="${n(a)}" y="${Y.al}" width="${w}" height="${PANEL_H}" fill="url(#${hatch})" opacity="0.75">${tip}</rect>`,
          );
        }
      }
      // Loudness panels: 0 dB is the party's own level; the dashed line is the threshold.
      for (const [top, points, role, thr, thrName] of [
        [Y.cl, series.customer, 'customer', peakDb, 'peak'],
        [Y.al, series.agent, 'agent', raisedVoiceDb, 'raised'],
      ] as const) {
        const y = yIn(top);
        out.push(`<rect x="${LEFT}" y="${top}" width="${PLOT}" height="${PANEL_H}" class="panel"/>`);
        out.push(`<line x1="${LEFT}" y1="${n(y(0))}" x2="${n(xEnd)}" y2="${n(y(0))}" class="zero"/>`);
        out.push(
          `<line x1="${LEFT}" y1="${n(y(thr))}" x2="${n(xEnd)}" y2="${n(y(thr))}" class="threshold"/>`,
        );
        for (const [db, text] of [
          [0, '0'],
          [thr, `+${thr}`],
          [dbMax, `+${dbMax}`],
          [DB_MIN, `${DB_MIN}`],
        ] as const) {
          out.push(`<text x="${LEFT - 4}" y="${n(y(db) + 3.5)}" class="db" text-anchor="end">${text}</text>`);
        }
        const d = path(decimateSeries(points, t0, t1, budget), x, y);
        if (d)
          out.push(
            `<path d="${d}" fill="none" stroke="${PALETTE[role].color}" stroke-width="1.3" stroke-linejoin="round"/>`,
          );
        const thrLabel = `${thrName} +${thr} dB`;
        out.push(
          `<text x="${n(xEnd - 2)}" y="${n(y(thr) - 3)}" class="thr-label" text-anchor="end">${thrLabel}</text>`,
        );
      }
      // Interruptions and backchannels: a stem through both panels, the mark in the marker lane.
      for (const m of markers) {
        if (!inRow(m.start, m.start)) continue;
        const mx = x(m.start);
        const s = PALETTE[m.role];
        const r = m.kind === 'interruptionAtPeak' ? 7 : m.kind === 'interruption' ? 5.5 : 4.5;
        const dash = m.kind === 'backchannel' ? ' stroke-dasharray="2 2"' : '';
        out.push(
          `<g>${title(`${m.label}, ${formatTime(m.start)}`)}<line x1="${n(mx)}" y1="${Y.cl}" x2="${n(mx)}" y2="${Y.al + PANEL_H}" stroke="${s.color}" stroke-width="1" opacity="0.7"${dash}/>${marker(m.role, mx, Y.mk + 8, r)}</g>`,
        );
      }
      // Waits after peaks: a bar over the silence, labelled as fully as the room up to the next one allows.
      let labelEnd = -Infinity;
      const rowGaps = gaps.filter((g) => inRow(g.start, g.end));
      rowGaps.forEach((g, i) => {
        const [a, z] = clip(g.start, g.end);
        const s = PALETTE[g.role];
        out.push(`<g>${title(`${g.ok ? '✓' : '✗'} ${g.label}`)}${gapBar(g.ok, a, z, Y.gp + 18)}</g>`);
        const next = rowGaps[i + 1];
        const room = next ? x(next.start) - 4 : W;
        const short = g.label.replace(/^waited /, '');
        for (const [text, last] of [
          [`${s.glyph} ${g.label}`, false],
          [`${s.glyph} ${short}`, false],
          [s.glyph, true],
        ] as const) {
          const w = text.length * 6.4;
          const lx = Math.max(a, LEFT);
          if (lx > labelEnd + 4 && (lx + w <= Math.min(room, W) || last)) {
            out.push(
              `<text x="${n(lx)}" y="${Y.gp + 13}" class="gap-label" fill="${s.ink}">${esc(text)}</text>`,
            );
            labelEnd = lx + w;
            break;
          }
        }
      });
      const caption = `Timeline ${formatTime(t0, { tenths: false })} to ${formatTime(t1, { tenths: false })}`;
      return `<svg class="timeline" viewBox="0 0 ${W} ${Y.end}" role="img" aria-label="${esc(caption)}">${title(caption)}${out.join('')}</svg>`;
    })
    .join('\n');
}
