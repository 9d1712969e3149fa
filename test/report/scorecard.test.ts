import { describe, expect, it } from 'vitest';
import { SETTING_NAMES } from '../../src/engine/settings.js';
import { buildScorecard } from '../../src/report/scorecard.js';
import { calmCall, makeReport, threePeakCall } from './make-report.js';

describe('buildScorecard', () => {
  it('scores the three-peak call: 1 of 3 complied, one reason each for the others', () => {
    const card = buildScorecard(threePeakCall());
    expect(card.compliance).toEqual({
      complied: 1,
      peaks: 3,
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

  it('lists the thresholds used, by their setting names, with units and whether they were changed', () => {
    const card = buildScorecard(threePeakCall({ minPauseSec: 0.8, customerCalmDb: -30 }));
    for (const t of card.thresholds) expect(SETTING_NAMES).toContain(t.name);
    const byName = Object.fromEntries(card.thresholds.map((t) => [t.name, t]));
    expect(byName['minPauseSec']).toMatchObject({ value: 0.8, unit: 's', text: '0.8 s', isDefault: false });
    expect(byName['peakDb']).toMatchObject({ value: 6, unit: 'dB', text: '6 dB', isDefault: true });
    expect(byName['minSilenceMs']).toMatchObject({ value: 320, unit: 'ms', text: '320 ms' });
    expect(byName['customerCalmDb']).toMatchObject({ value: -30, text: '-30 dB', isDefault: false });
    expect(byName['agentNormalDb']).toMatchObject({ value: null, text: 'learned: -31.8 dB at the end' });
    expect(card.thresholds[0]?.name).toBe('minPauseSec');
    expect(card.minPauseSec).toBe(0.8);
  });
});
