/**
 * The review view: the call's bar (agent side, exports), the scorecard, the timeline chart with playback,
 * and the event list, kept in step: the playhead drives the chart and the list; a click on either seeks.
 */
import {
  buildEventList,
  eventAt,
  nextEvent,
  previousEvent,
  type EventEntry,
} from '../../src/report/event-list.js';
import { buildScorecard } from '../../src/report/scorecard.js';
import { formatTime } from '../../src/report/timeline-data.js';
import type { Report } from '../../src/report/schema.js';
import { buildChartModel, type HitTarget } from '../chart/chart-model.js';
import { TimelineChart } from '../chart/timeline-chart.js';
import { h, replace } from '../dom.js';
import type { CallInput, Host } from '../host/host.js';
import { Playback } from '../playback.js';
import type { Scope } from '../scope.js';
import type { SideGuess } from '../../src/ipc/worker-protocol.js';
import { renderLegend } from './chart-legend.js';
import { EventPanel } from './event-panel.js';
import { renderLiveCues, renderLiveSource } from './live-review.js';
import { renderExports, renderSideControl } from './review-bar.js';
import { renderDetails, renderScoreStrip } from './scorecard-view.js';

/** Seconds of lead-in when playing from an event. */
const PRE_ROLL_SEC = 1;

export interface SideInfo {
  side: 0 | 1;
  files: number;
  /** The user chose this side (now or earlier); otherwise it is the file names', the guess or the default. */
  chosen: boolean;
  /** Two mono files whose names say which is the agent's decided the side (the audio was not asked). */
  byName: boolean;
  guess: SideGuess;
}

/** What the review shows: an analysis's report and audio, or a live session's (maybe without audio). */
export interface ReviewData {
  report: Report;
  /** The call's audio (a Blob, or a URL of the app's own origin), or null: a live call not recorded. */
  playback: Blob | string | null;
}

export interface ReviewContext {
  input: CallInput;
  result: ReviewData;
  /** The agent side of a recording; null for a live call (its sides are its devices). */
  side: SideInfo | null;
  host: Host;
  swap(): void;
  back(): void;
  toast(text: string): void;
}

