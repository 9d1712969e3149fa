/**
 * A coach's corrections change the report as the engine's rules would: a talk-over marked wrong clears
 * the peak it spoiled, a missed interruption spoils one, a peak marked wrong leaves the scorecard, and the
 * corrected call is written as a truth file the project's scorer reads.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  applyCoachEdits,
  coachRemovals,
  emptyEdits,
  refOf,
  replaces,
  truthFromReport,
  type CoachEdits,
} from '../../src/report/coach.js';
import type { Correction, Report, ReportEvent } from '../../src/report/schema.js';
import { makeReport, peak, unansweredCall } from './make-report.js';

const AT = '2026-11-27T17:00:00.000Z';
/** The project's scorer (../shared/eval, beside the project when it is checked out with it). */
const SCORER = join(process.cwd(), '..', 'shared', 'eval', 'score.mjs');

/** A 30 s call: peak 2-8 talked over at 5-6 (not complied), replied after 1.5 s; peak 14-18 replied after 1.2 s. */
function talkedOverCall(): Report {
  return makeReport({
    durationSec: 30,
    agent: [
      [5, 6],
      [9.5, 12],
      [19.2, 22],
    ],
    customer: [
      [2, 8],
      [14, 18],
    ],
    events: [
      peak(2, 8, 10),
      { type: 'interruption', start: 5, end: 6, atPeak: true },
      { type: 'response', start: 8, end: 9.5, gapSec: 1.5, afterPeak: true },
      peak(14, 18, 9),
      { type: 'response', start: 18, end: 19.2, gapSec: 1.2, afterPeak: true },
    ],
  });
}

const edits = (...corrections: Correction[]): CoachEdits => ({ ...emptyEdits(), corrections });
const find = (report: Report, type: ReportEvent['type']): ReportEvent[] =>
  report.events.filter((e) => e.type === type);

/** The coach's correction of talkedOverCall: its talk-over at 5-6 s was a backchannel. */
function backchannelNotTalkOver(report: Report): Report {
  const [talkOver] = find(report, 'interruption');
  return applyCoachEdits(
    report,
    edits(
      { kind: 'wrong', event: refOf(talkOver as ReportEvent), reason: 'otherKind', at: AT },
      { kind: 'missed', type: 'backchannel', start: 5, end: 6, at: AT },
    ),
  );
}

