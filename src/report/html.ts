/**
 * The standalone HTML report of one call: the scorecard, the timeline as inline SVG, the peaks and the
 * events, the thresholds used, warnings and provenance. One self-contained document: no script, no
 * external resource (system fonts, inline styles; a Content-Security-Policy forbids loading anything),
 * every text from the report HTML-escaped (file names and warnings come from users).
 */
import {
  DEFAULT_EVENT_GROUPS,
  buildEventList,
  filterEvents,
  type EventEntry,
  type EventGroup,
} from './event-list.js';
import { esc, legendSwatch, renderTimelineSvg } from './html-chart.js';
import { liveCuesSection, liveRecoveredLine } from './html-live.js';
import { REPORT_CSS } from './html-style.js';
import { PALETTE, SEVERITY_STYLE, type PaletteRole, type Severity } from './palette.js';
import { DETECTION_TYPES, WRONG_REASONS } from './coach.js';
import type { Report } from './schema.js';
import { buildScorecard, type Scorecard } from './scorecard.js';
import { formatTime, formatWait } from './timeline-data.js';

export interface HtmlReportOptions {
  /** The page's heading and `<title>`; default: "Call review: " and the call's file name. */
  title?: string;
  /** List the replies that did not follow a peak in the events table too (default false: there are many). */
  includeReplies?: boolean;
}

const pct = (x: number | null): string => (x === null ? '–' : `${Math.round(x * 100)}%`);
const baseName = (p: string): string => p.split(/[\\/]/).pop() ?? p;
const sev = (s: Severity, text: string): string =>
  `<span class="badge sev-${s}"><span aria-hidden="true">${SEVERITY_STYLE[s].glyph}</span> ${esc(text)}</span>`;
const yesNo = (bad: boolean | null, yes: string, no: string, unknown = '–'): string =>
  bad === null ? unknown : bad ? sev('bad', yes) : esc(no);

function header(report: Report, title: string): string {
  const src = report.source;
  const who =
    src.agentChannel === null
      ? 'agent and customer in two files'
      : `agent on channel ${src.agentChannel} (${src.agentChannel === 0 ? 'left' : 'right'})`;
  const meta = [
    src.files.map(baseName).join(' + '),
    `${formatTime(src.durationSec)} long`,
    `${src.codec}, ${src.sampleRateHz} Hz`,
    who,
  ];
  return `<header><div><div class="brand">SoftSpoken · call review</div><h1>${esc(title)}</h1>
<p class="meta">${meta.map((m) => `<span>${esc(m)}</span>`).join('')}</p></div>
<div class="stamp">${esc(report.analyzer.name)} ${esc(report.analyzer.version)}<br>${esc(report.schema)}</div></header>`;
}

function kpi(label: string, value: string, sub: string, s: Severity | null): string {
  const mark = s ? `<span class="mark" aria-hidden="true">${SEVERITY_STYLE[s].glyph}</span>` : '';
  return `<div class="kpi${s ? ` sev-${s}` : ''}"><div class="k">${esc(label)}</div><div class="v">${mark}${esc(value)}</div><div class="s">${esc(sub)}</div></div>`;
}

/**
 * A coach's record of the call: a line saying the scorecard is corrected (under the header), and a section
 * of the corrections (each detection marked wrong with its reason, each one added) and the notes by time.
 */
function coachLine(report: Report): string {
  const coach = report.coach;
  if (!coach?.corrected) return '';
  const n = coach.corrections.length;
  return `<p class="coach-line"><span class="badge sev-info"><span aria-hidden="true">✎</span> Corrected by coach</span> ${n} correction${n === 1 ? '' : 's'}: every figure below is recomputed from the corrected events (see Coach's corrections and notes).</p>`;
}

