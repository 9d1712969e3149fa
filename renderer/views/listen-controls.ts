/**
 * The review's listening controls, beside the play button: speed (1x to 2x, pitch kept), the lead-in played
 * before a clicked event's deciding moment, and a Loop toggle (a clicked event then repeats its span). The
 * choices are remembered (listen.ts `ListenPrefsStore`). `[` and `]` step the speed down and up while the
 * review is shown (the listener belongs to the view's scope; ignored while typing in a field).
 *
 * Class names, for styles.css: `.listen-controls` (the group: an inline flex row that wraps), `.listen-field`
 * (a label and its select or input), `.listen-rate`, `.listen-lead-in` (the number input, about 4em wide),
 * `.listen-loop` (a `.btn.small` with `aria-pressed`), `.listen-loop-span` (what is looping, muted text).
 */
import { formatTime } from '../../src/report/timeline-data.js';
import { h, isTyping } from '../dom.js';
import {
  clampLeadIn,
  DEFAULT_LISTEN_PREFS,
  isPlaybackRate,
  MAX_LEAD_IN_SEC,
  PLAYBACK_RATES,
  stepRate,
  type ListenPrefs,
  type ListenPrefsStore,
  type LoopSpan,
  validListenPrefs,
} from '../listen.js';
import type { Scope } from '../scope.js';

export interface ListenControls {
  readonly element: HTMLElement;
  /** The preferences as now chosen. */
  prefs(): ListenPrefs;
  /** Shows what is looping ("Looping 0:41–0:49"), or nothing: give it Playback's `onLoop`. */
  showLoop(span: LoopSpan | null): void;
}

/** `1.25` → "1.25x", `1` → "1x". */
export const rateLabel = (rate: number): string => `${rate}x`;

/**
 * Builds the controls from the stored preferences; every change is stored, then passed to `onChange` (the
 * view sets the playback rate, and ends a loop when Loop is turned off).
 */
export function renderListenControls(
  scope: Scope,
  store: ListenPrefsStore,
  onChange: (prefs: ListenPrefs) => void,
): ListenControls {
  let prefs = store.read();
  const update = (next: Partial<ListenPrefs>) => {
    prefs = validListenPrefs({ ...prefs, ...next });
    store.write(prefs);
    show();
    onChange({ ...prefs });
  };

  const rate = h('select', { class: 'listen-rate', id: 'listen-rate', title: 'Speed ([ slower, ] faster)' });
  for (const r of PLAYBACK_RATES) rate.append(h('option', { value: String(r) }, rateLabel(r)));
  const leadIn = h('input', {
    class: 'listen-lead-in',
    id: 'listen-lead-in',
    type: 'number',
    min: 0,
    max: MAX_LEAD_IN_SEC,
    step: 0.5,
    inputmode: 'decimal',
    title: 'Seconds played before the moment that decided a clicked event',
  });
  const loop = h('button', {
    class: 'btn small listen-loop',
    type: 'button',
    id: 'listen-loop',
    title: 'Loop a clicked event until you play elsewhere',
  });
  loop.textContent = 'Loop';
  const loopSpan = h('span', {
    class: 'listen-loop-span muted num',
    id: 'listen-loop-span',
    'aria-live': 'polite',
  });

  function show(): void {
    rate.value = String(prefs.rate);
    leadIn.value = String(prefs.leadInSec);
    loop.setAttribute('aria-pressed', prefs.loop ? 'true' : 'false');
  }
  show();

  scope.listen(rate, 'change', () => {
    const value = Number(rate.value);
    if (isPlaybackRate(value)) update({ rate: value });
  });
  scope.listen(leadIn, 'change', () => {
    // an empty or unreadable field is the default; a number outside 0-10 s is brought inside
    const typed = leadIn.value.trim();
    update({ leadInSec: typed === '' ? DEFAULT_LISTEN_PREFS.leadInSec : clampLeadIn(Number(typed)) });
  });
  scope.listen(loop, 'click', () => update({ loop: !prefs.loop }));
  scope.listen(document, 'keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key !== '[' && event.key !== ']') return;
    if (isTyping(event.target)) return;
    event.preventDefault();
    const next = stepRate(prefs.rate, event.key === ']' ? 1 : -1);
    if (next !== prefs.rate) update({ rate: next });
  });

  const element = h(
    'div',
    { class: 'listen-controls', role: 'group', 'aria-label': 'Listening' },
    h('label', { class: 'listen-field', for: 'listen-rate' }, 'Speed', rate),
    h('label', { class: 'listen-field', for: 'listen-lead-in' }, 'Lead-in (s)', leadIn),
    loop,
    loopSpan,
  );

  return {
    element,
    prefs: () => ({ ...prefs }),
    showLoop(span) {
      loopSpan.textContent =
        span === null ? '' : `Looping ${formatTime(span.startSec)}–${formatTime(span.endSec)}`;
    },
  };
}
