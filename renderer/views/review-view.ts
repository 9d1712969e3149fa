/**
 * The review view: the call's bar (agent side, exports), the scorecard, the timeline chart with playback,
 * and the event list, kept in step: the playhead drives the chart and the list; a click on either seeks.
 */
import { buildEventList, eventAt, type EventEntry } from '../../src/report/event-list.js';
import { SEVERITY_STYLE } from '../../src/report/palette.js';
import { buildScorecard, type Scorecard } from '../../src/report/scorecard.js';
import { formatTime } from '../../src/report/timeline-data.js';
import type { Report } from '../../src/report/schema.js';
import { buildChartModel, type HitTarget } from '../chart/chart-model.js';
import { TimelineChart } from '../chart/timeline-chart.js';
import { h, replace } from '../dom.js';
import type { CallInput, Host } from '../host/host.js';
import { ListenPrefsStore, loopSpanFor, startTimeFor } from '../listen.js';
import { pageStorage } from '../live/live-prefs.js';
import { Playback } from '../playback.js';
import type { Scope } from '../scope.js';
import type { SideGuess } from '../../src/ipc/worker-protocol.js';
import { renderLegend } from './chart-legend.js';
import { EventDetail } from './event-detail.js';
import { EventPanel } from './event-panel.js';
import { renderListenControls, type ListenControls } from './listen-controls.js';
import { renderLiveCues, renderLiveSource } from './live-review.js';
import { renderExports, renderSideControl } from './review-bar.js';
import { bindReviewKeys } from './review-keys.js';
import { renderTransport, type Transport } from './review-transport.js';
import { renderDetails, renderScoreStrip } from './scorecard-view.js';
import { renderTimelineText, TIMELINE_SUMMARY_ID } from './timeline-text.js';

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

const HINT = 'Click to play from there · scroll to zoom · drag to pan · double-click to fit';
const HINT_NO_AUDIO = 'Click to move the playhead there · scroll to zoom · drag to pan · double-click to fit';

/** The review's timeline: the chart with playback, the transport, the selected event's explanation. */
interface TimelineParts {
  card: HTMLElement;
  panel: EventPanel;
  /** Selects an event (chart, list, detail) and plays from just before it. */
  playFrom(entry: EventEntry): void;
  /** Plays from just before `tSec`, nothing selected (a live cue). */
  playAt(tSec: number): void;
}

export function renderReview(root: HTMLElement, topbar: HTMLElement, scope: Scope, ctx: ReviewContext): void {
  const { report } = ctx.result;
  const entries = buildEventList(report);
  const scorecard = buildScorecard(report);
  const byId = new Map(entries.map((e) => [e.id, e]));
  renderTopbar(topbar, ctx);
  setPaletteColours(root);

  const timeline = renderTimeline(report, entries, scorecard, scope, ctx.result.playback);
  const pick = (id: string): void => {
    const entry = byId.get(id);
    if (entry) timeline.playFrom(entry);
  };

  replace(
    root,
    h(
      'div',
      { class: report.live ? 'review has-live' : 'review' },
      renderBar(scope, ctx),
      renderWarnings(report),
      renderScoreStrip(scorecard, scope, pick),
      timeline.card,
      timeline.panel.element,
      report.live ? renderLiveCues(report.live, scope, (t) => timeline.playAt(t)) : null,
      renderDetails(scorecard, report.settings.peakDb, scope, pick),
    ),
  );
  root.focus({ preventScroll: true });
}