function coachSection(report: Report): string {
  const coach = report.coach;
  if (!coach || (coach.corrections.length === 0 && coach.notes.length === 0)) return '';
  const span = (start: number, end: number): string => `${formatTime(start)}–${formatTime(end)}`;
  const corrections = coach.corrections.map((c) =>
    c.kind === 'wrong'
      ? `<li>Marked wrong: ${esc(DETECTION_TYPES[c.event.type])} at ${span(c.event.start, c.event.end)}, ${esc(WRONG_REASONS[c.reason])}</li>`
      : `<li>Added (missed by the analysis): ${esc(DETECTION_TYPES[c.type])} at ${span(c.start, c.end)}</li>`,
  );
  const notes = coach.notes.map(
    (n) =>
      `<li><b class="num">${formatTime(n.atSec)}</b> ${esc(n.text)}${n.event ? ` <span class="note">(about the ${esc(DETECTION_TYPES[n.event.type])} at ${formatTime(n.event.start)})</span>` : ''}</li>`,
  );
  return `<section id="coach"><h2>Coach's corrections and notes</h2>${coach.agent ? `<p>Agent: ${esc(coach.agent)}</p>` : ''}
<h3>Corrections</h3>${corrections.length ? `<ul class="corrections">${corrections.join('')}</ul>` : "<p>None: the figures are the analysis's own.</p>"}
<h3>Notes</h3>${notes.length ? `<ul class="notes">${notes.join('')}</ul>` : '<p>No notes.</p>'}</section>`;
}

function verdict(card: Scorecard): string {
  const c = card.compliance;
  const figure =
    c.share === null
      ? '–'
      : `${c.complied}<small> / ${c.judged} ${c.unanswered > 0 ? 'judged ' : ''}peaks</small>`;
  const missed = (
    [
      [c.missed.interrupted, 'talked over during the peak'],
      [c.missed.tooSoon, 'replied before the pause'],
      [c.missed.raisedReply, 'raised voice in the reply'],
    ] as const
  ).filter(([k]) => k > 0);
  const why = missed.length
    ? `<ul class="missed">${missed.map(([k, t]) => `<li><b>${k}</b> ${esc(t)}</li>`).join('')}</ul>`
    : '';
  // Peaks nobody replied to are not judged: counted apart, in neutral words, never as missed.
  const noReply = (
    [
      [c.unansweredBy.customerWentOn, 'no reply: the customer went on'],
      [c.unansweredBy.callEnded, 'no reply: the call ended'],
    ] as const
  ).filter(([k]) => k > 0);
  const unanswered = noReply.length
    ? `<ul class="unanswered" aria-label="Not judged">${noReply.map(([k, t]) => `<li><b>${k}</b> ${esc(t)}</li>`).join('')}</ul>`
    : '';
  const wait = card.medianWaitAfterPeakSec;
  const waitOk = wait === null ? null : wait >= card.minPauseSec;
  const t = card.talk;
  return `<section class="verdict" aria-label="Scorecard">
<div class="hero sev-${c.severity}"><div class="k">Spoke softly and waited for the pause</div>
<div class="figure">${figure}</div><div class="headline">${esc(c.headline)}</div>${why}${unanswered}</div>
<div class="kpis">
${kpi('Interruptions at peaks', String(card.interruptions.atPeak), `of ${card.interruptions.total} in all; ${card.backchannels} backchannel${card.backchannels === 1 ? '' : 's'} not counted`, card.interruptions.atPeak > 0 ? 'bad' : 'ok')}
${kpi('Median wait after a peak', wait === null ? '–' : `${formatWait(wait, card.minPauseSec)} s`, `${card.minPauseSec} s wanted`, waitOk === null ? null : waitOk ? 'ok' : 'bad')}
${kpi('Raised voice', `${card.raisedVoice.seconds.toFixed(1)} s`, `${card.raisedVoice.spans} span${card.raisedVoice.spans === 1 ? '' : 's'}`, card.raisedVoice.spans > 0 ? 'bad' : 'ok')}
${kpi('Agent share of talk', pct(t.agentShareOfTalk), `overlap ${pct(t.overlap)} · silence ${pct(t.silence)}`, null)}
</div></section>`;
}

