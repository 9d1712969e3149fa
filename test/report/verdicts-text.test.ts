import { describe, expect, it } from 'vitest';
import { summaryText } from '../../src/report/text.js';
import { makeReport, peak } from './make-report.js';

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
