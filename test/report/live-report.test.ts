/**
 * A live call's report as text and HTML: the cues the agent saw (each with its time, words, how it ended,
 * the agent's "wrong" mark), and, for a report recovered from a cut-off session's journal, a line saying
 * so at the top, before the scorecard, not only among the warnings at the bottom.
 */
import { describe, expect, it } from 'vitest';
import type { LiveCue } from '../../src/live/protocol.js';
import { renderHtmlReport } from '../../src/report/html.js';
import type { Report } from '../../src/report/schema.js';
import { summaryText } from '../../src/report/text.js';
import { makeReport, peak } from './make-report.js';

const cue = (c: Partial<LiveCue> & Pick<LiveCue, 'id' | 'kind' | 'atSec' | 'title'>): LiveCue => ({
  detail: 'you are talking over the customer',
  positive: false,
  provisional: false,
  outcome: 'cleared',
  endedSec: c.atSec + 2,
  wrong: false,
  ...c,
});

function liveReport(recovered: boolean): Report {
  const report = makeReport({
    durationSec: 74.5,
    agent: [[20, 24]],
    customer: [[10, 19]],
    events: [peak(10, 19, 8)],
    warnings: recovered ? ['the live session stopped unexpectedly at 74.5 s: recovered'] : [],
  });
  report.live = {
    sessionId: 's',
    startedAt: '2025-01-01T10:00:00.000Z',
    agent: 'anna',
    agentDevice: 'mic',
    callDevice: 'out.monitor',
    recordingPath: null,
    cues: [
      cue({
        id: 1,
        kind: 'customerVenting',
        atSec: 10.6,
        title: 'Let them vent',
        detail: 'wait <for> the pause',
      }),
      cue({
        id: 2,
        kind: 'talkingOver',
        atSec: 12.3,
        title: 'Let them finish',
        outcome: 'confirmed',
        wrong: true,
      }),
      cue({ id: 3, kind: 'talkingOver', atSec: 40.2, title: 'Let them finish', outcome: 'withdrawn' }),
    ],
    heldBack: 2,
    incidents: [],
    recovered,
  };
  return report;
}

describe('a live call in the HTML report', () => {
  it("lists the cues the agent saw, with how each ended and the agent's marks", () => {
    const html = renderHtmlReport(liveReport(false));
    const section = /<section id="live-cues">(.*?)<\/section>/s.exec(html)?.[1] ?? '';
    expect(section).toContain('3 cues shown to the agent, 1 marked wrong by the agent; 2 more held back');
    const rows = [...section.matchAll(/<tr(?: class="[^"]*")?><td class="time">(.*?)<\/td>(.*?)<\/tr>/gs)];
    expect(rows.map((r) => r[1])).toEqual(['0:10.6', '0:12.3', '0:40.2']);
    expect(rows[0]?.[2]).toContain('wait &lt;for&gt; the pause'); // the cue's words escaped
    expect(rows[1]?.[2]).toMatch(/marked wrong by the agent.*confirmed at 0:14\.3/s);
    expect(rows[2]?.[2]).toContain('taken back at 0:42.2');
    expect(html).not.toContain('Recovered</span>');
  });

  it('has no live section for a recording', () => {
    const report = liveReport(false);
    delete report.live;
    expect(renderHtmlReport(report)).not.toContain('id="live-cues"');
  });

  it('says a recovered report is one at the top, before the scorecard', () => {
    const html = renderHtmlReport(liveReport(true));
    const line = html.indexOf('Recovered</span>');
    expect(line).toBeGreaterThan(html.indexOf('</header>'));
    expect(line).toBeLessThan(html.indexOf('aria-label="Scorecard"'));
    expect(html).toContain('a live session that ends at 1:14.5, before the call');
  });
});

describe('a live call in the text summary', () => {
  it('starts with RECOVERED when it was, and ends with the cues shown', () => {
    const lines = summaryText(liveReport(true)).split('\n');
    expect(lines[0]).toBe(
      "RECOVERED from the journal of a live session that ends at 1:14.5, before the call's end: what came after is missing",
    );
    expect(lines.at(-1)).toBe('live cues: 3 shown (1 marked wrong, 1 taken back), 2 held back');
    expect(summaryText(liveReport(false)).split('\n')[0]).not.toMatch(/RECOVERED/);
  });
});
