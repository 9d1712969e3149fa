/**
 * The timeline's own drawing on Chart.js's canvas (plugin hooks): each party's lane (its own 0 dB, its
 * threshold, labels in the left gutter), numbered peaks and raised voice, speech, the waits after peaks
 * and the event marks, all from the ChartModel in the palette's colours. Pixels only: what to draw was
 * decided in chart-model.ts.
 */
import type { Chart } from 'chart.js';
import type { MarkerSymbol } from '../../src/report/palette.js';
import {
  CHROME,
  type ChartModel,
  LANE_DB,
  LANES,
  placePeakLabels,
  type Range,
  stackMarks,
  Y_UNITS,
} from './chart-model.js';

/** Above this many marks in view, their dashed lines down the plot are left out. */
const MAX_MARK_LINES = 30;
/** Room left of the plot for the lanes' names and dB labels, px. */
export const GUTTER_PX = 84;
const FONT = 'Inter, system-ui, sans-serif';

export interface DrawState {
  model: ChartModel;
  range: Range;
  selected: string | null;
}

/** The canvas, the plot area and the scales, once the chart has laid them out; null before. */
function geometry(chart: Chart) {
  const x = chart.scales['x'];
  const y = chart.scales['y'];
  if (!x || !y) return null;
  return {
    ctx: chart.ctx,
    area: chart.chartArea,
    px: (t: number) => x.getPixelForValue(t),
    py: (units: number) => y.getPixelForValue(units),
  };
}

type Geometry = NonNullable<ReturnType<typeof geometry>>;

/** What goes under the loudness lines: the lanes, shaded peaks and raised voice, speech above the plot. */
export function drawUnder(chart: Chart, view: DrawState): void {
  const g = geometry(chart);
  if (!g) return;
  g.ctx.save();
  drawLanes(g, view);
  drawSpans(g, view);
  drawSpeech(g, view);
  g.ctx.restore();
}

function drawLanes({ ctx, area, py }: Geometry, view: DrawState): void {
  for (const lane of view.model.lanes) {
    const top = py(lane.y1);
    const bottom = py(lane.y0);
    ctx.strokeStyle = CHROME.grid;
    ctx.lineWidth = 1;
    ctx.strokeRect(area.left + 0.5, top + 0.5, area.right - area.left - 1, bottom - top - 1);
    // 0 dB: the party's own level; dashed: their threshold
    const zero = py(view.model.yOf(lane.party, 0));
    ctx.strokeStyle = CHROME.zero;
    ctx.beginPath();
    ctx.moveTo(area.left, zero);
    ctx.lineTo(area.right, zero);
    ctx.stroke();
    const thr = py(view.model.yOf(lane.party, lane.thresholdDb));
    ctx.strokeStyle = CHROME.threshold;
    ctx.setLineDash([5, 4]);
    ctx.beginPath();
    ctx.moveTo(area.left, thr);
    ctx.lineTo(area.right, thr);
    ctx.stroke();
    ctx.setLineDash([]);
    // the gutter: the lane's name on top, its dB labels at their levels (the threshold's named), never
    // over the lines
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'left';
    ctx.fillStyle = lane.color;
    ctx.font = `600 12px ${FONT}`;
    ctx.fillText(lane.title, 2, top + 9);
    ctx.fillStyle = CHROME.mutedText;
    ctx.font = `11px ${FONT}`;
    ctx.fillText(lane.sub, 2, top + 23);
    ctx.textAlign = 'right';
    const at = (db: number): number =>
      Math.min(bottom - 6, Math.max(top + 6, py(view.model.yOf(lane.party, db))));
    ctx.fillStyle = CHROME.text;
    ctx.fillText(`${lane.thresholdName} +${lane.thresholdDb}`, area.left - 4, thr);
    ctx.fillStyle = CHROME.mutedText;
    for (const db of [0, LANE_DB.min]) {
      if (Math.abs(at(db) - thr) > 11) ctx.fillText(db > 0 ? `+${db}` : `${db}`, area.left - 4, at(db));
    }
  }
}