describe('applyCoachEdits', () => {
  it('a talk-over marked wrong (it was a backchannel) clears the peak it spoiled: compliance 50 % -> 100 %', () => {
    const report = talkedOverCall();
    expect(report.summary).toMatchObject({ customerPeaks: 2, compliedPeaks: 1, compliance: 0.5 });
    const corrected = backchannelNotTalkOver(report);
    expect(corrected.summary).toMatchObject({
      compliedPeaks: 2,
      compliance: 1,
      interruptions: 0,
      interruptionsAtPeak: 0,
      backchannels: 1,
    });
    const [first] = find(corrected, 'customerPeak');
    expect(first).toMatchObject({ verdict: { complied: true, interrupted: false, waitSec: 1.5 } });
    expect(corrected.coach).toMatchObject({ corrected: true, corrections: expect.any(Array) });
    // the analysis's own report is not changed
    expect(report.summary.compliance).toBe(0.5);
    expect(find(report, 'interruption')).toHaveLength(1);
  });

  it('a missed talk-over added inside a complied peak spoils it, and counts at the peak', () => {
    const corrected = applyCoachEdits(
      talkedOverCall(),
      edits({ kind: 'missed', type: 'interruption', start: 16, end: 16.8, at: AT }),
    );
    expect(corrected.summary).toMatchObject({ compliedPeaks: 0, compliance: 0, interruptionsAtPeak: 2 });
    const second = find(corrected, 'customerPeak')[1];
    expect(second).toMatchObject({
      verdict: {
        complied: false,
        interrupted: true,
        reasons: ['the agent talked over the customer during the peak'],
      },
    });
  });

  it('a peak marked wrong leaves the scorecard; its reply is no longer after a peak', () => {
    const report = unansweredCall(); // 4 peaks: 1 complied, 1 too soon, 2 unanswered
    const tooSoon = find(report, 'customerPeak')[2] as ReportEvent;
    expect(report.summary).toMatchObject({ customerPeaks: 4, compliedPeaks: 1, compliance: 0.5 });
    const corrected = applyCoachEdits(
      report,
      edits({ kind: 'wrong', event: refOf(tooSoon), reason: 'notLoud', at: AT }),
    );
    expect(corrected.summary).toMatchObject({ customerPeaks: 3, compliedPeaks: 1, compliance: 1 });
    const reply = corrected.events.find((e) => e.type === 'response' && e.start === 33);
    expect(reply).toMatchObject({ afterPeak: false });
  });

  it('a missed peak added where the customer vented is judged on the reply after it', () => {
    const report = makeReport({
      durationSec: 20,
      agent: [[9.4, 12]],
      customer: [[2, 9]],
      events: [{ type: 'response', start: 9, end: 9.4, gapSec: 0.4, afterPeak: false }],
    });
    expect(report.summary.customerPeaks).toBe(0);
    const corrected = applyCoachEdits(
      report,
      edits({ kind: 'missed', type: 'customerPeak', start: 4, end: 9, at: AT }),
    );
    const [added] = find(corrected, 'customerPeak');
    expect(added).toMatchObject({ start: 4, end: 9, verdict: { complied: false, waitSec: 0.4 } });
    expect(corrected.summary).toMatchObject({ customerPeaks: 1, compliance: 0 });
  });

  it('an added detection replaces what the analysis labelled over the same span: one label per moment', () => {
    // the analysis heard a backchannel at 5-6 s; the coach adds an interruption there without marking it
    const report = makeReport({
      durationSec: 30,
      agent: [
        [5, 6],
        [9.5, 12],
      ],
      customer: [[2, 8]],
      events: [
        peak(2, 8, 10),
        { type: 'backchannel', start: 5, end: 6 },
        { type: 'response', start: 8, end: 9.5, gapSec: 1.5, afterPeak: true },
      ],
    });
    const interruption = { kind: 'missed', type: 'interruption', start: 5.1, end: 5.9, at: AT } as const;
    const corrected = applyCoachEdits(report, edits(interruption));
    expect(corrected.events.map((e) => `${e.type} ${e.start}`)).toEqual([
      'customerPeak 2',
      'interruption 5.1',
      'response 8',
    ]);
    expect(corrected.summary).toMatchObject({ backchannels: 0, interruptionsAtPeak: 1, compliance: 0 });
    expect(coachRemovals(report, edits(interruption))).toEqual([
      {
        event: report.events[1],
        why: { kind: 'replaced', by: { type: 'interruption', start: 5.1, end: 5.9 } },
      },
    ]);
    // a peak and a raised voice are other things: an added raised voice replaces neither the peak nor a reply
    expect(replaces({ type: 'raisedVoice', start: 8, end: 9 }, refOf(report.events[0] as ReportEvent))).toBe(
      false,
    );
    expect(replaces({ type: 'customerPeak', start: 3, end: 7 }, refOf(report.events[0] as ReportEvent))).toBe(
      true,
    );
  });

  it('notes and the agent are carried without changing the analysis when nothing is corrected', () => {
    const report = talkedOverCall();
    const withNotes = applyCoachEdits(report, {
      ...emptyEdits(),
      agent: 'Anna',
      notes: [
        { atSec: 20, event: null, text: 'good recovery', at: AT },
        {
          atSec: 5,
          event: refOf(find(report, 'interruption')[0] as ReportEvent),
          text: 'listen here',
          at: AT,
        },
      ],
    });
    expect(withNotes.events).toBe(report.events);
    expect(withNotes.summary).toBe(report.summary);
    expect(withNotes.coach).toMatchObject({ corrected: false, agent: 'Anna' });
    expect(withNotes.coach?.notes.map((n) => n.atSec)).toEqual([5, 20]);
  });
});

describe('truthFromReport', () => {
  it('writes the corrected call as a truth file: the contract’s fields, labelled by the coach', () => {
    const report = talkedOverCall();
    const corrected = backchannelNotTalkOver(report);
    const truth = truthFromReport(corrected, 'call.wav');
    expect(truth).toMatchObject({ schema: 'softspoken.truth/1', file: 'call.wav', labelledBy: 'coach' });
    expect(truth.events.map((e) => e.type)).toEqual([
      'customerPeak',
      'backchannel',
      'response',
      'customerPeak',
      'response',
    ]);
    expect(Object.keys(truth.events[0] ?? {})).toEqual(['type', 'start', 'end']);
  });

  it('never labels one event twice: a backchannel the coach replaced by an interruption is not kept', () => {
    const report = talkedOverCall();
    // the talk-over at 5-6 s: the coach adds a backchannel over it, without marking the talk-over wrong
    const corrected = applyCoachEdits(
      report,
      edits({ kind: 'missed', type: 'backchannel', start: 5, end: 6, at: AT }),
    );
    const truth = truthFromReport(corrected, 'call.wav');
    const around5 = truth.events.filter((e) => e.start < 6 && e.end > 5 && e.type !== 'customerPeak');
    expect(around5).toEqual([{ type: 'backchannel', start: 5, end: 6 }]);
  });

  it.skipIf(!existsSync(SCORER))('the project scorer scores the analysis against the coach’s truth', () => {
    const report = talkedOverCall();
    const corrected = backchannelNotTalkOver(report);
    const dir = mkdtempSync(join(tmpdir(), 'softspoken-coach-truth-'));
    try {
      writeFileSync(join(dir, 'call.truth.json'), JSON.stringify(truthFromReport(corrected, 'call.wav')));
      writeFileSync(join(dir, 'call.json'), JSON.stringify(report));
      const out = execFileSync(process.execPath, [SCORER, dir, dir], { encoding: 'utf8' });
      // the analysis called the backchannel an interruption: the coach's truth says so
      expect(out).toMatch(/interruption\s+precision 0\.000/);
      expect(out).toMatch(/backchannel\s+precision [\d.]+\s+recall 0\.000/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
