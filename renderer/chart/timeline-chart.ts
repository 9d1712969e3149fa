/**
 * The one thin layer over Chart.js: draws a ChartModel (pure data, built in chart-model.ts) and reports
 * clicks, hovers and zoom/pan. Everything it draws was computed elsewhere and tested as data.
 */
import {
  Chart,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  type ChartConfiguration,
  type Plugin,
} from 'chart.js';
import { timeTicks } from '../../src/report/timeline-data.js';
import type { Scope } from '../scope.js';
import { clampRange, type ChartModel, type HitTarget, hitTest, LANES, type Range } from './chart-model.js';

Chart.register(LineController, LineElement, PointElement, LinearScale);

const Y_MIN_DB = -30;
const Y_MAX_DB = 20;
const MAX_POINTS = 1600;
/** Above this many marks in view, their dashed lines down the plot are left out. */
const MAX_MARK_LINES = 30;

export interface TimelineChartCallbacks {
  /** A click on empty timeline: play from here. */
  seek(tSec: number): void;
  /** A click on an event's mark. */
  select(eventId: string): void;
  /** The pointer is over an event's mark (null: over nothing). */
  hover(target: HitTarget | null): void;
  /** The visible range changed (zoom or pan). */
  rangeChanged(range: Range): void;
}

export class TimelineChart {
  private readonly chart: Chart<'line', { x: number; y: number | null }[]>;
  private range: Range;
  private selected: string | null = null;
  private readonly playhead: HTMLElement;
  private playheadSec = 0;

