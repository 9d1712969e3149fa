/**
 * One rule for a peak's verdict: the engine's (`peakComplied`), applied again after a coach's correction
 * only to the facts the correction touches. An unrelated correction leaves every verdict as the engine made
 * it; a correction of the talk-over, the reply or the reply's raised voice changes just that fact.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeWav } from '../../dsp/wav.js';
import { peakComplied } from '../../src/engine/peak-verdicts.js';
import { addMissed, applyCoachEdits, emptyEdits, markWrong, refOf } from '../../src/report/coach.js';
import { repliesTo, startsWithinPeak } from '../../src/report/rejudge.js';
import type { Report, ReportEvent } from '../../src/report/schema.js';
import { analyzeScene } from '../helpers/run-scene.js';
import { makeReport, peak } from './make-report.js';

const AT = '2026-12-07T18:00:00.000Z';
type Peak = Extract<ReportEvent, { type: 'customerPeak' }>;
const peaksOf = (r: Report): Peak[] => r.events.filter((e): e is Peak => e.type === 'customerPeak');
const verdicts = (r: Report): unknown[] =>
  peaksOf(r).map((p) => ({ start: p.start, end: p.end, ...p.verdict, reasons: undefined }));

/** Whether an event is one a peak's verdict rests on (a talk-over in it, its reply, a raised voice over the reply's turn). */
function concernsAPeak(e: ReportEvent, r: Report): boolean {
  return peaksOf(r).some((p) => {
    if (e.type === 'interruption') return startsWithinPeak(e.start, p);
    if (e.type === 'response') return repliesTo(e.start, p.end);
    if (e.type === 'raisedVoice') return p.verdict.reply !== null && e.end > p.verdict.reply.end - 0.05;
    return e.type === 'customerPeak';
  });
}

describe('the rule of a peak’s verdict', () => {
  it('complies only without a talk-over and with a reply that waited and was not raised', () => {
    const f = { interrupted: false, replied: true, waited: true, raisedReply: false };
    expect(peakComplied(f)).toBe(true);
    expect(peakComplied({ ...f, interrupted: true })).toBe(false);
    expect(peakComplied({ ...f, waited: false })).toBe(false);
    expect(peakComplied({ ...f, raisedReply: true })).toBe(false);
    expect(peakComplied({ ...f, replied: false, waited: false })).toBeNull();
    expect(peakComplied({ ...f, replied: false, waited: false, interrupted: true })).toBe(false);
  });
});

describe('a correction recomputes only the facts it touches', () => {
  /** A peak 2-8 answered after 1.5 s by a short reply the engine judged raised (too short to be a raised span). */
  function call(): Report {
    const r = makeReport({
      durationSec: 30,
      agent: [
        [4, 4.4],
        [9.5, 10.3],
        [20, 22],
      ],
      customer: [
        [2, 8],
        [15, 19],
      ],
      events: [
        peak(2, 8, 10),
        { type: 'backchannel', start: 4, end: 4.4 },
        { type: 'response', start: 8, end: 9.5, gapSec: 1.5, afterPeak: true },
        { type: 'response', start: 19, end: 20, gapSec: 1, afterPeak: false },
      ],
    });
    // what the engine decided: the reply's utterance was raised (no raised-voice span: shorter than 1 s)
    const p = peaksOf(r)[0] as Peak;
    p.verdict = { ...p.verdict, complied: false, raisedReply: true, reasons: ['raised'] };
    return r;
  }

  it('an unrelated correction (a backchannel marked wrong, a response elsewhere added) changes no verdict', () => {
    const r = call();
    let edits = markWrong(emptyEdits(), refOf(r.events[1] as ReportEvent), 'other', AT);
    edits = addMissed(edits, 'backchannel', 16, 16.4, AT);
    const corrected = applyCoachEdits(r, edits);
    expect(corrected.coach?.corrected).toBe(true);
    expect(verdicts(corrected)).toEqual(verdicts(r));
    expect(peaksOf(corrected)[0]?.verdict.raisedReply).toBe(true);
  });

  it('the reply marked wrong leaves the peak unanswered; a talk-over added inside it judges it talked over', () => {
    const r = call();
    const reply = r.events.find((e) => e.type === 'response' && e.start === 8) as ReportEvent;
    const noReply = applyCoachEdits(r, markWrong(emptyEdits(), refOf(reply), 'otherKind', AT));
    const v = peaksOf(noReply)[0]?.verdict;
    expect(v?.reply).toBeNull();
    expect(v?.complied).toBeNull();
    expect(v?.unanswered).toBe('customerWentOn');
    const talkedOver = applyCoachEdits(r, addMissed(emptyEdits(), 'interruption', 5, 5.6, AT));
    expect(peaksOf(talkedOver)[0]?.verdict).toMatchObject({
      interrupted: true,
      complied: false,
      raisedReply: true,
    });
  });
});

describe('the engine’s verdicts on a real call survive unrelated corrections', () => {
  let report: Report;
  beforeAll(async () => {
    const wav = fileURLToPath(new URL('../../assets/demo/demo-call.wav', import.meta.url));
    const { format, channels } = decodeWav(readFileSync(wav));
    ({ report } = await analyzeScene({
      sampleRateHz: format.sampleRateHz,
      agent: channels[0] as Float32Array,
      customer: channels[1] as Float32Array,
      speech: { agent: [], customer: [] },
    }));
  }, 60_000);

  it('every event no peak rests on, marked wrong one at a time, leaves every verdict unchanged', () => {
    const unrelated = report.events.filter((e) => !concernsAPeak(e, report));
    expect(peaksOf(report).length).toBeGreaterThan(0);
    expect(unrelated.length).toBeGreaterThan(0);
    for (const e of unrelated) {
      const corrected = applyCoachEdits(report, markWrong(emptyEdits(), refOf(e), 'other', AT));
      expect(verdicts(corrected), `${e.type} ${e.start}-${e.end} marked wrong`).toEqual(verdicts(report));
    }
  });

  it('a correction that touches a fact changes that verdict', () => {
    const talkedOver = peaksOf(report).find((p) => p.verdict.interrupted);
    expect(talkedOver, 'the demo call has a talked-over peak').toBeDefined();
    const talkOver = report.events.find(
      (e) => e.type === 'interruption' && startsWithinPeak(e.start, talkedOver as Peak),
    ) as ReportEvent;
    const corrected = applyCoachEdits(report, markWrong(emptyEdits(), refOf(talkOver), 'otherKind', AT));
    const after = peaksOf(corrected).find((p) => p.start === talkedOver?.start);
    expect(after?.verdict.interrupted).toBe(false);
  });
});
