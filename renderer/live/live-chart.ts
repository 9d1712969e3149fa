/**
 * The live chart's one thin drawing layer: strokes and fills the geometry live-chart-data.ts builds, on a
 * plain canvas (ten updates a second of a one-minute window need no chart library), at most once per
 * animation frame, sized to its box (ResizeObserver) at the screen's pixel ratio. Colours and shapes are the
 * palette's; the lane labels say which scale each lane uses.
 */
import { CHART_CHROME, PALETTE } from '../../src/report/palette.js';
import type { LivePoint } from '../../src/live/protocol.js';
import type { Scope } from '../scope.js';
import { buildLiveChart, type LaneModel, type LiveChartModel } from './live-chart-data.js';

const FONT = '11px Inter, system-ui, sans-serif';

export class LiveChart {
  readonly canvas: HTMLCanvasElement;
  private frame = 0;
  private points: readonly LivePoint[] = [];
  private nowSec = 0;

  constructor(
    private readonly box: HTMLElement,
    scope: Scope,
  ) {
    this.canvas = document.createElement('canvas');
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', 'Loudness and speech of both sides over the last minute');
    box.append(this.canvas);
    const observer = new ResizeObserver(() => this.schedule());
    observer.observe(box);
    scope.add(() => {
      observer.disconnect();
      cancelAnimationFrame(this.frame);
    });
  }

  /** The points to show (oldest first) and the call time at the right edge. */
  update(points: readonly LivePoint[], nowSec: number): void {
    this.points = points;
    this.nowSec = nowSec;
    this.schedule();
  }

  private schedule(): void {
    if (this.frame !== 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private draw(): void {
    const width = this.box.clientWidth;
    const height = this.box.clientHeight;
    if (width === 0 || height === 0) return;
    const ratio = window.devicePixelRatio || 1;
    if (
      this.canvas.width !== Math.round(width * ratio) ||
      this.canvas.height !== Math.round(height * ratio)
    ) {
      this.canvas.width = Math.round(width * ratio);
      this.canvas.height = Math.round(height * ratio);
      this.canvas.style.width = `${width}px`;
      this.canvas.style.height = `${height}px`;
    }
    const ctx = this.canvas.getContext('2d');
    if (ctx === null) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const model = buildLiveChart(this.points, this.nowSec, { width, height });
    for (const lane of model.lanes) drawLane(ctx, model, lane);
    ctx.fillStyle = CHART_CHROME.mutedText;
    ctx.font = FONT;
    ctx.textBaseline = 'alphabetic';
    for (const tick of model.ticks) {
      ctx.textAlign = tick.label === 'now' ? 'right' : tick.x <= model.plotLeft ? 'left' : 'center';
      ctx.fillText(tick.label, tick.x, model.axisY);
    }
  }
}

function drawLane(ctx: CanvasRenderingContext2D, model: LiveChartModel, lane: LaneModel): void {
  const style = PALETTE[lane.party];
  const { plotLeft, plotRight } = model;
  ctx.fillStyle = CHART_CHROME.background;
  ctx.fillRect(plotLeft, lane.top, plotRight - plotLeft, lane.bottom - lane.top);
  ctx.strokeStyle = CHART_CHROME.grid;
  ctx.lineWidth = 1;
  ctx.strokeRect(plotLeft + 0.5, lane.top + 0.5, plotRight - plotLeft - 1, lane.bottom - lane.top - 1);
  if (lane.referenceY !== null) {
    ctx.strokeStyle = CHART_CHROME.threshold;
    ctx.setLineDash([3, 3]);
    ctx.beginPath();
    ctx.moveTo(plotLeft, Math.round(lane.referenceY) + 0.5);
    ctx.lineTo(plotRight, Math.round(lane.referenceY) + 0.5);
    ctx.stroke();
    ctx.setLineDash([]);
  }
  ctx.fillStyle = style.fill;
  for (const [x0, x1] of lane.speech) ctx.fillRect(x0, lane.speechY, Math.max(1, x1 - x0), 4);
  ctx.strokeStyle = style.color;
  ctx.lineWidth = 1.5;
  ctx.lineJoin = 'round';
  for (const run of lane.lines) {
    ctx.beginPath();
    run.forEach((p, i) => (i === 0 ? ctx.moveTo(p.x, p.y) : ctx.lineTo(p.x, p.y)));
    ctx.stroke();
  }
  ctx.font = `600 ${FONT}`;
  ctx.fillStyle = style.ink;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  ctx.fillText(lane.label, 2, lane.top + 2);
  ctx.font = FONT;
  ctx.fillStyle = CHART_CHROME.mutedText;
  // the scale: the dashed line is the party's usual level; before it is known, absolute dBFS
  if (lane.referenceY === null) ctx.fillText(lane.scaleLabel, 2, lane.top + 16);
  else {
    ctx.textBaseline = 'middle';
    ctx.fillText('usual', 2, Math.max(lane.top + 22, lane.referenceY));
  }
}
