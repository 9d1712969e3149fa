import { describe, expect, it } from 'vitest';
import { SETTING_NAMES, SETTING_TABLE } from '../../src/engine/settings.js';
import { buildScorecard } from '../../src/report/scorecard.js';
import { calmCall, makeReport, peak, threePeakCall, unansweredCall } from './make-report.js';

describe('buildScorecard', () => {
  it('scores the three-peak call: 1 of 3 complied, one reason each for the others', () => {
    const card = buildScorecard(threePeakCall());
    expect(card.compliance).toEqual({
      complied: 1,
      judged: 3,
      peaks: 3,
      unanswered: 0,
      unansweredBy: { customerWentOn: 0, callEnded: 0 },
      share: 0.333,
      headline: 'Complied with 1 of 3 customer peaks (33%)',
      severity: 'bad',
      // Peak 1 was talked over and replied to too soon; peak 3 got a raised reply.
      missed: { interrupted: 1, tooSoon: 1, raisedReply: 1 },
    });
    expect(card.durationSec).toBe(52);
  });

  it('has one row per peak with the verdict', () => {
    const rows = buildScorecard(threePeakCall()).peaks;
    expect(rows.map((r) => [r.id, r.number, r.time, r.levelAboveCalmDb])).toEqual([
      ['e1', 1, '0:09.0–0:15.0', 9.5],
      ['e4', 2, '0:19.0–0:27.0', 12],
      ['e7', 3, '0:32.0–0:40.0', 8],
    ]);
    expect(
      rows.map((r) => [r.interrupted, r.waitSec, r.waitedLongEnough, r.raisedReply, r.complied]),
    ).toEqual([
      [true, 0.3, false, false, false],
      [false, 1.4, true, false, true],
      [false, 1.7, true, true, false],
    ]);
    expect(rows.map((r) => [r.result.state, r.result.severity, r.result.text, r.unanswered])).toEqual([
      ['notComplied', 'bad', '✗ not complied', null],
      ['complied', 'ok', '✓ complied', null],
      ['notComplied', 'bad', '✗ not complied', null],
    ]);
    expect(rows[0]?.reasons).toHaveLength(2);
    expect(rows[1]?.reasons).toEqual([]);
    expect(rows[2]?.reasons).toEqual(['the reply was louder than the agent’s normal voice']);
  });

  it('counts interruptions, raised voice and the median wait', () => {
    const card = buildScorecard(threePeakCall());
    expect(card.interruptions).toEqual({ total: 2, atPeak: 1 });
    expect(card.backchannels).toBe(1);
    expect(card.raisedVoice).toEqual({ spans: 1, seconds: 2.3 });
    expect(card.medianWaitAfterPeakSec).toBe(1.4); // of 0.3, 1.4 and 1.7
    expect(card.minPauseSec).toBe(1);
  });

  it('gives the talk ratio: agent 13.9 s, customer 31 s, 3.4 s of both, of 52 s', () => {
    const t = buildScorecard(threePeakCall()).talk;
    expect(t.agentShareOfTalk).toBeCloseTo(13.9 / 44.9, 3);
    expect(t.agent).toBeCloseTo(13.9 / 52, 3);
    expect(t.customer).toBeCloseTo(31 / 52, 3);
    expect(t.overlap).toBeCloseTo(3.4 / 52, 3);
    expect(t.silence).toBeCloseTo(1 - 41.5 / 52, 3);
  });

  it('has no compliance and no median wait without peaks', () => {
    const card = buildScorecard(calmCall());
    expect(card.compliance).toMatchObject({ complied: 0, peaks: 0, share: null, severity: 'info' });
    expect(card.compliance.headline).toMatch(/^No customer peaks/);
    expect(card.peaks).toEqual([]);
    expect(card.medianWaitAfterPeakSec).toBeNull();
    expect(card.talk.agentShareOfTalk).toBe(0.429); // 6 s of 14 s of talk
  });

  it('has no talk share when nobody spoke', () => {
    const card = buildScorecard(makeReport({ durationSec: 10, agent: [], customer: [], events: [] }));
    expect(card.talk.agentShareOfTalk).toBeNull();
    expect(card.talk.silence).toBe(1);
  });

  it('says "all" and "none" in plain words', () => {
    const all = threePeakCall();
    all.events = all.events.filter((e) => e.type === 'customerPeak' && e.verdict.complied);
    all.summary = { ...all.summary, customerPeaks: 1, compliedPeaks: 1, compliance: 1 };
    expect(buildScorecard(all).compliance).toMatchObject({
      headline: 'Complied with the one customer peak',
      severity: 'ok',
    });
    const none = threePeakCall();
    none.summary = { ...none.summary, compliedPeaks: 0, compliance: 0 };
    expect(buildScorecard(none).compliance.headline).toBe('Complied with none of the 3 customer peaks');
  });

  it('counts the peaks nobody replied to apart: not judged, neither complied nor not', () => {
    const card = buildScorecard(unansweredCall());
    expect(card.compliance).toEqual({
      complied: 1,
      judged: 2,
      peaks: 4,
      unanswered: 2,
      unansweredBy: { customerWentOn: 1, callEnded: 1 },
      share: 0.5, // of the judged peaks, not 1 of 4
      headline: 'Complied with 1 of 2 judged peaks (50%); 2 peaks got no reply',
      severity: 'bad',
      missed: { interrupted: 0, tooSoon: 1, raisedReply: 0 },
    });
    expect(
      card.peaks.map((r) => [r.id, r.complied, r.unanswered, r.waitSec, r.result.severity, r.result.text]),
    ).toEqual([
      ['e0', true, null, 1.5, 'ok', '✓ complied'],
      ['e2', null, 'customerWentOn', null, 'neutral', '– no reply (customer went on)'],
      ['e4', false, null, 0.4, 'bad', '✗ not complied'],
      ['e6', null, 'callEnded', null, 'neutral', '– no reply (call ended)'],
    ]);
    expect(card.peaks[1]?.reasons).toEqual(['no reply: the customer went on before the agent answered']);
    expect(card.peaks[3]?.reasons).toEqual(['no reply: the call ended']);
    expect(card.medianWaitAfterPeakSec).toBe(0.95); // of the two replies only
  });

  it('words the headline with unanswered peaks: of the judged ones, and how many got no reply', () => {
    const headline = (complied: number, peaks: number, unanswered: number): string => {
      const r = unansweredCall();
      const judged = peaks - unanswered;
      const compliance = judged ? Math.round((complied / judged) * 1000) / 1000 : null;
      r.summary = {
        ...r.summary,
        compliedPeaks: complied,
        customerPeaks: peaks,
        unansweredPeaks: unanswered,
        compliance,
      };
      return buildScorecard(r).compliance.headline;
    };
    expect(headline(2, 4, 1)).toBe('Complied with 2 of 3 judged peaks (67%); 1 peak got no reply');
    expect(headline(3, 4, 1)).toBe('Complied with all 3 judged peaks; 1 peak got no reply');
    expect(headline(1, 3, 2)).toBe('Complied with the one judged peak; 2 peaks got no reply');
    expect(headline(0, 3, 2)).toBe('Did not comply with the one judged peak; 2 peaks got no reply');
    expect(headline(0, 4, 1)).toBe('Complied with none of the 3 judged peaks; 1 peak got no reply');
    expect(headline(0, 2, 2)).toBe('None of the 2 customer peaks got a reply: nothing to judge');
  });

  it('judges nothing when the only peak got no reply: no share, an info headline, not a failure', () => {
    const card = buildScorecard(
      makeReport({ durationSec: 12, agent: [[1, 3]], customer: [[5, 11]], events: [peak(5, 11, 9)] }),
    );
    expect(card.compliance).toMatchObject({
      complied: 0,
      judged: 0,
      peaks: 1,
      unanswered: 1,
      unansweredBy: { customerWentOn: 0, callEnded: 1 },
      share: null,
      headline: 'The one customer peak got no reply: nothing to judge',
      severity: 'info',
      missed: { interrupted: 0, tooSoon: 0, raisedReply: 0 },
    });
    expect(card.peaks[0]?.result).toMatchObject({ state: 'noReply', label: 'no reply (call ended)' });
  });

  it('judges a peak the agent talked over even when they never replied: not complied, not unanswered', () => {
    const report = makeReport({
      durationSec: 20,
      agent: [[7, 8]],
      customer: [
        [5, 11],
        [14, 18],
      ],
      events: [peak(5, 11, 9), { type: 'interruption', start: 7, end: 8, atPeak: true }],
    });
    const card = buildScorecard(report);
    expect(card.compliance).toMatchObject({
      complied: 0,
      judged: 1,
      unanswered: 0,
      share: 0,
      severity: 'bad',
    });
    expect(card.peaks[0]).toMatchObject({ complied: false, interrupted: true, unanswered: 'customerWentOn' });
    expect(card.peaks[0]?.result.text).toBe('✗ not complied');
  });

  it('lists the thresholds used, by their setting names, with units and whether they were changed', () => {
    const card = buildScorecard(threePeakCall({ minPauseSec: 0.8, customerCalmDb: -30 }));
    for (const t of card.thresholds) expect(SETTING_NAMES).toContain(t.name);
    const byName = Object.fromEntries(card.thresholds.map((t) => [t.name, t]));
    expect(byName['minPauseSec']).toMatchObject({ value: 0.8, unit: 's', text: '0.8 s', isDefault: false });
    expect(byName['peakDb']).toMatchObject({ value: 6, unit: 'dB', text: '6 dB', isDefault: true });
    expect(byName['minSilenceMs']).toMatchObject({ value: 320, unit: 'ms', text: '320 ms' });
    expect(byName['customerCalmDb']).toMatchObject({ value: -30, text: '-30 dB', isDefault: false });
    expect(byName['agentNormalDb']).toMatchObject({
      value: null,
      text: 'measured on the whole call: -31.8 dB at the end',
    });
    expect(card.thresholds[0]?.name).toBe('minPauseSec');
    expect(card.minPauseSec).toBe(0.8);
  });

  it("takes each threshold's label and unit from the settings table, in the coach's reading order", () => {
    const card = buildScorecard(threePeakCall());
    expect(card.thresholds.map((t) => t.name)).toEqual([
      'minPauseSec',
      'peakDb',
      'minPeakSec',
      'peakBridgeSec',
      'raisedVoiceDb',
      'minRaisedSec',
      'maxBackchannelSec',
      'customerResumeSec',
      'minSilenceMs',
      'customerCalmDb',
      'agentNormalDb',
    ]);
    for (const t of card.thresholds) {
      expect(t.label).toBe(SETTING_TABLE[t.name].coachLabel);
      expect(t.unit).toBe(SETTING_TABLE[t.name].unit);
    }
    // every setting with a coach's label is on the scorecard, and only those
    const labelled = SETTING_NAMES.filter((n) => SETTING_TABLE[n].coachLabel !== undefined);
    expect([...card.thresholds.map((t) => t.name)].sort()).toEqual([...labelled].sort());
    expect(card.thresholds[0]?.label).toBe('Pause wanted before replying to a peak');
  });

  it('says when a level was only learned from the first words, so early judgements are provisional', () => {
    const report = threePeakCall();
    report.baselines.agentNormalFrom = 'firstWords';
    const byName = Object.fromEntries(buildScorecard(report).thresholds.map((t) => [t.name, t]));
    expect(byName['agentNormalDb']?.text).toBe(
      'learned from the first words (early judgements provisional): -31.8 dB at the end',
    );
    expect(byName['customerCalmDb']?.text).toBe('measured on the whole call: -27.1 dB at the end');
  });

  it("says when the agent's level started from their profile", () => {
    const report = threePeakCall();
    report.baselines.agentNormalFrom = 'profile';
    const byName = Object.fromEntries(buildScorecard(report).thresholds.map((t) => [t.name, t]));
    expect(byName['agentNormalDb']?.text).toBe("from the agent's profile: -31.8 dB at the end");
  });
});
