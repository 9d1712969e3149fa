/**
 * The live window, laid out for 420 x 560 without scrolling (Electron turns the window to that size and
 * keeps it on top; in a browser the page is as narrow): the cue and the earlier ones, the controls, the
 * last minute of both sides, the running scorecard, any device trouble with what to do, and "End call",
 * which opens the session's full review. Everything it shows comes from the session's messages (the
 * LiveFeed's model); its listeners, timers and the chart belong to the view's Scope.
 */
import type { LiveOpened } from '../../src/ipc/live.js';
import { h, replace } from '../dom.js';
import type { Host } from '../host/host.js';
import { CueSound } from '../live/cue-sound.js';
import { LiveChart } from '../live/live-chart.js';
import type { LiveFeed } from '../live/live-feed.js';
import { callTime, deviceLine, tallyRows } from '../live/live-text.js';
import type { Scope } from '../scope.js';
import { CuePanel } from './live-cue-panel.js';
import { LiveControls } from './live-controls.js';

export interface LiveViewActions {
  /** The call was ended here: open its review. */
  ended(opened: LiveOpened): void;
  /** The session ended by itself (its capture stopped): back to the start screen. */
  leave(): void;
}

export function renderLive(
  root: HTMLElement,
  host: Host,
  feed: LiveFeed,
  scope: Scope,
  actions: LiveViewActions,
): void {
  const model = feed.model;
  document.body.classList.add('live-mode');
  scope.add(() => document.body.classList.remove('live-mode'));

  const clock = h('span', { class: 'live-clock num', id: 'live-clock' }, '0:00');
  const end = h('button', { class: 'btn primary small', type: 'button', id: 'live-end' }, 'End call');
  const problems = h('div', { class: 'live-problems', id: 'live-problems', role: 'alert' });
  let actionProblem: string | null = null;
  /** End call was clicked: the session's own 'ended' is then not news. */
  let ending = false;
  const panel = new CuePanel();
  const controls = new LiveControls(host, model, new CueSound(scope), scope, (message) => {
    actionProblem = message;
    showProblems();
  });
  const chartBox = h('div', { class: 'live-chart', id: 'live-chart' });
  const chart = new LiveChart(chartBox, scope);
  const tally = h('dl', { class: 'live-tally', id: 'live-tally', 'aria-label': 'This call so far' });

  function showProblems(): void {
    const lines = [
      deviceLine('agent', model.devices.agent),
      deviceLine('customer', model.devices.customer),
      ...model.warnings,
      model.error,
      actionProblem,
    ].filter((line): line is string => line !== null);
    replace(problems, ...lines.map((line) => h('p', {}, line)));
  }
  function showTally(): void {
    const t = model.tally;
    clock.textContent = callTime(t?.seconds ?? model.nowSec);
    if (t === null) return;
    replace(
      tally,
      ...tallyRows(t).map((row) =>
        h(
          'div',
          { class: 'live-tally-row', id: `live-tally-${row.id}` },
          h('dt', {}, row.label),
          h('dd', {}, row.value),
        ),
      ),
    );
  }
  function showEnded(): void {
    if (ending) return;
    end.textContent = 'Back';
    actionProblem = 'The call has ended: its capture stopped. The start screen offers its review.';
    showProblems();
  }

  scope.listen(end, 'click', () => {
    if (model.ended && !ending) return actions.leave();
    ending = true;
    end.disabled = true;
    end.textContent = 'Ending…';
    host.live
      .stop()
      .then((opened) => {
        if (!scope.isClosed) actions.ended(opened);
      })
      .catch((error: unknown) => {
        if (scope.isClosed) return;
        ending = false;
        end.disabled = false;
        end.textContent = 'End call';
        actionProblem = error instanceof Error ? error.message : String(error);
        showProblems();
      });
  });

  scope.add(
    feed.attach((change) => {
      const parts = change.parts;
      if (parts.has('cue')) panel.update(model);
      if (parts.has('cue') || parts.has('controls')) controls.update();
      if (parts.has('points')) {
        chart.update(model.points, model.nowSec);
        if (model.tally === null) clock.textContent = callTime(model.nowSec);
      }
      if (parts.has('tally')) showTally();
      if (parts.has('device') || parts.has('error')) showProblems();
      if (parts.has('session') && model.ended) showEnded();
      if (change.sound !== null) controls.cueShown(change.sound);
    }),
  );

  replace(
    root,
    h(
      'div',
      { class: 'live', id: 'live-window' },
      h(
        'div',
        { class: 'live-head' },
        h('span', { class: 'live-badge' }, 'Live'),
        clock,
        h('span', { class: 'spacer' }),
        controls.soundToggle,
        end,
      ),
      panel.element,
      controls.element,
      chartBox,
      tally,
      problems,
      h('p', { class: 'live-private' }, 'Cues are private to you: nothing is sent anywhere.'),
    ),
  );
  // whatever came before this view opened (the start's first messages)
  panel.update(model);
  controls.update();
  chart.update(model.points, model.nowSec);
  showTally();
  showProblems();
  if (model.ended) showEnded();
}