export function renderReview(root: HTMLElement, topbar: HTMLElement, scope: Scope, ctx: ReviewContext): void {
  const { report } = ctx.result;
  const entries = buildEventList(report);
  const scorecard = buildScorecard(report);
  const byId = new Map(entries.map((e) => [e.id, e]));

  replace(
    topbar,
    h('span', { class: 'call-name', title: report.source.files.join('\n') }, ctx.input.name),
    h(
      'span',
      { class: 'muted num' },
      `${formatTime(report.source.durationSec)} · ${report.source.codec}, ${report.source.sampleRateHz / 1000} kHz`,
    ),
  );

  // --- chart, playback, transport ---
  const chartWrap = h('div', { class: 'chart-wrap', id: 'timeline' });
  const hint = h(
    'div',
    { class: 'chart-hint', id: 'chart-hint' },
    'Click to play from there · scroll to zoom · drag to pan · double-click to fit',
  );
  const playButton = h(
    'button',
    { class: 'btn primary icon-btn', type: 'button', id: 'play', 'aria-label': 'Play' },
    '▶',
  );
  const timeLabel = h(
    'span',
    { class: 'time', id: 'time' },
    `0:00.0 / ${formatTime(report.source.durationSec)}`,
  );
  const scrubber = h('input', {
    class: 'scrubber',
    type: 'range',
    min: 0,
    max: report.source.durationSec,
    step: 0.1,
    value: 0,
    'aria-label': 'Position in the call',
    id: 'scrubber',
  });
  const zoomIn = h(
    'button',
    { class: 'btn small', type: 'button', 'aria-label': 'Zoom in', id: 'zoom-in' },
    '+',
  );
  const zoomOut = h(
    'button',
    { class: 'btn small', type: 'button', 'aria-label': 'Zoom out', id: 'zoom-out' },
    '−',
  );
  const fit = h('button', { class: 'btn small', type: 'button', id: 'zoom-fit' }, 'Whole call');

  const panel = new EventPanel(entries, scope, (entry) => playFrom(entry));
  const model = buildChartModel(report);
  let selected: EventEntry | null = null;

  const playback = new Playback(
    ctx.result.playback,
    scope,
    (t) => {
      chart.setPlayhead(t);
      timeLabel.textContent = `${formatTime(t)} / ${formatTime(report.source.durationSec)}`;
      if (document.activeElement !== scrubber) scrubber.value = String(t);
      panel.setCurrent(eventAt(panel.visible, t)?.id ?? null);
      if (playback.playing) chart.reveal(t);
    },
    (playing) => {
      playButton.textContent = playing ? '❚❚' : '▶';
      playButton.setAttribute('aria-label', playing ? 'Pause' : 'Play');
    },
  );

  const select = (entry: EventEntry | null) => {
    selected = entry;
    chart.setSelected(entry?.id ?? null);
    panel.setSelected(entry?.id ?? null);
  };
  const jumpTo = (entry: EventEntry) => {
    select(entry);
    chart.reveal(entry.start);
    playback.seek(Math.max(0, entry.start - PRE_ROLL_SEC));
  };
  function playFrom(entry: EventEntry): void {
    jumpTo(entry);
    playback.play();
  }

  const chart = new TimelineChart(chartWrap, model, scope, {
    seek: (t) => {
      select(null);
      playback.seek(t);
      playback.play();
    },
    select: (id) => {
      const entry = byId.get(id);
      if (entry) playFrom(entry);
    },
    hover: (target: HitTarget | null) => {
      if (!playback.hasAudio) return;
      hint.textContent = target
        ? `${target.label} at ${formatTime(target.tSec)}: click to play from just before it`
        : 'Click to play from there · scroll to zoom · drag to pan · double-click to fit';
    },
    rangeChanged: () => undefined,
  });

  scope.listen(playButton, 'click', () => playback.toggle());
  scope.listen(scrubber, 'input', () => playback.seek(Number(scrubber.value)));
  scope.listen(zoomIn, 'click', () => chart.zoom(0.5, playback.currentTime));
  scope.listen(zoomOut, 'click', () => chart.zoom(2, playback.currentTime));
  scope.listen(fit, 'click', () => chart.fit());

  // keyboard: space plays/pauses, arrows step through the listed events
  scope.listen(document, 'keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target as HTMLElement | null;
    const typing =
      target instanceof HTMLTextAreaElement ||
      target instanceof HTMLSelectElement ||
      (target instanceof HTMLInputElement && target.type !== 'range');
    if (typing) return;
    if (event.key === ' ' || event.code === 'Space') {
      event.preventDefault();
      playback.toggle();
      return;
    }
    if (target instanceof HTMLInputElement) return; // the scrubber keeps its own arrows
    if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      event.preventDefault();
      const list = panel.visible;
      const index = selected ? list.findIndex((e) => e.id === selected?.id) : -1;
      const forward = event.key === 'ArrowRight';
      const t = playback.currentTime;
      const next =
        index >= 0
          ? (list[index + (forward ? 1 : -1)] ?? null)
          : forward
            ? nextEvent(list, t)
            : previousEvent(list, t);
      if (next) jumpTo(next);
    }
  });

  if (!playback.hasAudio) {
    playButton.hidden = true;
    hint.textContent =
      'Click to move the playhead there · scroll to zoom · drag to pan · double-click to fit';
  }

  // --- the call's bar: agent side (or the live call's source), exports ---
  const sideControl =
    ctx.side !== null
      ? renderSideControl(scope, ctx, ctx.side)
      : report.live
        ? renderLiveSource(report.live)
        : null;
  const exports = renderExports(scope, ctx);
  const back = h('button', { class: 'btn ghost', type: 'button', id: 'back' }, '← Calls');
  scope.listen(back, 'click', ctx.back);

  replace(
    root,
    h(
      'div',
      { class: report.live ? 'review has-live' : 'review' },
      h('div', { class: 'review-bar' }, back, sideControl, h('span', { class: 'spacer' }), exports),
      report.warnings.length > 0
        ? h(
            'section',
            { class: 'warnings', role: 'note', id: 'warnings' },
            h('strong', {}, report.warnings.length === 1 ? 'Warning' : 'Warnings'),
            h('ul', {}, ...report.warnings.map((w) => h('li', {}, w))),
          )
        : null,
      renderScoreStrip(scorecard),
      h(
        'section',
        { class: 'card chart-card', 'aria-labelledby': 'chart-title' },
        h(
          'div',
          { class: 'chart-head' },
          h('h2', { id: 'chart-title' }, 'Timeline'),
          renderLegend(),
          h('span', { class: 'spacer' }),
          zoomOut,
          zoomIn,
          fit,
        ),
        chartWrap,
        h('div', { class: 'transport' }, playButton, timeLabel, scrubber),
        playback.hasAudio
          ? null
          : h('p', { class: 'no-audio', id: 'no-audio' }, 'No audio was recorded for this live call.'),
        hint,
      ),
      panel.element,
      report.live
        ? renderLiveCues(report.live, scope, (t) => {
            select(null);
            chart.reveal(t);
            playback.seek(Math.max(0, t - PRE_ROLL_SEC));
            playback.play();
          })
        : null,
      renderDetails(scorecard, scope, (id) => {
        const entry = byId.get(id);
        if (entry) playFrom(entry);
      }),
    ),
  );
  root.focus({ preventScroll: true });
}
