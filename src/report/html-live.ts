/**
 * What the standalone HTML report adds for a live call (report.live): a line at the top when the report
 * was recovered from the journal of a session that stopped mid-call, and the cues the agent was shown
 * (time, cue, how it ended, marked wrong by the agent), as the review's "Live cues" lists them.
 */
import { CUE_OUTCOME_WORDS } from '../live/protocol.js';
import { esc } from './html-chart.js';
import { LIVE_CUE_STYLE } from './palette.js';
import type { Report } from './schema.js';
import { formatTime } from './timeline-data.js';

/** Under the header: a recovered report says so first, not only among the warnings. */
export function liveRecoveredLine(report: Report): string {
  if (!report.live?.recovered) return '';
  return `<p class="coach-line"><span class="badge sev-bad"><span aria-hidden="true">!</span> Recovered</span> This report was rebuilt from the journal of a live session that ends at ${esc(formatTime(report.source.durationSec))}, before the call's end (the program stopped, or could not write the journal): what came after is missing (see Warnings).</p>`;
}

/** A cue's icon, the live window's: decorative, the words beside it say the same. */
function icon(kind: keyof typeof LIVE_CUE_STYLE): string {
  const style = LIVE_CUE_STYLE[kind];
  return `<svg viewBox="0 0 24 24" width="14" height="14" aria-hidden="true"><path d="${style.iconPath}" fill="none" stroke="${style.ink}" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/></svg>`;
}

/** The cues the agent saw during the call, in order. */
export function liveCuesSection(report: Report): string {
  const live = report.live;
  if (!live) return '';
  const marked = live.cues.filter((c) => c.wrong).length;
  const summary =
    live.cues.length === 0
      ? 'No cue was shown during this call.'
      : `${live.cues.length} cue${live.cues.length === 1 ? '' : 's'} shown to the agent` +
        (marked > 0 ? `, ${marked} marked wrong by the agent` : '') +
        (live.heldBack > 0 ? `; ${live.heldBack} more held back (cooldown, snooze, mute or cap)` : '') +
        '.';
  const rows = live.cues.map(
    (c) =>
      `<tr${c.wrong ? ' class="sev-bad"' : ''}><td class="time">${esc(formatTime(c.atSec))}</td><td>${icon(c.kind)} <b>${esc(c.title)}</b><div class="note">${esc(c.detail)}</div>${c.wrong ? ` <span class="badge sev-bad">marked wrong by the agent</span>` : ''}</td><td>${esc(c.outcome === null ? 'showing' : CUE_OUTCOME_WORDS[c.outcome])}${c.endedSec === null ? '' : ` at ${esc(formatTime(c.endedSec))}`}</td></tr>`,
  );
  const table = rows.length
    ? `<table><thead><tr><th>Time</th><th>Cue</th><th>Ended</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
    : '';
  return `<section id="live-cues"><h2>Live cues</h2><p>${esc(summary)}</p>${table}</section>`;
}