function drawSpans({ ctx, area, px, py }: Geometry, view: DrawState): void {
  const labels: { xPx: number; widthPx: number; selected: boolean; text: string; top: number }[] = [];
  ctx.font = `700 11px ${FONT}`;
  for (const span of view.model.spans) {
    const left = Math.max(area.left, px(span.startSec));
    const right = Math.min(area.right, px(span.endSec));
    if (right <= left) continue;
    const top = py(Y_UNITS[span.party][1]);
    // a peak's shading runs down to the waits under its lane, so the wait after it reads as its own
    const bottom = span.party === 'customer' ? py(Y_UNITS.agent[1]) : py(Y_UNITS.agent[0]);
    ctx.fillStyle = span.fill;
    ctx.fillRect(left, top, right - left, bottom - top);
    if (span.hatch) hatch(ctx, left, top, right - left, bottom - top, span.edge);
    ctx.fillStyle = span.edge;
    ctx.fillRect(left, top, right - left, 3);
    if (span.id === view.selected) {
      ctx.strokeStyle = CHROME.selection;
      ctx.lineWidth = 2;
      ctx.strokeRect(left, top, right - left, bottom - top);
    }
    if (span.number === null) continue;
    const text = `P${span.number}`;
    const widthPx = ctx.measureText(text).width + 6;
    const xPx = Math.min(Math.max(left, area.left), area.right - widthPx);
    labels.push({ xPx, widthPx, selected: span.id === view.selected, text, top });
  }
  // the peaks' numbers after every span (a later span's shading never covers an earlier number), in two
  // rows; a number with no room waits until zoomed in; the selected one is drawn last, on top
  const rows = placePeakLabels(labels);
  const order = labels
    .map((_, i) => i)
    .sort((a, b) => Number(labels[a]?.selected) - Number(labels[b]?.selected));
  ctx.font = `700 11px ${FONT}`;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  for (const i of order) {
    const label = labels[i];
    const row = rows[i];
    if (label === undefined || row === null || row === undefined) continue;
    const ly = label.top + 5 + row * 15;
    ctx.fillStyle = CHROME.labelBackground;
    ctx.fillRect(label.xPx, ly, label.widthPx, 14);
    ctx.fillStyle = CHROME.text;
    ctx.fillText(label.text, label.xPx + 3, ly + 7.5);
  }
}

function hatch(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, color: string) {
  ctx.save();
  ctx.beginPath();
  ctx.rect(x, y, w, h);
  ctx.clip();
  ctx.strokeStyle = color;
  ctx.globalAlpha = 0.45;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let d = -h; d < w; d += 7) {
    ctx.moveTo(x + d, y + h);
    ctx.lineTo(x + d + h, y);
  }
  ctx.stroke();
  ctx.restore();
}

function drawSpeech({ ctx, area, px }: Geometry, view: DrawState): void {
  ctx.font = `600 11px ${FONT}`;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'right';
  for (const lane of view.model.speech) {
    const top = area.top - LANES.heightPx + lane.offsetPx;
    ctx.fillStyle = CHROME.laneBackground;
    ctx.fillRect(area.left, top, area.right - area.left, LANES.laneHeightPx);
    ctx.fillStyle = lane.color;
    for (const [start, end] of lane.spans) {
      const left = Math.max(area.left, px(start));
      const right = Math.min(area.right, px(end));
      if (right > left) ctx.fillRect(left, top, Math.max(1, right - left), LANES.laneHeightPx);
    }
    ctx.fillStyle = CHROME.mutedText;
    ctx.fillText(lane.label, area.left - 4, top + LANES.laneHeightPx / 2);
  }
}

/** What goes over the lines: the waits after peaks with their labels, and the event marks. */
export function drawOver(chart: Chart, view: DrawState): void {
  const g = geometry(chart);
  if (!g) return;
  const { ctx, area } = g;
  ctx.save();
  ctx.beginPath();
  ctx.rect(
    area.left - 10,
    area.top - LANES.heightPx,
    area.right - area.left + 20,
    area.bottom - area.top + LANES.heightPx,
  );
  ctx.clip();
  drawGaps(g, view);
  drawMarks(g, view);
  ctx.restore();
}

