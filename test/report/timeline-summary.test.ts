import { describe, expect, it } from 'vitest';
import { buildScorecard } from '../../src/report/scorecard.js';
import { timelineSummary } from '../../src/report/review-words.js';
import { calmCall, threePeakCall } from './make-report.js';

describe('timelineSummary (the chart’s text alternative)', () => {
  it('names every peak with its time, what went wrong, and counts the marks', () => {
    // peaks at 0:09, 0:19 and 0:32; P1 talked over and replied to too soon, P3 a raised reply; two
    // interruptions (one at a peak), one backchannel, 2.3 s of raised voice
    expect(timelineSummary(buildScorecard(threePeakCall()))).toBe(
      'The customer peaked 3 times: P1 at 0:09, P2 at 0:19, P3 at 0:32. ' +
        '2 of 3 peaks not complied: P1 talked over + replied too soon · P3 raised reply. ' +
        '2 interruptions (1 at a peak), 1 backchannel, raised voice 2.3 s.',
    );
  });

  it('says when nothing happened', () => {
    expect(timelineSummary(buildScorecard(calmCall()))).toBe(
      'The customer never peaked. No customer peaks: nothing to judge. ' +
        '0 interruptions (0 at a peak), 0 backchannels, no raised voice.',
    );
  });
});
