import { describe, expect, it } from 'vitest';
import {
  levelAboveWords,
  loudnessWords,
  medianWaitTone,
  peakLevelNote,
  reviewHeadline,
} from '../../src/report/review-words.js';
import { buildScorecard } from '../../src/report/scorecard.js';
import { calmCall, makeReport, peak, threePeakCall, unansweredCall } from './make-report.js';

describe('reviewHeadline', () => {
  it('names the failed peaks and what went wrong at each (the three-peak call)', () => {
    // P1 was talked over and replied to after 0.3 s; P2 complied; P3 got a raised reply
    const h = reviewHeadline(buildScorecard(threePeakCall()));
    expect(h.text).toBe('2 of 3 peaks not complied: P1 talked over + replied too soon · P3 raised reply');
    expect(h.failed.map((f) => f.id)).toEqual(['e1', 'e7']);
    expect(h.notJudged).toEqual([]);
    expect(h.severity).toBe('bad');
  });

  it('keeps unanswered peaks out of the failed ones, lists them apart, and counts every peak as numbered', () => {
    // P1 complied (1.5 s), P2 no reply (the customer went on), P3 replied after 0.4 s, P4 the call ended:
    // the timeline shows P1 to P4, so the headline counts four peaks, not the two judged
    const h = reviewHeadline(buildScorecard(unansweredCall()));
    expect(h.text).toBe('1 of 4 peaks not complied (2 got no reply): P3 replied too soon');
    expect(h.notJudged.map((n) => `${n.name} ${n.what}`)).toEqual([
      'P2 no reply (customer went on)',
      'P4 no reply (call ended)',
    ]);
  });

  it('counts the unanswered peaks among the peaks when every judged one was complied with', () => {
    // P1 complied (1.5 s), P2 no reply (the customer went on)
    const report = makeReport({
      durationSec: 30,
      agent: [[9.5, 12]],
      customer: [
        [2, 8],
        [13, 18],
        [18.6, 28],
      ],
      events: [
        peak(2, 8, 10),
        { type: 'response', start: 8, end: 9.5, gapSec: 1.5, afterPeak: true },
        peak(13, 18, 9),
      ],
    });
    expect(reviewHeadline(buildScorecard(report))).toMatchObject({
      text: '1 of 2 peaks complied (1 got no reply): waited for the pause, stayed soft',
      severity: 'ok',
    });
  });

  it('says so when every peak was complied with, or there was none', () => {
    const one = makeReport({
      durationSec: 20,
      agent: [[9.5, 12]],
      customer: [[2, 8]],
      events: [peak(2, 8, 10), { type: 'response', start: 8, end: 9.5, gapSec: 1.5, afterPeak: true }],
    });
    expect(reviewHeadline(buildScorecard(one))).toMatchObject({
      text: 'The peak was complied with: waited for the pause, stayed soft',
      severity: 'ok',
    });
    expect(reviewHeadline(buildScorecard(calmCall()))).toMatchObject({
      text: 'No customer peaks: nothing to judge',
      severity: 'info',
    });
  });
});

describe('the words for a level in dB', () => {
  it('grades a rise: a little, clearly, about twice as loud from 10 dB', () => {
    expect(loudnessWords(1)).toBe('about their usual level');
    expect(loudnessWords(4.9)).toBe('a little louder');
    expect(loudnessWords(6)).toBe('clearly louder');
    expect(loudnessWords(10)).toMatch(/twice as loud/);
    expect(levelAboveWords(8.46, 'customer')).toBe('+8.5 dB above their calm level — clearly louder');
    expect(levelAboveWords(7, 'agent')).toBe('+7.0 dB above their normal level — clearly louder');
  });

  it('explains a peak shown under the threshold, as the list rounds it, and only then', () => {
    expect(peakLevelNote(5.3, 6)).toMatch(/average .* at least one reached \+6 dB/);
    expect(peakLevelNote(5.96, 6)).toBeNull(); // shown as +6.0 dB: nothing to explain
    expect(peakLevelNote(5.94, 6)).not.toBeNull(); // shown as +5.9 dB
    expect(peakLevelNote(9.5, 6)).toBeNull();
  });
});

describe('medianWaitTone', () => {
  it('is not praise on a call that failed its peaks, even when the median is long enough', () => {
    const card = buildScorecard(threePeakCall());
    expect(card.medianWaitAfterPeakSec).toBe(1.4); // ≥ the 1 s wanted
    expect(medianWaitTone(card)).toBe('');
  });

  it('is bad when the median is too short, good when long enough and every peak complied', () => {
    const short = buildScorecard(threePeakCall({ minPauseSec: 1.5 }));
    expect(medianWaitTone(short)).toBe('bad');
    const one = makeReport({
      durationSec: 20,
      agent: [[9.5, 12]],
      customer: [[2, 8]],
      events: [peak(2, 8, 10), { type: 'response', start: 8, end: 9.5, gapSec: 1.5, afterPeak: true }],
    });
    expect(medianWaitTone(buildScorecard(one))).toBe('good');
    expect(medianWaitTone(buildScorecard(calmCall()))).toBe('');
  });
});
