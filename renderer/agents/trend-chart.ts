/**
 * The one thin layer over Chart.js for the agents page: one measure's weekly line (the agent's: solid,
 * circles, the agent's blue) and the team's median (dashed, squares, the chart's near-black text colour), and
 * the legend that names both by line style and marker, never by colour alone. The data is built in
 * agents-model.ts and tested there.
 */
import {
  CategoryScale,
  Chart,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { CHART_CHROME, PALETTE } from '../../src/report/palette.js';
import type { Scope } from '../scope.js';
import { formatValue, shortDay, type MeasureSeries } from './agents-model.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Tooltip);

/**
 * How a line is drawn: the chart and its legend alike. The median is thinner and drawn on top, so where it
 * meets the agent's line (the agent is the median) its dashes still show inside the agent's wider line.
 */
interface LineStyle {
  color: string;
  dash: number[];
  point: 'circle' | 'rect';
  widthPx: number;
}

export const TREND_LINES: Readonly<Record<'agent' | 'team', Readonly<LineStyle>>> = Object.freeze({
  agent: { color: PALETTE.agent.color, dash: [], point: 'circle', widthPx: 4 },
  team: { color: CHART_CHROME.text, dash: [6, 4], point: 'rect', widthPx: 2 },
});

const SVG = 'http://www.w3.org/2000/svg';

/** A legend entry's sample: a short line in the series' style with its marker in the middle. */
function sample(line: Readonly<LineStyle>): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('width', '36');
  svg.setAttribute('height', '12');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(SVG, 'line');
  for (const [k, v] of Object.entries({ x1: '1', y1: '6', x2: '35', y2: '6' })) path.setAttribute(k, v);
  path.setAttribute('stroke', line.color);
  path.setAttribute('stroke-width', String(line.widthPx));
  if (line.dash.length > 0) path.setAttribute('stroke-dasharray', line.dash.join(' '));
  const mark =
    line.point === 'circle' ? document.createElementNS(SVG, 'circle') : document.createElementNS(SVG, 'rect');
  if (line.point === 'circle') {
    for (const [k, v] of Object.entries({ cx: '18', cy: '6', r: '4' })) mark.setAttribute(k, v);
  } else {
    for (const [k, v] of Object.entries({ x: '14', y: '2', width: '8', height: '8' }))
      mark.setAttribute(k, v);
  }
  mark.setAttribute('fill', line.color);
  svg.append(path, mark);
  return svg;
}

/** The legend: the agent's line and the team's median, each by its line style, marker and name. */
export function trendLegend(agent: string): HTMLElement {
  const list = document.createElement('ul');
  list.className = 'trend-legend';
  for (const [line, text] of [
    [TREND_LINES.agent, `${agent} (solid line, circles)`],
    [TREND_LINES.team, 'Team median (dashed line, squares)'],
  ] as const) {
    const item = document.createElement('li');
    item.append(sample(line), document.createTextNode(text));
    list.append(item);
  }
  return list;
}

/** Draws one measure's trend into `wrap` (a canvas, described by `describedBy`); destroyed with `scope`. */
export function drawTrend(
  wrap: HTMLElement,
  series: MeasureSeries,
  agent: string,
  scope: Scope,
  describedBy: string,
): void {
  const canvas = document.createElement('canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', `${series.label}, by week: ${agent} and the team's median`);
  canvas.setAttribute('aria-describedby', describedBy);
  wrap.replaceChildren(canvas);
  // `order`: the lowest is drawn last, on top: the dashed median shows over the agent's line where they meet
  const dataset = (label: string, data: (number | null)[], line: Readonly<LineStyle>, order: number) => ({
    label,
    order,
    data,
    borderColor: line.color,
    backgroundColor: line.color,
    borderWidth: line.widthPx,
    borderDash: line.dash,
    pointStyle: line.point,
    pointRadius: 4,
    pointHoverRadius: 6,
    spanGaps: true,
    tension: 0,
  });
  const chart = new Chart(canvas, {
    type: 'line',
    data: {
      labels: series.weeks.map(shortDay),
      datasets: [
        dataset(agent, series.agent, TREND_LINES.agent, 1),
        dataset('Team median', series.team, TREND_LINES.team, 0),
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      layout: { padding: { top: 6, right: 12 } },
      interaction: { mode: 'index', intersect: false },
      plugins: {
        tooltip: {
          callbacks: {
            title: (items) => `Week of ${series.weeks[items[0]?.dataIndex ?? 0] ?? ''}`,
            label: (item) => `${item.dataset.label ?? ''}: ${formatValue(series.unit, item.parsed.y)}`,
          },
        },
      },
      scales: {
        x: {
          grid: { color: CHART_CHROME.grid },
          ticks: { color: CHART_CHROME.mutedText },
          border: { color: CHART_CHROME.axis },
        },
        y: {
          beginAtZero: true,
          ...(series.unit === '%' ? { max: 100 } : {}),
          grid: { color: CHART_CHROME.grid },
          border: { color: CHART_CHROME.axis },
          ticks: {
            color: CHART_CHROME.mutedText,
            maxTicksLimit: 5,
            callback: (value) => formatValue(series.unit, Number(value)),
          },
        },
      },
    },
  });
  wrap.dataset['points'] = String(series.agent.filter((v) => v !== null).length);
  wrap.dataset['teamPoints'] = String(series.team.filter((v) => v !== null).length);
  scope.add(() => chart.destroy());
}
