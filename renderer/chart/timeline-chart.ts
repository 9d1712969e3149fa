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
import { PALETTE } from '../../src/report/palette.js';
import { timeTicks } from '../../src/report/timeline-data.js';
import type { Scope } from '../scope.js';
import {
  CHROME,
  clampRange,
  type ChartModel,
  type HitTarget,
  hitTest,
  LANES,
  type Range,
  Y_UNITS,
} from './chart-model.js';
import { drawOver, drawUnder, GUTTER_PX } from './timeline-draw.js';

Chart.register(LineController, LineElement, PointElement, LinearScale);

const MAX_POINTS = 1600;

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
  /** The visible range (read by the drawing). */
  range: Range;
  /** The selected event's id (read by the drawing). */
  selected: string | null = null;
  private readonly playhead: HTMLElement;
  private playheadSec = 0;

  constructor(
    private readonly wrap: HTMLElement,
    /** What is drawn (replaced by `setModel` when the report changes). */
    public model: ChartModel,
    scope: Scope,
    private readonly callbacks: TimelineChartCallbacks,
    /** The id of an element that describes the chart in words (its text alternative). */
    describedBy?: string,
  ) {
    const canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute(
      'aria-label',
      'Timeline of the call: the customer’s loudness against their calm level, the agent’s against their ' +
        'normal level, speech, numbered peaks and events.',
    );
    if (describedBy) canvas.setAttribute('aria-describedby', describedBy);
    this.playhead = document.createElement('div');
    this.playhead.className = 'playhead';
    this.playhead.id = 'playhead';
    this.playhead.style.color = PALETTE.playhead.color;
    wrap.replaceChildren(canvas, this.playhead);
    this.range = { fromSec: 0, toSec: model.durationSec };

    const overlay: Plugin<'line'> = {
      id: 'softspokenOverlay',
      beforeDatasetsDraw: (chart) => drawUnder(chart, this),
      afterDatasetsDraw: (chart) => drawOver(chart, this),
      afterRender: () => this.placePlayhead(),
    };
    let tickLabels: string[] = [];
    const config: ChartConfiguration<'line', { x: number; y: number | null }[]> = {
      type: 'line',
      data: {
        datasets: [...model.lanes.map((lane) => this.dataset(lane.title, lane.color))],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        normalized: true,
        spanGaps: false,
        events: [],
        layout: { padding: { top: LANES.heightPx, right: 10, left: GUTTER_PX } },
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
              color: CHROME.mutedText,
              font: { family: 'Inter, system-ui, sans-serif', size: 12 },
            },
            grid: { color: CHROME.grid },
          },
          // layout units: each party's lane maps its own dB into its band (drawn by timeline-draw.ts)
          y: { type: 'linear', min: Y_UNITS.min, max: Y_UNITS.max, display: false },
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

  /** Draws another model of the same call (a coach's edit changed its events or notes), keeping the view. */
  setModel(model: ChartModel): void {
    this.model = model;
    this.setRange(this.range);
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
    this.model.lanes.forEach((lane, i) => {
      const dataset = this.chart.data.datasets[i];
      if (dataset) dataset.data = this.model.points(lane.party, fromSec, toSec, MAX_POINTS);
    });
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
        toPx: (t) => x.getPixelForValue(t),
        toYPx: (units) => y.getPixelForValue(units),
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