const LEGEND: (PaletteRole | 'threshold')[] = [
  'customer',
  'agent',
  'peak',
  'raisedVoice',
  'interruption',
  'interruptionAtPeak',
  'backchannel',
  'gapOk',
  'gapBad',
  'threshold',
];

function timeline(report: Report): string {
  const items = LEGEND.map((role) => {
    const text =
      role === 'threshold'
        ? 'Threshold (0 = own calm / normal level)'
        : role === 'agent' || role === 'customer'
          ? `${PALETTE[role].label}: loudness and speech`
          : PALETTE[role].label;
    return `<li>${legendSwatch(role)}<span>${esc(text)}</span></li>`;
  });
  return `<section><h2>Timeline</h2><ul class="legend">${items.join('')}</ul>
${renderTimelineSvg(report)}
<p class="note">Loudness is each party's own level: 0 dB is the customer's calm level (top) or the agent's normal level (bottom). P1, P2, … are the customer peaks in the table below.</p></section>`;
}

function peaksTable(card: Scorecard): string {
  if (card.peaks.length === 0) {
    return '<section><h2>Customer peaks</h2><p>No customer peaks: the customer never got loud for long enough.</p></section>';
  }
  const rows = card.peaks.map((p) => {
    const wait =
      p.waitSec === null
        ? 'no reply'
        : `${formatWait(p.waitSec, card.minPauseSec)} s${p.waitedLongEnough === false ? ` ${sev('bad', 'too soon')}` : ''}`;
    const r = p.result;
    const result = sev(r.severity, r.label.charAt(0).toUpperCase() + r.label.slice(1));
    // an unanswered peak's one reason ("no reply: …") is what its result already says
    const why = r.state === 'noReply' ? [] : p.reasons;
    return `<tr class="sev-${r.severity}" data-id="${esc(p.id)}"><td>P${p.number}</td><td class="time">${esc(p.time)}</td><td class="num">+${p.levelAboveCalmDb.toFixed(1)} dB</td><td>${yesNo(p.interrupted, 'Interrupted', 'No')}</td><td>${wait}</td><td>${p.waitSec === null ? '–' : yesNo(p.raisedReply, 'Raised', 'No')}</td><td class="result">${result}${why.map((w) => `<div class="why">${esc(w)}</div>`).join('')}</td></tr>`;
  });
  return `<section><h2>Customer peaks</h2><table><thead><tr><th>Peak</th><th>Time</th><th class="num">Above calm</th><th>Talked over?</th><th>Wait before reply</th><th>Raised reply?</th><th class="result">Result and why</th></tr></thead>
<tbody>${rows.join('')}</tbody></table></section>`;
}