  constructor(
    private readonly wrap: HTMLElement,
    private readonly model: ChartModel,
    scope: Scope,
    private readonly callbacks: TimelineChartCallbacks,
  ) {
    const canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute(
      'aria-label',
      'Timeline of the call: each party’s loudness against their own baseline, speech, peaks and events. ' +
        'The event list beside it holds the same events.',
    );
    this.playhead = document.createElement('div');
    this.playhead.className = 'playhead';
    this.playhead.id = 'playhead';
    wrap.replaceChildren(canvas, this.playhead);
    this.range = { fromSec: 0, toSec: model.durationSec };

    const overlay: Plugin<'line'> = {
      id: 'softspokenOverlay',
      beforeDatasetsDraw: (chart) => this.drawUnder(chart),
      afterDatasetsDraw: (chart) => this.drawOver(chart),
      afterRender: () => this.placePlayhead(),
    };
    let tickLabels: string[] = [];
    const config: ChartConfiguration<'line', { x: number; y: number | null }[]> = {
      type: 'line',
      data: {
        datasets: [
          this.dataset('Customer', model.palette.customer),
          this.dataset('Agent', model.palette.agent),
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        normalized: true,
        spanGaps: false,
        events: [],
        layout: { padding: { top: LANES.heightPx, right: 8 } },
        elements: { point: { radius: 0 }, line: { borderWidth: 1.6, tension: 0 } },
        scales: {
          x: {
            type: 'linear',
            min: this.range.fromSec,
            max: this.range.toSec,
            // round steps (5 s, 1 min, 10 min…) with labels to match, whatever the zoom
            afterBuildTicks: (axis) => {
              const ticks = timeTicks(this.range.fromSec, this.range.toSec, 10);
              tickLabels = ticks.map((t) => t.label);
              axis.ticks = ticks.map((t) => ({ value: t.sec }));
            },
            ticks: {
              autoSkip: false,
              callback: (_value, index) => tickLabels[index] ?? '',
              color: '#586271',
              font: { family: 'Inter, system-ui, sans-serif', size: 11 },
            },
            grid: { color: '#eef1f4' },
          },
          y: {
            type: 'linear',
            min: Y_MIN_DB,
            max: Y_MAX_DB,
            title: {
              display: true,
              text: 'dB vs own baseline',
              color: '#586271',
              font: { family: 'Inter, system-ui, sans-serif', size: 11 },
            },
            ticks: {
              stepSize: 10,
              color: '#586271',
              font: { family: 'Inter, system-ui, sans-serif', size: 11 },
              callback: (value) => (Number(value) > 0 ? `+${value}` : `${value}`),
            },
            grid: { color: (ctx) => (ctx.tick.value === 0 ? '#9aa3ae' : '#eef1f4') },
          },
        },
        plugins: { legend: { display: false }, tooltip: { enabled: false } },
      },
      plugins: [overlay],
    };
    this.chart = new Chart(canvas, config);
    this.refreshData();
    scope.add(() => this.chart.destroy());
    this.bindPointer(canvas, scope);
  }

  private dataset(label: string, color: string) {
    return {
      label,
      data: [] as { x: number; y: number | null }[],
      borderColor: color,
      backgroundColor: color,
      clip: 4,
    };
  }

  get visibleRange(): Range {
    return this.range;
  }

  setRange(range: Range): void {
    this.range = clampRange(range, this.model.durationSec);
    const x = this.chart.options.scales?.['x'];
    if (x) {
      x.min = this.range.fromSec;
      x.max = this.range.toSec;
    }
    this.refreshData();
    this.callbacks.rangeChanged(this.range);
  }

  /** Zooms by `factor` (< 1 zooms in) around `centerSec`. */
  zoom(factor: number, centerSec = (this.range.fromSec + this.range.toSec) / 2): void {
    const span = (this.range.toSec - this.range.fromSec) * factor;
    const t = (centerSec - this.range.fromSec) / (this.range.toSec - this.range.fromSec);
    this.setRange({ fromSec: centerSec - span * t, toSec: centerSec + span * (1 - t) });
  }

  fit(): void {
    this.setRange({ fromSec: 0, toSec: this.model.durationSec });
  }

  /** Makes `tSec` visible, keeping the zoom; pans only when it is outside the middle 90 %. */
  reveal(tSec: number): void {
    const { fromSec, toSec } = this.range;
    const margin = (toSec - fromSec) * 0.05;
    if (tSec >= fromSec + margin && tSec <= toSec - margin) return;
    const span = toSec - fromSec;
    this.setRange({ fromSec: tSec - span * 0.25, toSec: tSec + span * 0.75 });
  }

  setPlayhead(tSec: number): void {
    this.playheadSec = tSec;
    this.placePlayhead();
  }

  setSelected(eventId: string | null): void {
    this.selected = eventId;
    this.chart.draw();
  }

  private refreshData(): void {
    const { fromSec, toSec } = this.range;
    const [customer, agent] = this.chart.data.datasets;
    if (customer) customer.data = this.model.points('customer', fromSec, toSec, MAX_POINTS);
    if (agent) agent.data = this.model.points('agent', fromSec, toSec, MAX_POINTS);
    this.chart.update('none');
  }

  private placePlayhead(): void {
    const area = this.chart.chartArea;
    const x = this.chart.scales['x'];
    if (!area || !x) return;
    // where the plot is, for anything that needs to point at a time (tests, tooltips)
    Object.assign(this.wrap.dataset, {
      viewFrom: String(this.range.fromSec),
      viewTo: String(this.range.toSec),
      plotLeft: String(area.left),
      plotRight: String(area.right),
      plotTop: String(area.top),
      lanesTop: String(area.top - LANES.heightPx),
    });
    const px = x.getPixelForValue(this.playheadSec);
    const visible = px >= area.left - 0.5 && px <= area.right + 0.5;
    this.playhead.hidden = !visible;
    this.playhead.style.left = `${px}px`;
    this.playhead.style.top = `${area.top - LANES.heightPx + 2}px`;
    this.playhead.style.height = `${area.bottom - area.top + LANES.heightPx - 2}px`;
  }

  private drawUnder(chart: Chart): void {
    const { ctx, chartArea: area } = chart;
    const x = chart.scales['x'];
    const y = chart.scales['y'];
    if (!x || !y) return;
    const px = (t: number) => x.getPixelForValue(t);
    ctx.save();
    // shaded spans over the whole plot: peaks, then raised voice
    for (const band of this.model.spans) {
      const left = Math.max(area.left, px(band.startSec));
      const right = Math.min(area.right, px(band.endSec));
      if (right <= left) continue;
      ctx.fillStyle = band.fill;
      ctx.fillRect(left, area.top, right - left, area.bottom - area.top);
      if (band.edge) {
        ctx.fillStyle = band.edge;
        ctx.fillRect(left, area.top, right - left, 3);
      }
      if (band.id === this.selected) {
        ctx.strokeStyle = '#1f5f99';
        ctx.lineWidth = 2;
        ctx.strokeRect(left, area.top, right - left, area.bottom - area.top);
      }
    }
    // speech lanes above the plot
    ctx.font = '600 10px Inter, system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    for (const lane of this.model.lanes) {
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

  private drawOver(chart: Chart): void {
    const { ctx, chartArea: area } = chart;
    const x = chart.scales['x'];
    const y = chart.scales['y'];
    if (!x || !y) return;
    const px = (t: number) => x.getPixelForValue(t);
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
    const gapY = y.getPixelForValue(this.model.gapLevelDb);
    ctx.font = '600 11px Inter, system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    let labelsEndPx = -Infinity; // labels that would overlap the previous one are left out (zoom in to read)
    for (const gap of this.model.gaps) {
      const left = px(gap.startSec);
      const right = px(gap.endSec);
      if (right < area.left || left > area.right) continue;
      const selected = gap.id === this.selected;
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
    const inView = this.model.marks.filter((m) => m.tSec >= this.range.fromSec && m.tSec <= this.range.toSec);
    const lines = inView.length <= MAX_MARK_LINES; // a whole long call: symbols only, lines once zoomed in
    for (const mark of this.model.marks) {
      const mx = px(mark.tSec);
      if (mx < area.left - 8 || mx > area.right + 8) continue;
      if (lines || mark.id === this.selected) {
        ctx.strokeStyle = mark.color;
        ctx.lineWidth = 1;
        ctx.setLineDash([3, 3]);
        ctx.beginPath();
        ctx.moveTo(mx, markY + 7);
        ctx.lineTo(mx, area.bottom);
        ctx.stroke();
        ctx.setLineDash([]);
      }
      drawSymbol(ctx, mark.shape, mx, markY, mark.id === this.selected ? 8 : 6, mark.color);
    }
    ctx.restore();
  }

  private bindPointer(canvas: HTMLCanvasElement, scope: Scope): void {
    let drag: { startX: number; range: Range; moved: boolean } | null = null;
    const timeAt = (offsetX: number) => this.chart.scales['x']?.getValueForPixel(offsetX) ?? 0;
    const hit = (event: MouseEvent): HitTarget | null => {
      const area = this.chart.chartArea;
      const x = this.chart.scales['x'];
      const y = this.chart.scales['y'];
      if (!x || !y) return null;
      return hitTest(this.model, {
        xPx: event.offsetX,
        yPx: event.offsetY,
        area,
        lanesTopPx: area.top - LANES.heightPx,
        gapYPx: y.getPixelForValue(this.model.gapLevelDb),
        toPx: (t) => x.getPixelForValue(t),
      });
    };
    scope.listen(canvas, 'wheel', (event) => {
      event.preventDefault();
      if (Math.abs(event.deltaX) > Math.abs(event.deltaY) || event.shiftKey) {
        const span = this.range.toSec - this.range.fromSec;
        const delta = ((event.shiftKey ? event.deltaY : event.deltaX) / canvas.clientWidth) * span;
        this.setRange({ fromSec: this.range.fromSec + delta, toSec: this.range.toSec + delta });
      } else {
        this.zoom(event.deltaY > 0 ? 1.25 : 0.8, timeAt(event.offsetX));
      }
    });
    scope.listen(canvas, 'mousedown', (event) => {
      if (event.button !== 0) return;
      drag = { startX: event.clientX, range: this.range, moved: false };
    });
    scope.listen(window, 'mousemove', (event) => {
      if (drag) {
        const dx = event.clientX - drag.startX;
        if (Math.abs(dx) > 3) drag.moved = true;
        if (drag.moved) {
          this.wrap.classList.add('panning');
          const area = this.chart.chartArea;
          const span = drag.range.toSec - drag.range.fromSec;
          const dt = (-dx / Math.max(1, area.right - area.left)) * span;
          this.setRange({ fromSec: drag.range.fromSec + dt, toSec: drag.range.toSec + dt });
        }
      }
    });
    scope.listen(canvas, 'mousemove', (event) => {
      if (drag?.moved) return;
      const target = hit(event);
      canvas.style.cursor = target ? 'pointer' : '';
      this.callbacks.hover(target);
    });
    scope.listen(canvas, 'mouseleave', () => this.callbacks.hover(null));
    scope.listen(window, 'mouseup', (event) => {
      if (!drag) return;
      const wasDrag = drag.moved;
      drag = null;
      this.wrap.classList.remove('panning');
      if (wasDrag || event.target !== canvas) return;
      const target = hit(event);
      if (target) this.callbacks.select(target.eventId);
      else {
        const area = this.chart.chartArea;
        if (event.offsetX >= area.left && event.offsetX <= area.right)
          this.callbacks.seek(timeAt(event.offsetX));
      }
    });
    scope.listen(canvas, 'dblclick', () => this.fit());
  }
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
