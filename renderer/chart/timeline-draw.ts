/**
 * The timeline's own drawing on Chart.js's canvas (plugin hooks): shaded spans, speech lanes, waits after
 * peaks and event marks, all from the ChartModel. Pixels only: what to draw was decided in chart-model.ts.
 */
import type { Chart } from 'chart.js';
import { type ChartModel, LANES, type Range } from './chart-model.js';

/** Above this many marks in view, their dashed lines down the plot are left out. */
const MAX_MARK_LINES = 30;

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
  return { ctx: chart.ctx, area: chart.chartArea, px: (t: number) => x.getPixelForValue(t), y };
}

/** What goes under the loudness lines: shaded peaks and raised voice, and the speech lanes above the plot. */
export function drawUnder(chart: Chart, view: DrawState): void {
  const g = geometry(chart);
  if (!g) return;
  const { ctx, area, px, y } = g;
  ctx.save();
  // shaded spans over the whole plot: peaks, then raised voice
  for (const band of view.model.spans) {
    const left = Math.max(area.left, px(band.startSec));
    const right = Math.min(area.right, px(band.endSec));
    if (right <= left) continue;
    ctx.fillStyle = band.fill;
    ctx.fillRect(left, area.top, right - left, area.bottom - area.top);
    if (band.edge) {
      ctx.fillStyle = band.edge;
      ctx.fillRect(left, area.top, right - left, 3);
    }
    if (band.id === view.selected) {
      ctx.strokeStyle = '#1f5f99';
      ctx.lineWidth = 2;
      ctx.strokeRect(left, area.top, right - left, area.bottom - area.top);
    }
  }
  // the thresholds: a dashed line across the plot, labelled at the right
  ctx.font = '11px Inter, system-ui, sans-serif';
  ctx.textAlign = 'right';
  ctx.textBaseline = 'bottom';
  ctx.lineWidth = 1;
  ctx.setLineDash([5, 4]);
  for (const line of view.model.thresholds) {
    const ly = y.getPixelForValue(line.db);
    ctx.strokeStyle = line.color;
    ctx.beginPath();
    ctx.moveTo(area.left, ly);
    ctx.lineTo(area.right, ly);
    ctx.stroke();
    ctx.fillStyle = line.color;
    ctx.fillText(line.label, area.right - 4, ly - 2);
  }
  ctx.setLineDash([]);
  // speech lanes above the plot
  ctx.font = '600 10px Inter, system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  for (const lane of view.model.lanes) {
    const top = area.top - LANES.heightPx + lane.offsetPx;
    ctx.fillStyle = '#f1f3f6';
    ctx.fillRect(area.left, top, area.right - area.left, LANES.laneHeightPx);
    ctx.fillStyle = lane.color;
    for (const [start, end] of lane.spans) {
      const left = Math.max(area.left, px(start));
      const right = Math.min(area.right, px(end));
      if (right > left) ctx.fillRect(left, top, Math.max(1, right - left), LANES.laneHeightPx);
    }
    ctx.fillStyle = '#586271';
    ctx.textAlign = 'right';
    ctx.fillText(lane.label, area.left - 6, top + LANES.laneHeightPx / 2);
  }
  ctx.restore();
}

/** What goes over the lines: the waits after peaks with their labels, and the event marks. */
export function drawOver(chart: Chart, view: DrawState): void {
  const g = geometry(chart);
  if (!g) return;
  const { ctx, area, px, y } = g;
  ctx.save();
  ctx.beginPath();
  ctx.rect(
    area.left,
    area.top - LANES.heightPx,
    area.right - area.left,
    area.bottom - area.top + LANES.heightPx,
  );
  ctx.clip();
  // response gaps after peaks: a bar with end ticks and the wait, green (ok) or red (not)
  const gapY = y.getPixelForValue(view.model.gapLevelDb);
  ctx.font = '600 11px Inter, system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  let labelsEndPx = -Infinity; // labels that would overlap the previous one are left out (zoom in to read)
  for (const gap of view.model.gaps) {
    const left = px(gap.startSec);
    const right = px(gap.endSec);
    if (right < area.left || left > area.right) continue;
    const selected = gap.id === view.selected;
    ctx.strokeStyle = gap.color;
    ctx.fillStyle = gap.color;
    ctx.lineWidth = selected ? 4 : 3;
    ctx.beginPath();
    ctx.moveTo(left, gapY);
    ctx.lineTo(right, gapY);
    ctx.moveTo(left, gapY - 6);
    ctx.lineTo(left, gapY + 6);
    ctx.moveTo(right, gapY - 6);
    ctx.lineTo(right, gapY + 6);
    ctx.stroke();
    const width = ctx.measureText(gap.label).width;
    const center = Math.min(Math.max((left + right) / 2, area.left + width / 2), area.right - width / 2);
    if (selected || center - width / 2 > labelsEndPx + 6) {
      ctx.fillText(gap.label, center, gapY - 7);
      labelsEndPx = center + width / 2;
    }
  }
  // event marks: a symbol in the top lane and a dashed line down the plot
  const markY = area.top - LANES.heightPx + LANES.markCenterPx;
  const inView = view.model.marks.filter((m) => m.tSec >= view.range.fromSec && m.tSec <= view.range.toSec);
  const lines = inView.length <= MAX_MARK_LINES; // a whole long call: symbols only, lines once zoomed in
  for (const mark of view.model.marks) {
    const mx = px(mark.tSec);
    if (mx < area.left - 8 || mx > area.right + 8) continue;
    if (lines || mark.id === view.selected) {
      ctx.strokeStyle = mark.color;
      ctx.lineWidth = 1;
      ctx.setLineDash([3, 3]);
      ctx.beginPath();
      ctx.moveTo(mx, markY + 7);
      ctx.lineTo(mx, area.bottom);
      ctx.stroke();
      ctx.setLineDash([]);
    }
    drawSymbol(ctx, mark.shape, mx, markY, mark.id === view.selected ? 8 : 6, mark.color);
  }
  ctx.restore();
}

function drawSymbol(
  ctx: CanvasRenderingContext2D,
  shape: ChartModel['marks'][number]['shape'],
  x: number,
  y: number,
  r: number,
  color: string,
): void {
  ctx.fillStyle = color;
  ctx.strokeStyle = '#ffffff';
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  switch (shape) {
    case 'triangle':
      ctx.moveTo(x, y + r);
      ctx.lineTo(x - r, y - r * 0.8);
      ctx.lineTo(x + r, y - r * 0.8);
      ctx.closePath();
      break;
    case 'diamond':
      ctx.moveTo(x, y - r);
      ctx.lineTo(x + r, y);
      ctx.lineTo(x, y + r);
      ctx.lineTo(x - r, y);
      ctx.closePath();
      break;
    case 'circle':
      ctx.arc(x, y, r * 0.8, 0, Math.PI * 2);
      break;
    case 'square':
      ctx.rect(x - r * 0.75, y - r * 0.75, r * 1.5, r * 1.5);
      break;
  }
  ctx.fill();
  ctx.stroke();
}