function renderTimeline(
  report: Report,
  entries: EventEntry[],
  scorecard: Scorecard,
  scope: Scope,
  audio: ReviewData['playback'],
): TimelineParts {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const chartWrap = h('div', { class: 'chart-wrap', id: 'timeline' });
  const hint = h('p', { class: 'chart-hint', id: 'chart-hint' }, HINT);
  const transport = renderTransport(report.source.durationSec);
  const detail = new EventDetail(report, scorecard);
  const panel = new EventPanel(entries, scorecard, scope, (entry) => playFrom(entry));
  let selected: EventEntry | null = null;

  // speed, lead-in and loop: remembered in this browser; a change of speed applies at once
  const listen = renderListenControls(scope, new ListenPrefsStore(pageStorage()), (prefs) => {
    playback.rate = prefs.rate;
    if (!prefs.loop) playback.setLoop(null);
  });
  const playback = new Playback(
    audio,
    scope,
    (t) => {
      chart.setPlayhead(t);
      transport.showTime(t);
      panel.setCurrent(eventAt(panel.visible, t)?.id ?? null);
      if (playback.playing) chart.reveal(t);
    },
    (playing) => transport.showPlaying(playing),
    (span) => listen.showLoop(span),
  );
  if (playback.hasAudio) playback.rate = listen.prefs().rate;

  const select = (entry: EventEntry | null) => {
    selected = entry;
    chart.setSelected(entry?.id ?? null);
    panel.setSelected(entry?.id ?? null);
    detail.show(entry);
    // the explanation sits right under the chart: bring it into view, with the chart if there is room
    if (entry) detail.element.scrollIntoView({ block: 'nearest' });
  };
  // a clicked event plays from the lead-in before what decided it (a peak: before the reply it judges)
  const jumpTo = (entry: EventEntry) => {
    select(entry);
    const { leadInSec, loop } = listen.prefs();
    const startSec = startTimeFor(entry, report, leadInSec);
    chart.reveal(startSec);
    playback.seek(startSec); // first: a seek outside the last loop ends it
    playback.setLoop(loop ? loopSpanFor(entry, report, leadInSec) : null);
  };
  function playFrom(entry: EventEntry): void {
    jumpTo(entry);
    playback.play();
  }

  const chart = new TimelineChart(
    chartWrap,
    buildChartModel(report),
    scope,
    {
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
        hint.textContent = target ? `${target.label} at ${formatTime(target.tSec)}: click to hear it` : HINT;
      },
      rangeChanged: () => undefined,
    },
    TIMELINE_SUMMARY_ID,
  );

  scope.listen(transport.play, 'click', () => playback.toggle());
  scope.listen(transport.scrubber, 'input', () => playback.seek(Number(transport.scrubber.value)));
  scope.listen(transport.zoomIn, 'click', () => chart.zoom(0.5, playback.currentTime));
  scope.listen(transport.zoomOut, 'click', () => chart.zoom(2, playback.currentTime));
  scope.listen(transport.fit, 'click', () => chart.fit());
  bindReviewKeys(scope, {
    visible: () => panel.visible,
    selected: () => selected,
    currentTime: () => playback.currentTime,
    toggle: () => playback.toggle(),
    jumpTo,
  });
  if (!playback.hasAudio) {
    transport.play.hidden = true;
    hint.textContent = HINT_NO_AUDIO;
  }

  const card = renderChartCard(report, transport, listen, chartWrap, playback.hasAudio, [
    detail.element,
    hint,
    renderTimelineText(scorecard, entries, scope, playFrom),
  ]);
  return {
    card,
    panel,
    playFrom,
    playAt: (t) => {
      select(null);
      chart.reveal(t);
      playback.seek(Math.max(0, t - listen.prefs().leadInSec));
      playback.play();
    },
  };
}

/** The timeline's card: title and zoom, legend, chart, transport, then `below` (explanation, hint, text). */
function renderChartCard(
  report: Report,
  transport: Transport,
  listen: ListenControls,
  chartWrap: HTMLElement,
  hasAudio: boolean,
  below: HTMLElement[],
): HTMLElement {
  return h(
    'section',
    { class: 'card chart-card', 'aria-labelledby': 'chart-title' },
    h(
      'div',
      { class: 'chart-head' },
      h('h2', { id: 'chart-title' }, 'Timeline'),
      h('span', { class: 'spacer' }),
      h(
        'div',
        { class: 'zoom', role: 'group', 'aria-label': 'Zoom' },
        transport.zoomOut,
        transport.zoomIn,
        transport.fit,
      ),
    ),
    renderLegend(report.settings.peakDb, report.settings.raisedVoiceDb),
    chartWrap,
    h(
      'div',
      { class: 'transport' },
      transport.play,
      transport.time,
      transport.scrubber,
      hasAudio ? listen.element : null,
    ),
    hasAudio
      ? null
      : h('p', { class: 'no-audio', id: 'no-audio' }, 'No audio was recorded for this live call.'),
    ...below,
  );
}

function renderTopbar(topbar: HTMLElement, ctx: ReviewContext): void {
  const { source } = ctx.result.report;
  replace(
    topbar,
    h('span', { class: 'call-name', title: source.files.join('\n') }, ctx.input.name),
    h(
      'span',
      { class: 'muted num' },
      `${formatTime(source.durationSec)} · ${source.codec}, ${source.sampleRateHz / 1000} kHz`,
    ),
  );
}

/** The call's bar: back, the agent side (or the live call's source), exports. */
function renderBar(scope: Scope, ctx: ReviewContext): HTMLElement {
  const { report } = ctx.result;
  const sideControl =
    ctx.side !== null
      ? renderSideControl(scope, ctx, ctx.side)
      : report.live
        ? renderLiveSource(report.live)
        : null;
  const back = h('button', { class: 'btn ghost', type: 'button', id: 'back' }, '← Calls');
  scope.listen(back, 'click', ctx.back);
  return h(
    'div',
    { class: 'review-bar' },
    back,
    sideControl,
    h('span', { class: 'spacer' }),
    renderExports(scope, ctx),
  );
}

function renderWarnings(report: Report): HTMLElement | null {
  if (report.warnings.length === 0) return null;
  return h(
    'section',
    { class: 'warnings', role: 'note', id: 'warnings' },
    h('strong', {}, report.warnings.length === 1 ? 'Warning' : 'Warnings'),
    h('ul', {}, ...report.warnings.map((w) => h('li', {}, w))),
  );
}

/** The stylesheet's verdict colours are the palette's (src/report/palette.ts): one source of colour. */
function setPaletteColours(root: HTMLElement): void {
  root.style.setProperty('--ok', SEVERITY_STYLE.ok.ink);
  root.style.setProperty('--ok-soft', SEVERITY_STYLE.ok.background);
  root.style.setProperty('--bad', SEVERITY_STYLE.bad.ink);
  root.style.setProperty('--bad-soft', SEVERITY_STYLE.bad.background);
}