function drawGaps({ ctx, area, px, py }: Geometry, view: DrawState): void {
  const gapY = py(Y_UNITS.gap);
  ctx.font = `600 11px ${FONT}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  let labelsEndPx = -Infinity; // labels that would overlap the previous one are left out (zoom in to read)
  for (const gap of view.model.gaps) {
    const left = px(gap.startSec);
    const right = Math.max(px(gap.endSec), left + 2);
    if (right < area.left || left > area.right) continue;
    const selected = gap.id === view.selected;
    ctx.strokeStyle = gap.color;
    ctx.lineWidth = selected ? 2.5 : 1.5;
    if (gap.ok) {
      ctx.fillStyle = gap.color;
      ctx.fillRect(left, gapY - 3, right - left, 6);
    } else {
      ctx.setLineDash([3, 2]);
      ctx.strokeRect(left, gapY - 3, right - left, 6);
      ctx.setLineDash([]);
    }
    ctx.beginPath();
    ctx.moveTo(left, gapY - 7);
    ctx.lineTo(left, gapY + 7);
    ctx.moveTo(right, gapY - 7);
    ctx.lineTo(right, gapY + 7);
    ctx.stroke();
    const text = `${gap.glyph} ${gap.label}`;
    const width = ctx.measureText(text).width;
    const center = Math.min(Math.max((left + right) / 2, area.left + width / 2), area.right - width / 2);
    if (selected || center - width / 2 > labelsEndPx + 6) {
      ctx.fillStyle = CHROME.labelBackground;
      ctx.fillRect(center - width / 2 - 2, gapY - 22, width + 4, 14);
      ctx.fillStyle = gap.ink;
      ctx.fillText(text, center, gapY - 8);
      labelsEndPx = center + width / 2;
    }
  }
}

function drawMarks({ ctx, area, px }: Geometry, view: DrawState): void {
  const lanesTop = area.top - LANES.heightPx;
  const xs = view.model.marks.map((m) => px(m.tSec));
  const rows = stackMarks(xs);
  const inView = view.model.marks.filter((m) => m.tSec >= view.range.fromSec && m.tSec <= view.range.toSec);
  const lines = inView.length <= MAX_MARK_LINES; // a whole long call: symbols only, lines once zoomed in
  view.model.marks.forEach((mark, i) => {
    const mx = xs[i] as number;
    if (mx < area.left - 8 || mx > area.right + 8) return;
    const my = lanesTop + (LANES.markRowsPx[rows[i] as number] as number);
    const selected = mark.id === view.selected;
    if (lines || selected) {
      ctx.strokeStyle = mark.color;
      ctx.lineWidth = selected ? 1.5 : 1;
      ctx.setLineDash([3, 3]);
      ctx.beginPath();
      ctx.moveTo(mx, area.top);
      ctx.lineTo(mx, area.bottom);
      ctx.stroke();
      ctx.setLineDash([]);
    }
    drawSymbol(ctx, mark.symbol, mark.filled, mx, my, selected ? 7.5 : 6, mark.color);
    if (selected) {
      ctx.strokeStyle = CHROME.selection;
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.arc(mx, my, 10, 0, Math.PI * 2);
      ctx.stroke();
    }
  });
}

function drawSymbol(
  ctx: CanvasRenderingContext2D,
  symbol: MarkerSymbol,
  filled: boolean,
  x: number,
  y: number,
  r: number,
  color: string,
): void {
  ctx.beginPath();
  switch (symbol) {
    case 'triangle': // pointing down at the moment the agent came in
      ctx.moveTo(x, y + r);
      ctx.lineTo(x - r, y - r * 0.8);
      ctx.lineTo(x + r, y - r * 0.8);
      ctx.closePath();
      break;
    case 'rectRot':
      ctx.moveTo(x, y - r);
      ctx.lineTo(x + r, y);
      ctx.lineTo(x, y + r);
      ctx.lineTo(x - r, y);
      ctx.closePath();
      break;
    case 'circle':
      ctx.arc(x, y, r * 0.8, 0, Math.PI * 2);
      break;
    case 'rectRounded': // a speech bubble (a coach's note): a rounded box with a tail down to the moment
      ctx.roundRect(x - r, y - r * 0.85, r * 2, r * 1.4, r * 0.4);
      ctx.moveTo(x - r * 0.35, y + r * 0.5);
      ctx.lineTo(x, y + r * 1.05);
      ctx.lineTo(x + r * 0.35, y + r * 0.5);
      break;
    default:
      ctx.rect(x - r * 0.75, y - r * 0.75, r * 1.5, r * 1.5);
      break;
  }
  if (filled) {
    ctx.fillStyle = color;
    ctx.strokeStyle = CHROME.markHalo;
    ctx.lineWidth = 1.5;
    ctx.fill();
    ctx.stroke();
  } else {
    ctx.fillStyle = CHROME.markHalo;
    ctx.strokeStyle = color;
    ctx.lineWidth = 2;
    ctx.fill();
    ctx.stroke();
  }
}
