/** The scorecard: the strip of headline numbers above the chart, and the per-peak and thresholds tables. */
import type { PeakResult, Scorecard } from '../../src/report/scorecard.js';
import { formatTime } from '../../src/report/timeline-data.js';
import { h } from '../dom.js';
import type { Scope } from '../scope.js';

const pct = (x: number): string => `${Math.round(x * 100)} %`;
const PILL: Record<PeakResult['state'], string> = { complied: 'ok', notComplied: 'bad', noReply: 'neutral' };
const secs = (x: number): string => `${x.toFixed(1)} s`;

function stat(
  label: string,
  value: string,
  note: string,
  tone: 'good' | 'bad' | '' = '',
  id?: string,
): HTMLElement {
  return h(
    'div',
    { class: `stat ${tone}`, ...(id ? { id } : {}) },
    h('span', { class: 'stat-label' }, label),
    h('span', { class: 'stat-value' }, value),
    h('span', { class: 'stat-note' }, note),
  );
}

export function renderScoreStrip(card: Scorecard): HTMLElement {
  const { compliance } = card;
  const headline = stat(
    'Compliance at customer peaks',
    compliance.share === null ? '—' : pct(compliance.share),
    compliance.headline,
    compliance.severity === 'ok' ? 'good' : compliance.severity === 'bad' ? 'bad' : '',
    'score-compliance',
  );
  headline.classList.add('headline');
  return h(
    'section',
    { class: 'card scorestrip', 'aria-label': 'Scorecard', id: 'scorecard' },
    headline,
    stat(
      'Interruptions at peaks',
      String(card.interruptions.atPeak),
      `${card.interruptions.total} interruption${card.interruptions.total === 1 ? '' : 's'} in all`,
      card.interruptions.atPeak > 0 ? 'bad' : 'good',
      'score-interruptions',
    ),
    stat(
      'Raised voice',
      secs(card.raisedVoice.seconds),
      `${card.raisedVoice.spans} span${card.raisedVoice.spans === 1 ? '' : 's'} above the agent’s normal voice`,
      card.raisedVoice.seconds > 0 ? 'bad' : 'good',
      'score-raised',
    ),
    stat(
      'Median wait after peaks',
      card.medianWaitAfterPeakSec === null ? '—' : secs(card.medianWaitAfterPeakSec),
      `${secs(card.minPauseSec)} wanted`,
      card.medianWaitAfterPeakSec === null
        ? ''
        : card.medianWaitAfterPeakSec >= card.minPauseSec
          ? 'good'
          : 'bad',
      'score-wait',
    ),
    stat(
      'Agent share of talk',
      card.talk.agentShareOfTalk === null ? '—' : pct(card.talk.agentShareOfTalk),
      `overlap ${pct(card.talk.overlap)} · silence ${pct(card.talk.silence)}`,
      '',
      'score-talk',
    ),
    stat(
      'Backchannels',
      String(card.backchannels),
      'short “mm-hm”s: not counted as interrupting',
      '',
      'score-backchannels',
    ),
  );
}

export function renderDetails(card: Scorecard, scope: Scope, pick: (eventId: string) => void): HTMLElement {
  return h('div', { class: 'details' }, peaksTable(card, scope, pick), thresholdsTable(card));
}

function peaksTable(card: Scorecard, scope: Scope, pick: (eventId: string) => void): HTMLElement {
  const section = h(
    'section',
    { class: 'card', 'aria-labelledby': 'peaks-title' },
    h('h2', { id: 'peaks-title' }, 'Customer peaks'),
  );
  if (card.peaks.length === 0) {
    section.appendChild(
      h('p', { class: 'empty' }, 'The customer never rose clearly above their calm level in this call.'),
    );
    return section;
  }
  const rows = card.peaks.map((p) => {
    const wait =
      p.waitSec === null
        ? 'no reply'
        : `${p.waitSec.toFixed(1)} s${p.waitedLongEnough === false ? ' (too soon)' : ''}`;
    const row = h(
      'tr',
      { class: 'clickable', 'data-event-id': p.id, tabindex: 0, title: 'Play this peak' },
      h('td', { class: 'num' }, String(p.number)),
      h('td', { class: 'num' }, formatTime(p.start)),
      h('td', { class: 'num' }, `+${p.levelAboveCalmDb.toFixed(1)} dB`),
      h('td', {}, p.interrupted ? h('span', { class: 'pill bad' }, 'talked over') : 'no'),
      h('td', { class: 'num' }, wait),
      h(
        'td',
        {},
        p.waitSec === null ? '—' : p.raisedReply ? h('span', { class: 'pill bad' }, 'raised') : 'soft',
      ),
      h(
        'td',
        {},
        // ✓ complied, ✗ not complied, or – no reply (not judged: neither, and not counted)
        h('span', { class: `pill ${PILL[p.result.state]}` }, p.result.text),
        // an unanswered peak's one reason ("no reply: …") is what its pill already says
        p.result.state !== 'noReply' && p.reasons.length > 0
          ? h('div', { class: 'muted' }, p.reasons.join('; '))
          : null,
      ),
    );
    scope.listen(row, 'click', () => pick(p.id));
    scope.listen(row, 'keydown', (event) => {
      if (event.key === 'Enter') pick(p.id);
    });
    return row;
  });
  section.appendChild(
    h(
      'table',
      { id: 'peaks-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { class: 'num' }, '#'),
          h('th', { class: 'num' }, 'At'),
          h('th', { class: 'num' }, 'Above calm'),
          h('th', {}, 'Interrupted'),
          h('th', { class: 'num' }, 'Wait'),
          h('th', {}, 'Reply'),
          h('th', {}, 'Verdict'),
        ),
      ),
      h('tbody', {}, ...rows),
    ),
  );
  return section;
}

function thresholdsTable(card: Scorecard): HTMLElement {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'thresholds-title' },
    h('h2', { id: 'thresholds-title' }, 'Thresholds used'),
    h(
      'table',
      { id: 'thresholds-table' },
      h(
        'tbody',
        {},
        ...card.thresholds.map((t) =>
          h(
            'tr',
            {},
            h('td', {}, t.label),
            h(
              'td',
              { class: 'num' },
              t.text,
              t.isDefault ? null : h('span', { class: 'pill neutral' }, 'changed'),
            ),
          ),
        ),
      ),
    ),
  );
}
