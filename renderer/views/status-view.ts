/** The analysis progress screen and the error screen. */
import { formatTime } from '../../src/report/presentation.js';
import { READABLE } from '../../src/source/formats.js';
import { h, replace } from '../dom.js';
import type { Scope } from '../scope.js';
import type { Progress } from '../analysis-client.js';

/** The share of the progress bar for the first pass over the call (each side's level). */
const LEVELS_SHARE = 0.15;

export interface ProgressView {
  update(progress: Progress): void;
  setNote(note: string): void;
}

export function renderProgress(
  root: HTMLElement,
  scope: Scope,
  name: string,
  onCancel: () => void,
): ProgressView {
  const bar = h('div', { class: 'progress-bar' });
  const track = h(
    'div',
    {
      class: 'progress indeterminate',
      role: 'progressbar',
      'aria-label': 'Analysis progress',
      'aria-valuemin': 0,
      'aria-valuemax': 100,
      id: 'analysis-progress',
    },
    bar,
  );
  const detail = h('div', { class: 'muted num', id: 'progress-detail' }, 'Reading the recording…');
  const note = h(
    'div',
    { class: 'muted' },
    'The analysis runs in the background; the window stays responsive.',
  );
  const cancel = h('button', { class: 'btn', type: 'button' }, 'Cancel');
  scope.listen(cancel, 'click', onCancel);
  replace(
    root,
    h(
      'section',
      { class: 'card status-card', 'aria-live': 'polite' },
      h('h2', {}, `Analyzing ${name}`),
      track,
      detail,
      h('div', { class: 'row' }, note, h('span', { class: 'spacer' }), cancel),
    ),
  );
  return {
    update({ phase, secondsDone, secondsTotal }) {
      const levels = phase === 'levels';
      if (secondsTotal !== null && secondsTotal > 0) {
        // the first pass is about a sixth of the work: one bar for both
        const done = Math.min(1, secondsDone / secondsTotal);
        const share = levels ? LEVELS_SHARE * done : LEVELS_SHARE + (1 - LEVELS_SHARE) * done;
        const percent = Math.min(100, Math.round(share * 100));
        track.classList.remove('indeterminate');
        track.setAttribute('aria-valuenow', String(percent));
        bar.style.width = `${percent}%`;
        detail.textContent = levels
          ? `${percent} % · measuring each side’s own level`
          : `${percent} % · ${formatTime(secondsDone)} of ${formatTime(secondsTotal)} analyzed`;
      } else {
        detail.textContent = levels
          ? `measuring each side’s own level · ${formatTime(secondsDone)}`
          : `${formatTime(secondsDone)} analyzed`;
      }
    },
    setNote(text) {
      note.textContent = text;
    },
  };
}

export function renderError(
  root: HTMLElement,
  scope: Scope,
  title: string,
  message: string,
  onBack: () => void,
): void {
  const back = h(
    'button',
    { class: 'btn primary', type: 'button', id: 'error-back' },
    'Open another recording',
  );
  scope.listen(back, 'click', onBack);
  replace(
    root,
    h(
      'section',
      { class: 'card status-card error-card', role: 'alert' },
      h('h2', {}, title),
      h('p', { class: 'error-message', id: 'error-message' }, message),
      h(
        'p',
        { class: 'muted' },
        'SoftSpoken reads one two-channel recording with the agent and the customer on separate channels, ' +
          `or two mono recordings of the same call, in ${READABLE}.`,
      ),
      h('div', { class: 'row' }, back),
    ),
  );
}
