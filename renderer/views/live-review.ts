/**
 * What the review adds for a live session (report.live): in the bar, where the call came from (live, the
 * agent, the devices, recovered or not) instead of the agent-side control (a live call's sides are its
 * devices); and a "Live cues" section listing every cue the agent was shown (time, cue, how it ended),
 * the ones the agent marked wrong highlighted for the coach. A click on a cue plays from just before it.
 */
import type { LiveReport } from '../../src/report/schema.js';
import { h } from '../dom.js';
import { callTime, outcomeWords } from '../live/live-text.js';
import type { Scope } from '../scope.js';
import { cueIcon } from './live-cue-panel.js';

export function renderLiveSource(live: LiveReport): HTMLElement {
  const started = new Date(live.startedAt);
  const when = Number.isNaN(started.getTime()) ? null : started.toLocaleString();
  return h(
    'div',
    {
      class: 'card side-control',
      id: 'live-source',
      title: `Agent: ${live.agentDevice}\nCall: ${live.callDevice}`,
    },
    h('span', { class: 'side-label' }, `Live call${live.agent ? ` · ${live.agent}` : ''}`),
    when === null ? null : h('span', { class: 'side-guess' }, when),
    live.recovered ? h('span', { class: 'confidence medium' }, 'recovered after a stop') : null,
  );
}

export function renderLiveCues(
  live: LiveReport,
  scope: Scope,
  playFrom: (tSec: number) => void,
): HTMLElement {
  const marked = live.cues.filter((c) => c.wrong).length;
  const rows = live.cues.map((cue) => {
    const row = h(
      'tr',
      { class: `clickable${cue.wrong ? ' wrong' : ''}`, 'data-cue': cue.id, tabindex: 0 },
      h('td', { class: 'num' }, callTime(cue.atSec)),
      h(
        'td',
        {},
        h('span', { class: 'live-cue-name' }, cueIcon(cue.kind, 14), cue.title),
        h('div', { class: 'muted' }, cue.detail),
        // under the cue it is about, not in a column of its own: the cue's words keep their width in a narrow window
        cue.wrong ? h('span', { class: 'pill bad' }, 'marked wrong by the agent') : null,
      ),
      h('td', {}, outcomeWords(cue.outcome)),
    );
    scope.listen(row, 'click', () => playFrom(cue.atSec));
    scope.listen(row, 'keydown', (event) => {
      if (event.key === 'Enter') playFrom(cue.atSec);
    });
    return row;
  });
  const incidents = live.incidents.filter((i) => i.state === 'retrying' || i.state === 'failed');
  return h(
    'section',
    { class: 'card live-cues', id: 'live-cues', 'aria-labelledby': 'live-cues-title' },
    h('h2', { id: 'live-cues-title' }, 'Live cues'),
    h(
      'p',
      { class: 'muted' },
      live.cues.length === 0
        ? 'No cue was shown during this call.'
        : `${live.cues.length} cue${live.cues.length === 1 ? '' : 's'} shown to the agent` +
            (marked > 0 ? `, ${marked} marked wrong by the agent` : '') +
            (live.heldBack > 0 ? `; ${live.heldBack} more held back (cooldown, snooze, mute or cap)` : '') +
            '.',
    ),
    live.cues.length === 0
      ? null
      : h(
          'table',
          {},
          h(
            'thead',
            {},
            h('tr', {}, h('th', { class: 'num' }, 'Time'), h('th', {}, 'Cue'), h('th', {}, 'Ended')),
          ),
          h('tbody', {}, ...rows),
        ),
    incidents.length === 0
      ? null
      : h(
          'ul',
          { class: 'live-incidents' },
          ...incidents.map((i) =>
            h(
              'li',
              {},
              `${callTime(i.atSec)} ${i.party === 'agent' ? 'agent device' : 'call device'} ${i.state}${i.message ? `: ${i.message}` : ''}`,
            ),
          ),
        ),
  );
}
