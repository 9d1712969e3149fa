import { describe, expect, it } from 'vitest';
import {
  buildEventList,
  DEFAULT_EVENT_GROUPS,
  filterEvents,
  PALETTE,
} from '../../src/report/presentation.js';
import { renderHtmlReport } from '../../src/report/html.js';
import { MAX_LINE_POINTS, timelineRows } from '../../src/report/html-chart.js';
import { calmCall, makeReport, peak, threePeakCall, unansweredCall } from './make-report.js';

const HOSTILE = '<img src=x onerror=alert(1)>.wav';

/** The rows of the events table, by their data-id. */
function eventRowIds(html: string): string[] {
  const section = html.slice(html.indexOf('<h2>Events</h2>'));
  const table = section.slice(0, section.indexOf('</table>'));
  return [...table.matchAll(/<tr class="sev-\w+" data-id="(e\d+)">/g)].map((m) => m[1] as string);
}

describe('renderHtmlReport', () => {
  const report = threePeakCall();
  const html = renderHtmlReport(report);

  it('is one complete HTML document with an inline SVG timeline', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    for (const tag of [
      '<head>',
      '</head>',
      '<body>',
      '</body>',
      '<meta charset="utf-8">',
      '<title>',
      '<style>',
    ]) {
      expect(html).toContain(tag);
    }
    expect(html).toMatch(/<svg class="timeline" viewBox="0 0 \d+ \d+"/);
    expect(html).toContain('</svg>');
  });

  it('runs nothing and loads nothing', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/\son\w+\s*=/i); // no event-handler attributes
    expect(html).not.toMatch(/@import|@font-face|<link|<iframe|<img|<object|<embed/i);
    for (const u of html.match(/url\(([^)]*)\)/g) ?? []) expect(u).toMatch(/^url\(#ss-/); // SVG patterns only
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'`);
  });

  it('escapes a hostile file name, title and warning', () => {
    const evil = makeReport({
      durationSec: 20,
      agent: [[1, 4]],
      customer: [[5, 9]],
      events: [],
      files: [`/calls/${HOSTILE}`],
      warnings: [`${HOSTILE} is 2.0 s shorter than "b" & 'c': padded with silence`],
    });
    for (const out of [
      renderHtmlReport(evil),
      renderHtmlReport(evil, { title: `</title><script>x</script>` }),
    ]) {
      expect(out).not.toContain('<img');
      expect(out).not.toMatch(/<script/i);
      expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;.wav');
      expect(out).toContain('shorter than &quot;b&quot; &amp; &#39;c&#39;');
    }
    expect(renderHtmlReport(evil, { title: 'Coach <Ann>' })).toContain('<title>Coach &lt;Ann&gt;</title>');
  });

  it('lists every event of the shown groups in the events table, in order', () => {
    const shown = filterEvents(buildEventList(report), DEFAULT_EVENT_GROUPS).map((e) => e.id);
    expect(eventRowIds(html)).toEqual(shown);
    expect(html).toContain('1 other reply');
    const everything = renderHtmlReport(report, { includeReplies: true });
    expect(eventRowIds(everything)).toEqual(buildEventList(report).map((e) => e.id));
    expect(everything).not.toContain('other repl');
    for (const title of [
      'Interruption at a peak',
      'Backchannel (not counted)',
      'Replied too soon after a peak',
    ]) {
      expect(html).toContain(title);
    }
  });

  it('shows the scorecard, the peaks, the thresholds, the source and the version', () => {
    expect(html).toContain('Complied with 1 of 3 customer peaks (33%)');
    expect(html.match(/<tr class="sev-(ok|bad)" data-id="e(1|4|7)"><td>P\d<\/td>/g)).toHaveLength(3);
    expect(html).toContain('Pause wanted before replying to a peak');
    expect(html).toContain('0.0.0-test');
    expect(html).toContain('call.wav');
    expect(html).toContain('softspoken.report/1');
    expect(html).toContain('waited 1.4 s');
    expect(html).toContain('<h2>Warnings</h2><p>None.</p>');
    // Each mark is drawn in its palette colour.
    for (const role of ['interruptionAtPeak', 'interruption', 'backchannel', 'gapOk', 'gapBad'] as const) {
      expect(html).toContain(PALETTE[role].color);
    }
  });

  it('shows a peak nobody replied to as its own state: a neutral row, counted apart in the scorecard', () => {
    const page = renderHtmlReport(unansweredCall());
    const row = (id: string): string =>
      page.match(new RegExp(`<tr class="[^"]*" data-id="${id}"><td>P\\d</td>.*?</tr>`))?.[0] ?? '';
    expect(row('e2')).toContain('<tr class="sev-neutral" data-id="e2"><td>P2</td>');
    expect(row('e2')).toContain('<td>no reply</td><td>–</td>'); // no wait, no reply to be raised
    expect(row('e2')).toContain(
      '<td class="result"><span class="badge sev-neutral"><span aria-hidden="true">–</span> No reply (customer went on)</span></td>',
    );
    expect(row('e6')).toContain('<tr class="sev-neutral" data-id="e6"><td>P4</td>');
    expect(row('e6')).toContain('No reply (call ended)</span></td>');
    expect(row('e6')).not.toMatch(/Not complied|sev-bad/);
    expect(row('e0')).toContain('<tr class="sev-ok" data-id="e0">');
    expect(row('e4')).toContain('<tr class="sev-bad" data-id="e4">');
    expect(row('e4')).toContain('Not complied');
    // the scorecard: the share is of the judged peaks; the unanswered ones are listed apart, by why
    expect(page).toContain('<div class="figure">1<small> / 2 judged peaks</small></div>');
    expect(page).toContain('Complied with 1 of 2 judged peaks (50%); 2 peaks got no reply');
    expect(page).toContain(
      '<ul class="unanswered" aria-label="Not judged"><li><b>1</b> no reply: the customer went on</li><li><b>1</b> no reply: the call ended</li></ul>',
    );
    expect(page).toContain('<li><b>1</b> replied before the pause</li>');
    // the events table: the peak's entry is neutral too
    expect(page).toMatch(
      /<tr class="sev-neutral" data-id="e2"><td class="time">[^<]*<\/td><td>.*?Customer peak: no reply/,
    );
    expect(html).not.toContain('class="unanswered"'); // nothing to list when every peak was judged
  });

  it('renders a call without peaks or events', () => {
    const calm = renderHtmlReport(calmCall());
    expect(calm).toContain('No customer peaks in this call');
    const silent = renderHtmlReport(makeReport({ durationSec: 4, agent: [], customer: [], events: [] }));
    expect(silent).toContain('<p>No events.</p>');
    expect(silent).toContain('<svg');
  });

  it('keeps the SVG of a 60-minute call small: about MAX_LINE_POINTS points per party', () => {
    const hops = Math.round(3600 / 0.096);
    const wave = (i: number): number => Math.round(10 * Math.sin(i / 7) * 10) / 10;
    const events = [
      peak(600, 612, 10),
      { type: 'interruption' as const, start: 605, end: 606, atPeak: true },
    ];
    const long = makeReport({
      durationSec: 3600,
      agent: Array.from({ length: 600 }, (_, k): [number, number] => [6 * k, 6 * k + 2]),
      customer: Array.from({ length: 600 }, (_, k): [number, number] => [6 * k + 3, 6 * k + 5]),
      events,
      agentRelDb: Array.from({ length: hops }, (_, i) => wave(i)),
      customerRelDb: Array.from({ length: hops }, (_, i) => (i < 50 ? null : wave(i + 3))),
    });
    const out = renderHtmlReport(long);
    const svgs = out.match(/<svg class="timeline"[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs).toHaveLength(timelineRows(3600).rows.length);
    expect(timelineRows(3600)).toMatchObject({ rowSec: 600 });
    for (const role of ['agent', 'customer'] as const) {
      const lines =
        out.match(new RegExp(`<path d="([^"]*)" fill="none" stroke="${PALETTE[role].color}"`, 'g')) ?? [];
      const points = lines.join('').match(/[ML]/g)?.length ?? 0;
      expect(points).toBeGreaterThan(MAX_LINE_POINTS / 2);
      expect(points).toBeLessThanOrEqual(MAX_LINE_POINTS + 12 * svgs.length);
    }
    expect(out.length).toBeLessThan(400_000);
  });

  it('cuts long calls into rows of equal scale', () => {
    expect(timelineRows(118)).toEqual({ rowSec: 118, rows: [[0, 118]] });
    expect(timelineRows(300)).toEqual({
      rowSec: 120,
      rows: [
        [0, 120],
        [120, 240],
        [240, 300],
      ],
    });
    const twoHours = timelineRows(7200);
    expect(twoHours.rows).toHaveLength(6);
    expect(twoHours.rows.at(-1)?.[1]).toBe(7200);
  });
});
