/** The review's transport and zoom controls: play/pause, the time, the position slider, zoom and fit. */
import { formatTime } from '../../src/report/timeline-data.js';
import { h } from '../dom.js';

export interface Transport {
  play: HTMLButtonElement;
  time: HTMLElement;
  scrubber: HTMLInputElement;
  zoomIn: HTMLButtonElement;
  zoomOut: HTMLButtonElement;
  fit: HTMLButtonElement;
  /** The playhead moved: the time and (unless it is being dragged) the slider follow. */
  showTime(tSec: number): void;
  showPlaying(playing: boolean): void;
}

export function renderTransport(durationSec: number): Transport {
  const play = h(
    'button',
    { class: 'btn primary icon-btn', type: 'button', id: 'play', 'aria-label': 'Play' },
    '▶',
  );
  const time = h('span', { class: 'time', id: 'time' }, `0:00.0 / ${formatTime(durationSec)}`);
  const scrubber = h('input', {
    class: 'scrubber',
    type: 'range',
    min: 0,
    max: durationSec,
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
  return {
    play,
    time,
    scrubber,
    zoomIn,
    zoomOut,
    fit,
    showTime(tSec) {
      time.textContent = `${formatTime(tSec)} / ${formatTime(durationSec)}`;
      if (document.activeElement !== scrubber) scrubber.value = String(tSec);
    },
    showPlaying(playing) {
      play.textContent = playing ? '❚❚' : '▶';
      play.setAttribute('aria-label', playing ? 'Pause' : 'Play');
    },
  };
}