function eventsTable(entries: EventEntry[], hiddenReplies: number): string {
  const rows = entries.map((e) => {
    const role = e.role ? PALETTE[e.role] : null;
    const glyph = role
      ? `<span class="glyph" aria-hidden="true" style="color:${role.ink}">${esc(role.glyph)}</span>`
      : '<span class="glyph"></span>';
    return `<tr class="sev-${e.severity}" data-id="${esc(e.id)}"><td class="time">${esc(formatTime(e.start))}–${esc(formatTime(e.end))}</td><td>${glyph}<span class="ev-title">${esc(e.title)}</span></td><td>${esc(e.detail)}</td><td>${sev(e.severity, SEVERITY_STYLE[e.severity].label)}</td></tr>`;
  });
  const note =
    hiddenReplies > 0
      ? `<p class="note">${hiddenReplies} other repl${hiddenReplies === 1 ? 'y' : 'ies'} (turns that did not follow a peak) are not listed; they are in the JSON report and the events CSV.</p>`
      : '';
  const body = entries.length
    ? `<table><thead><tr><th>Time</th><th>Event</th><th>Detail</th><th>Result</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
    : '<p>No events.</p>';
  return `<section><h2>Events</h2>${body}${note}</section>`;
}

function talkAndThresholds(card: Scorecard): string {
  const t = card.talk;
  const parts: [string, number, string][] = [
    ['Agent only', Math.max(0, t.agent - t.overlap), PALETTE.agent.color],
    ['Both at once', t.overlap, '#8E6AA8'],
    ['Customer only', Math.max(0, t.customer - t.overlap), '#E69F00'],
    ['Silence', t.silence, '#E4E7EB'],
  ];
  const dot = (c: string): string => `<span class="dot" style="background:${c}"></span>`;
  const bar = parts
    .map(
      ([l, s, c]) => `<div style="width:${(s * 100).toFixed(1)}%;background:${c}" title="${esc(l)}"></div>`,
    )
    .join('');
  const rows = card.thresholds.map(
    (th) =>
      `<tr><td>${esc(th.label)}</td><td class="num">${esc(th.text)}${th.isDefault ? '' : ' <span class="badge sev-info">changed</span>'}</td></tr>`,
  );
  return `<div class="cols"><div><h2>Talk</h2><div class="talkbar" aria-hidden="true">${bar}</div>
<table><tbody>${parts.map(([l, s, c]) => `<tr><td>${dot(c)}${esc(l)}</td><td class="num">${pct(s)} of the call</td></tr>`).join('')}
<tr><td>Agent share of the talking</td><td class="num">${pct(t.agentShareOfTalk)}</td></tr></tbody></table></div>
<div><h2>Thresholds used</h2><table class="thresholds"><tbody>${rows.join('')}</tbody></table></div></div>`;
}

function provenance(report: Report): string {
  const src = report.source;
  const warnings = report.warnings.length
    ? `<ul class="warnings">${report.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>`
    : '<p>None.</p>';
  const dl: [string, string][] = [
    [src.files.length > 1 ? 'Files (agent, customer)' : 'File', src.files.join('\n')],
    ['Format', `${src.codec}, ${src.sampleRateHz} Hz, ${src.channels} channels`],
    ['Agent', src.agentChannel === null ? 'first file' : `channel ${src.agentChannel}`],
    ['Duration', `${formatTime(src.durationSec)} (${src.durationSec.toFixed(1)} s)`],
    [
      'Analyzer',
      `${report.analyzer.name} ${report.analyzer.version}, engine at ${report.analyzer.engineRateHz} Hz`,
    ],
    ['Voice activity', report.analyzer.vad],
    ['Report schema', report.schema],
  ];
  const items = dl.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v).replace(/\n/g, '<br>')}</dd>`).join('');
  return `<section><h2>Warnings</h2>${warnings}</section>
<section><h2>Source</h2><dl class="source">${items}</dl></section>`;
}

/** The complete HTML document of `report`. */
export function renderHtmlReport(report: Report, options: HtmlReportOptions = {}): string {
  const title = options.title ?? `Call review: ${report.source.files.map(baseName).join(' + ')}`;
  const card = buildScorecard(report);
  const all = buildEventList(report);
  const groups: EventGroup[] = options.includeReplies
    ? [...DEFAULT_EVENT_GROUPS, 'replies']
    : [...DEFAULT_EVENT_GROUPS];
  const shown = filterEvents(all, groups);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="generator" content="${esc(`${report.analyzer.name} ${report.analyzer.version}`)}">
<title>${esc(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body><main class="page">
${header(report, title)}
${liveRecoveredLine(report)}${coachLine(report)}${verdict(card)}
${timeline(report)}
${peaksTable(card)}
${eventsTable(shown, all.length - shown.length)}
${liveCuesSection(report)}
${coachSection(report)}
${talkAndThresholds(card)}
${provenance(report)}
<footer>Generated by ${esc(report.analyzer.name)} ${esc(report.analyzer.version)} from the analysis report (${esc(report.schema)}). Times are minutes:seconds from the start of the recording.</footer>
</main></body>
</html>
`;
}
