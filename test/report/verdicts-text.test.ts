import { describe, expect, it } from 'vitest';
import { summaryText } from '../../src/report/text.js';
import { makeReport, peak, threePeakCall, unansweredCall } from './make-report.js';

describe('verdict reasons and the text summary write times as the app does', () => {
  // a peak 10-20 s answered after 0.96 s: too soon against a 1 s pause, and it must read so
  const report = makeReport({
    durationSec: 59.96,
    agent: [[20.96, 24]],
    customer: [[5, 20]],
    events: [peak(10, 20, 9), { type: 'response', start: 20, end: 20.96, gapSec: 0.96, afterPeak: true }],
  });

  it('says a 0.96 s wait is 0.96 s, not 1.0 s, when the pause wanted is 1 s', () => {
    const verdict = report.events[0]?.type === 'customerPeak' ? report.events[0].verdict : null;
    expect(verdict?.waitedLongEnough).toBe(false);
    expect(verdict?.reasons).toEqual(['replied after 0.96 s, under the 1 s pause']);
  });

  it('writes 59.96 s as 1:00.0, never 0:60.0', () => {
    const text = summaryText(report);
    expect(text).toContain('1:00.0');
    expect(text).not.toContain('0:60.0');
  });
});

describe('the text summary of peaks nobody replied to', () => {
  it('writes them as their own state and counts them apart from the compliance', () => {
    const lines = summaryText(unansweredCall()).split('\n');
    expect(lines).toContain('customer peaks: 4');
    expect(lines.filter((l) => /^ +\d+\. /.test(l))).toEqual([
      '   1. 0:02.0-0:08.0  +10.0 dB  complied: waited 1.5 s, soft reply',
      '   2. 0:13.0-0:18.0  +9.0 dB  no reply, not judged: the customer went on before the agent answered',
      '   3. 0:27.0-0:33.0  +11.0 dB  NOT complied: replied after 0.4 s, under the 1 s pause',
      '   4. 0:37.0-0:40.0  +8.0 dB  no reply, not judged: the call ended',
    ]);
    expect(lines.at(-1)).toBe('compliance: 1 of 2 judged peaks (50%); 2 peaks got no reply (not judged)');
  });

  it('says so when no peak was judged, and keeps the old line when every peak was', () => {
    const none = makeReport({
      durationSec: 12,
      agent: [[1, 3]],
      customer: [[5, 11]],
      events: [peak(5, 11, 9)],
    });
    expect(summaryText(none).split('\n').at(-1)).toBe(
      'compliance: no peak judged; 1 peak got no reply (not judged)',
    );
    expect(summaryText(threePeakCall()).split('\n').at(-1)).toBe('compliance: 1 of 3 peaks (33%)');
  });
});
