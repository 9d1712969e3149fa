/**
 * The scorecard: the headline (what went wrong, peak by peak) and the strip of numbers above the chart,
 * and the per-peak and thresholds tables, with levels in plain words next to their numbers.
 */
import { SEVERITY_STYLE } from '../../src/report/palette.js';
import {
  loudnessWords,
  medianWaitTone,
  ownLevelWords,
  peakLevelNote,
  peakName,
  reviewHeadline,
} from '../../src/report/review-words.js';
import type { CoachRecord } from '../../src/report/schema.js';
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

/**
 * The headline: the share complied with, and each failed peak named with what went wrong (a button to it);
 * `sideWarning` when the agent's side is only a guess, and an unsure one (the score may be of the wrong
 * side).
 */
function renderHeadline(
  card: Scorecard,
  scope: Scope,
  pick: (eventId: string) => void,
  coach: CoachRecord | undefined,
  sideWarning: string | null,
): HTMLElement {
  const { compliance } = card;
  const headline = reviewHeadline(card);
  const tone = headline.severity === 'ok' ? 'good' : headline.severity === 'bad' ? 'bad' : '';
  const item = (f: { id: string; name: string; what: string }, cls: string): HTMLElement => {
    const button = h(
      'button',
      { class: `peak-chip ${cls}`, type: 'button', 'data-event-id': f.id, title: `Play ${f.name}` },
      h('strong', {}, f.name),
      ` ${f.what}`,
    );
    scope.listen(button, 'click', () => pick(f.id));
    return h('li', {}, button);
  };
  return h(
    'div',
    { class: `stat headline ${tone}`, id: 'score-compliance' },
    h(
      'span',
      { class: 'stat-label' },
      'Spoke softly and waited for the pause, at customer peaks',
      coach?.corrected ? coachBadge(coach.corrections.length) : null,
    ),
    h(
      'div',
      { class: 'headline-row' },
      h(
        'span',
        { class: 'stat-value' },
        h('span', { 'aria-hidden': 'true' }, `${SEVERITY_STYLE[headline.severity].glyph} `),
        compliance.share === null ? '—' : pct(compliance.share),
      ),
      h(
        'span',
        { class: 'headline-text', id: 'score-headline' },
        `${headline.lead}${headline.failed.length ? ':' : ''}`,
      ),
      headline.failed.length
        ? h(
            'ul',
            { class: 'peak-chips', 'aria-label': 'Peaks not complied with' },
            ...headline.failed.map((f) => item(f, 'bad')),
          )
        : null,
    ),
    sideWarning === null
      ? null
      : h(
          'p',
          { class: 'side-unsure', id: 'side-unsure', role: 'note' },
          h('span', { 'aria-hidden': 'true' }, '⚠ '),
          sideWarning,
        ),
    h(
      'span',
      { class: 'stat-note' },
      compliance.headline,
      headline.notJudged.length
        ? ` · not judged: ${headline.notJudged.map((n) => `${n.name} ${n.what}`).join(', ')}`
        : '',
    ),
  );
}

/** "✎ Corrected by coach · 2 corrections": the scorecard is the coach's, not the analysis's own. */
function coachBadge(count: number): HTMLElement {
  return h(
    'span',
    {
      class: 'coach-badge',
      id: 'coach-badge',
      title: 'A coach marked detections wrong or added missed ones: every number here is recomputed',
    },
    h('span', { 'aria-hidden': 'true' }, '✎ '),
    `Corrected by coach · ${count} correction${count === 1 ? '' : 's'}`,
  );
}

export function renderScoreStrip(
  card: Scorecard,
  scope: Scope,
  pick: (eventId: string) => void,
  coach?: CoachRecord,
  /** Said under the headline: the agent's side is an unsure guess (null: it is not). */
  sideWarning: string | null = null,
): HTMLElement {
  const wait = card.medianWaitAfterPeakSec;
  return h(
    'section',
    { class: 'card scorestrip', 'aria-label': 'Scorecard', id: 'scorecard' },
    renderHeadline(card, scope, pick, coach, sideWarning),
    h(
      'div',
      { class: 'stats' },
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
        wait === null ? '—' : secs(wait),
        // a long enough median on a call that failed its peaks is not praise: it says so
        wait !== null && wait >= card.minPauseSec && card.compliance.missed.tooSoon > 0
          ? `${secs(card.minPauseSec)} wanted; ${card.compliance.missed.tooSoon} replied too soon`
          : `${secs(card.minPauseSec)} wanted`,
        medianWaitTone(card),
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
    ),
  );
}

/** The customer's peaks, one row each with what happened at it (a row plays its peak). */
export function renderPeaksTable(
  card: Scorecard,
  peakDb: number,
  scope: Scope,
  pick: (eventId: string) => void,
): HTMLElement {
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
    const note = peakLevelNote(p.levelAboveCalmDb, peakDb);
    const row = h(
      'tr',
      {
        class: 'clickable',
        'data-event-id': p.id,
        tabindex: 0,
        title: 'Play this peak',
        'aria-label': `${peakName(p)} at ${formatTime(p.start)}: ${p.result.label}. Play it.`,
      },
      h('th', { scope: 'row' }, peakName(p)),
      h('td', { class: 'num' }, formatTime(p.start)),
      h(
        'td',
        {},
        h('span', { class: 'num' }, `+${p.levelAboveCalmDb.toFixed(1)} dB`),
        h('div', { class: 'cell-words' }, loudnessWords(p.levelAboveCalmDb)),
        note ? h('div', { class: 'cell-words' }, `(${note})`) : null,
      ),
      h('td', {}, p.interrupted ? h('span', { class: 'pill bad' }, 'talked over') : 'no'),
      h('td', { class: 'num' }, wait),
      h(
        'td',
        {},
        // no reply, no reply's loudness to show
        p.waitSec === null || p.result.state === 'noReply'
          ? h('span', { class: 'muted' }, 'no reply')
          : p.raisedReply
            ? h('span', { class: 'pill bad' }, 'raised')
            : 'soft',
      ),
      h(
        'td',
        {},
        // ✓ complied, ✗ not complied, or – no reply (not judged: neither, and not counted)
        h('span', { class: `pill ${PILL[p.result.state]}` }, p.result.text),
        // an unanswered peak's one reason ("no reply: …") is what its pill already says
        p.result.state !== 'noReply' && p.reasons.length > 0
          ? h('div', { class: 'cell-words' }, p.reasons.join('; '))
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
          h('th', { scope: 'col' }, 'Peak'),
          h('th', { class: 'num', scope: 'col' }, 'At'),
          h('th', { scope: 'col' }, 'Above their calm level'),
          h('th', { scope: 'col' }, 'Talked over'),
          h('th', { class: 'num', scope: 'col' }, 'Wait before reply'),
          h('th', { scope: 'col' }, 'Reply'),
          h('th', { scope: 'col' }, 'Verdict'),
        ),
      ),
      h('tbody', {}, ...rows),
    ),
  );
  return section;
}

/** The thresholds the call was judged with, and where each party's own level came from. */
export function renderThresholds(card: Scorecard): HTMLElement {
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
            h(
              'td',
              {},
              t.label,
              t.name === 'customerCalmDb' || t.name === 'agentNormalDb'
                ? h(
                    'div',
                    { class: 'cell-words' },
                    ownLevelWords(t.name === 'customerCalmDb' ? 'customer' : 'agent'),
                  )
                : null,
            ),
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
