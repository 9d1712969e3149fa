/**
 * The live window's cue: the one showing (icon, title, detail; a talk-over not yet confirmed drawn lighter
 * with "checking…") in a polite status region, so a screen reader reads each new cue once; and under it the
 * earlier cues, greyed, newest first. Nothing flashes and colour is never alone: each kind has its icon.
 * A cue taken back simply goes (the model leaves it out), without a word, once it has been readable.
 */
import type { LiveCue, LiveCueKind } from '../../src/live/protocol.js';
import { LIVE_CUE_STYLE } from '../../src/report/palette.js';
import { h, replace } from '../dom.js';
import type { LiveModel } from '../live/live-model.js';
import { historyLine } from '../live/live-text.js';

/** Earlier cues listed, at most: the window has room for this many lines. */
const HISTORY_LINES = 3;

const SVG = 'http://www.w3.org/2000/svg';

/** A cue kind's icon (the palette's path), decorative: the words beside it say the same. */
export function cueIcon(kind: LiveCueKind, size: number): SVGSVGElement {
  const style = LIVE_CUE_STYLE[kind];
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', String(size));
  svg.setAttribute('height', String(size));
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'cue-icon');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', style.iconPath);
  path.setAttribute('fill', 'none');
  path.setAttribute('stroke', style.ink);
  path.setAttribute('stroke-width', '2.2');
  path.setAttribute('stroke-linecap', 'round');
  path.setAttribute('stroke-linejoin', 'round');
  svg.append(path);
  return svg;
}

export class CuePanel {
  readonly element: HTMLElement;
  private readonly box: HTMLElement;
  private readonly status: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly history: HTMLElement;
  /** What the status region shows now (so an unchanged cue is not rewritten and read again). */
  private shown = '';

  constructor() {
    this.status = h('div', { class: 'cue-status', role: 'status', 'aria-live': 'polite', id: 'live-cue' });
    this.empty = h(
      'div',
      { class: 'cue-empty muted' },
      'No cue now. Cues appear here when the customer needs room.',
    );
    this.box = h('div', { class: 'cue-box' }, this.status, this.empty);
    this.history = h('ol', { class: 'cue-history', id: 'live-history', 'aria-label': 'Earlier cues' });
    this.element = h('section', { class: 'cue-panel', 'aria-label': 'Cue' }, this.box, this.history);
  }

  update(model: LiveModel): void {
    this.showCurrent(model.current);
    const earlier = model.history.slice(0, HISTORY_LINES);
    replace(
      this.history,
      ...earlier.map((cue) =>
        h(
          'li',
          { class: `cue-past${cue.wrong ? ' wrong' : ''}`, 'data-kind': cue.kind },
          cueIcon(cue.kind, 14),
          historyLine(cue),
        ),
      ),
    );
  }

  private showCurrent(cue: LiveCue | null): void {
    const key = cue === null ? '' : `${cue.id}|${cue.provisional}`;
    if (key === this.shown) return;
    this.shown = key;
    this.empty.hidden = cue !== null;
    if (cue === null) {
      this.box.className = 'cue-box';
      this.box.style.removeProperty('background');
      this.box.style.removeProperty('border-color');
      replace(this.status);
      return;
    }
    const style = LIVE_CUE_STYLE[cue.kind];
    this.box.className = `cue-box showing${cue.provisional ? ' provisional' : ''}`;
    this.box.dataset['kind'] = cue.kind;
    this.box.style.background = style.background;
    this.box.style.borderColor = style.ink;
    const title = h('div', { class: 'cue-title' }, cue.title);
    title.style.color = style.ink;
    replace(
      this.status,
      cueIcon(cue.kind, 34),
      h(
        'div',
        { class: 'cue-words' },
        title,
        h('div', { class: 'cue-detail' }, cue.detail),
        cue.provisional ? h('div', { class: 'cue-checking' }, 'checking…') : null,
      ),
    );
  }
}
