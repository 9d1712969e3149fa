/**
 * A live session end to end on real audio: the bundled demo call (assets/demo/demo-call.wav, 68 s,
 * scripted in assets/demo/demo-call.truth.json) through LiveSession in 512-sample blocks, with the real
 * Silero model on onnxruntime-node, against the offline analysis of the same file judged as live does
 * (no first pass). The live and the offline result of the same audio must be the same; the session's
 * journal must give back that report, and a journal cut short everything decided before the cut.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { SileroStreams, type SileroInfer } from '../../dsp/silero.js';
import type { CallEvent } from '../../src/engine/events.js';
import { resolveSettings } from '../../src/engine/settings.js';
import { ENGINE_RATE_HZ } from '../../src/engine/speech-tracker.js';
import { reportFromJournal } from '../../src/live/journal.js';
import type { JournalLine } from '../../src/live/journal-line.js';
import type { LiveCue, LiveUpdate } from '../../src/live/protocol.js';
import { LiveSession } from '../../src/live/session.js';
import { openStereoCall } from '../../src/node/audio-source.js';
import { createNodeSileroInfer } from '../../src/node/onnx-vad.js';
import type { Report, ReportEvent } from '../../src/report/schema.js';
import { analyzeCall } from '../../src/source/analyze-call.js';
import { concat } from '../helpers/simulated-devices.js';

const WAV = fileURLToPath(new URL('../../assets/demo/demo-call.wav', import.meta.url));
const TRUTH = fileURLToPath(new URL('../../assets/demo/demo-call.truth.json', import.meta.url));
const BLOCK = 512;
/** When the agent marks a cue wrong and the call device has a hiccup, s. */
const INCIDENT_SEC = 30;
const settings = resolveSettings();
const truth = JSON.parse(readFileSync(TRUTH, 'utf8')) as {
  durationSec: number;
  events: { type: ReportEvent['type']; start: number; end: number }[];
};

interface LiveRun {
  report: Report;
  updates: LiveUpdate[];
  /** The journal as a file holds it: each line through JSON. */
  journal: unknown[];
}

let infer: SileroInfer;
let offline: Report;
let live: LiveRun;
let rateHz: number;

/** Both channels of the demo call, whole. */
async function readCall(): Promise<{ agent: Float32Array; customer: Float32Array; rateHz: number }> {
  const source = await openStereoCall(WAV, 0);
  const a: Float32Array[] = [];
  const c: Float32Array[] = [];
  for await (const b of source.blocks()) {
    a.push(b.agent);
    c.push(b.customer);
  }
  return { agent: concat(a), customer: concat(c), rateHz: source.info.sampleRateHz };
}

async function runLive(): Promise<LiveRun> {
  const call = await readCall();
  rateHz = call.rateHz;
  const updates: LiveUpdate[] = [];
  const journal: unknown[] = [];
  const session = new LiveSession(
    {
      sessionId: 'test-session',
      startedAt: '2026-11-27T12:00:00.000Z',
      agentDevice: 'agent-mic',
      callDevice: 'call.monitor',
      agent: null,
      recordingPath: null,
      settings,
      vad: new SileroStreams(infer, 8000, 2),
      rateHz: call.rateHz,
      seeds: { agentNormalDb: null, customerCalmDb: null, agentProfileDb: null },
      version: 'test',
    },
    {
      update: (u) => void updates.push(structuredClone(u)),
      journal: (line: JournalLine) => void journal.push(JSON.parse(JSON.stringify(line)) as unknown),
    },
  );
  for (let at = 0; at < call.agent.length; at += BLOCK) {
    await session.push(call.agent.subarray(at, at + BLOCK), call.customer.subarray(at, at + BLOCK));
    if (at < INCIDENT_SEC * call.rateHz && at + BLOCK >= INCIDENT_SEC * call.rateHz) {
      // the agent says the first cue was wrong, and the call device hiccups
      const first = updates.find((u) => u.type === 'cue');
      if (first?.type === 'cue') session.action({ type: 'wrongCue', id: first.cue.id });
      session.device('customer', 'retrying', 'the capture stopped: retrying');
      session.device('customer', 'running', null);
    }
  }
  const report = await session.finish();
  return { report, updates, journal };
}

/** A report as written to a file (JSON: -0 is 0). */
const asJson = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const key = (e: { type: string; start: number; end: number }): string => `${e.type} ${e.start}-${e.end}`;
const sec = (samples: number): number => Math.round((samples / ENGINE_RATE_HZ) * 1000) / 1000;

beforeAll(async () => {
  infer = await createNodeSileroInfer();
  offline = await analyzeCall(await openStereoCall(WAV, 0), {
    settings,
    vad: new SileroStreams(infer, 8000, 2),
    version: 'test',
    agentChannel: 0,
    firstPass: false,
  });
  live = await runLive();
}, 120_000);

describe('LiveSession on the demo call', () => {
  it('hears the call the demo was scripted as (the comparison below is worth something)', () => {
    for (const type of ['interruption', 'backchannel', 'customerPeak', 'raisedVoice'] as const) {
      expect(
        offline.events.filter((e) => e.type === type).length,
        `${type} events found offline`,
      ).toBeGreaterThan(0);
    }
    expect(Math.abs(offline.source.durationSec - truth.durationSec)).toBeLessThan(0.1);
  });

  it('gives the same report as the offline analysis of the same audio with the first pass off', () => {
    const r = live.report;
    expect(r.events).toEqual(offline.events);
    expect(r.speech).toEqual(offline.speech);
    expect(r.summary).toEqual(offline.summary);
    expect(r.baselines).toEqual(offline.baselines);
    expect(r.timeline).toEqual(offline.timeline);
    expect(r.source.durationSec).toBe(offline.source.durationSec);
    expect(r.warnings).toEqual(offline.warnings);
    expect(r.source.files).toEqual(['agent-mic', 'call.monitor']);
  });

  it('tells the live view what it tells the report: every point, and a final tally with the same counts', () => {
    const u = live.updates;
    expect(u[0]).toMatchObject({ type: 'started', sessionId: 'test-session', recording: false });
    expect(u.at(-1)).toEqual({ type: 'ended', sessionId: 'test-session' });
    const points = u.flatMap((x) => (x.type === 'points' ? x.points : []));
    expect(points).toHaveLength(live.report.timeline.agentDb.length);
    expect(points.map((p) => p.agentDb)).toEqual(live.report.timeline.agentDb);
    expect(points.map((p) => (p.customerSpeaking ? 1 : 0))).toEqual(live.report.timeline.customerSpeaking);
    const tallies = u.filter((x): x is Extract<LiveUpdate, { type: 'tally' }> => x.type === 'tally');
    const last = tallies.at(-1)?.tally;
    const events = live.report.events;
    const count = (type: ReportEvent['type']): number => events.filter((e) => e.type === type).length;
    const peaks = events.filter(
      (e): e is Extract<ReportEvent, { type: 'customerPeak' }> => e.type === 'customerPeak',
    );
    expect(last).toMatchObject({
      seconds: Math.round(live.report.source.durationSec * 10) / 10,
      customerPeaks: count('customerPeak'),
      compliedPeaks: peaks.filter((p) => p.verdict.complied === true).length,
      missedPeaks: peaks.filter((p) => p.verdict.complied === false).length,
      unansweredPeaks: peaks.filter((p) => p.verdict.complied === null).length,
      interruptions: count('interruption'),
      backchannels: count('backchannel'),
      raisedVoiceSpans: count('raisedVoice'),
      customerCalmDb: live.report.baselines.customerCalmDb,
      agentNormalDb: live.report.baselines.agentNormalDb,
    });
    // the tally runs: its seconds go up, about once a second
    const seconds = tallies.map((t) => t.tally.seconds);
    expect(seconds.every((s, i) => i === 0 || s >= (seconds[i - 1] as number))).toBe(true);
    expect(tallies.length).toBeGreaterThanOrEqual(Math.floor(truth.durationSec));
  });

  it('rebuilds the same report from its journal, not marked recovered', () => {
    const j = live.journal as JournalLine[];
    expect(j[0]?.type).toBe('start');
    expect(j.at(-1)?.type).toBe('end');
    const rebuilt = reportFromJournal(live.journal);
    const r = asJson(live.report);
    expect(rebuilt.events).toEqual(r.events);
    expect(rebuilt.speech).toEqual(r.speech);
    expect(rebuilt.summary).toEqual(r.summary);
    expect(rebuilt.timeline).toEqual(r.timeline);
    expect(rebuilt.baselines).toEqual(r.baselines);
    expect(rebuilt.source).toEqual(r.source);
    expect(rebuilt.settings).toEqual(r.settings);
    expect(rebuilt.warnings).toEqual([]);
    expect(rebuilt.live).toEqual(r.live);
    expect(rebuilt.live?.recovered).toBe(false);
    // what the agent did and what the devices did are in both
    const incidentAt = (Math.ceil((INCIDENT_SEC * rateHz) / BLOCK) * BLOCK) / rateHz;
    expect(r.live?.incidents).toEqual([
      { party: 'customer', state: 'retrying', message: 'the capture stopped: retrying', atSec: incidentAt },
      { party: 'customer', state: 'running', message: null, atSec: incidentAt },
    ]);
    expect(r.live?.cues.map((c) => c.wrong)).toEqual(r.live?.cues.map((c) => c.id === 1));
  });

  it('rebuilds from a journal cut mid-call everything decided before the cut, marked recovered, with a warning', () => {
    const j = live.journal as JournalLine[];
    // the process is killed 45 s into the call
    const cut = j.findIndex((l) => l.type === 'point' && l.p[0] >= 45 * ENGINE_RATE_HZ);
    expect(cut).toBeGreaterThan(0);
    const kept = j.slice(0, cut);
    const recovered = reportFromJournal(kept);
    const full = asJson(live.report);

    const decided = kept.flatMap((l) => (l.type === 'event' ? [l.e] : []));
    const decidedKeys = new Set(decided.filter(isReportEvent).map((e) => key(reportKey(e))));
    // there is something on each side of the cut
    expect(decidedKeys.size).toBeGreaterThan(3);
    expect(full.events.length).toBeGreaterThan(decidedKeys.size);
    // every event decided before the cut, and only those, as the full report has them
    expect(recovered.events.map(key)).toEqual(full.events.map(key).filter((k) => decidedKeys.has(k)));
    const verdictsIn = new Set(
      decided.flatMap((e) =>
        e.type === 'peakVerdict' ? [`customerPeak ${sec(e.startSample)}-${sec(e.endSample)}`] : [],
      ),
    );
    for (const e of recovered.events) {
      const same = full.events.find((f) => key(f) === key(e));
      if (e.type === 'customerPeak' && !verdictsIn.has(key(e))) {
        // its verdict was still open: undecided in the recovered report
        expect(e.verdict.complied).toBeNull();
        expect(e.verdict.reasons).toEqual([]);
      } else expect(e).toEqual(same);
    }
    // speech and timeline up to the cut
    const points = kept.filter((l) => l.type === 'point').length;
    expect(recovered.timeline.agentDb).toEqual(full.timeline.agentDb.slice(0, points));
    expect(recovered.timeline.customerSpeaking).toEqual(full.timeline.customerSpeaking.slice(0, points));
    const spoken = decided.filter((e) => e.type === 'speech').length;
    expect(recovered.speech.agent.length + recovered.speech.customer.length).toBe(spoken);
    for (const s of recovered.speech.agent) expect(full.speech.agent).toContainEqual(s);
    for (const s of recovered.speech.customer) expect(full.speech.customer).toContainEqual(s);
    expect(recovered.source.durationSec).toBeCloseTo(45, 0);
    expect(recovered.live?.recovered).toBe(true);
    expect(recovered.warnings).toHaveLength(1);
    expect(recovered.warnings[0]).toMatch(/stopped unexpectedly at 4\d\.\d s/);
    // the cues shown by then, none left open
    expect(recovered.live?.cues.every((c) => c.outcome !== null)).toBe(true);
    expect(recovered.live?.cues.map((c) => c.id)).toEqual(
      full.live?.cues.filter((c) => c.atSec <= recovered.source.durationSec).map((c) => c.id),
    );
  });

  it('ends a cue that was showing when the journal was cut where the call stopped', () => {
    const j = live.journal as JournalLine[];
    const long = live.report.live?.cues.find((c) => (c.endedSec as number) - c.atSec >= 1);
    expect(long, 'a cue shown for a second or more').toBeDefined();
    const { id, atSec } = long as LiveCue;
    const cut = j.findIndex((l) => l.type === 'point' && l.p[0] >= (atSec + 0.5) * ENGINE_RATE_HZ);
    const recovered = reportFromJournal(j.slice(0, cut));
    const cue = recovered.live?.cues.find((c) => c.id === id);
    expect(cue).toMatchObject({ outcome: 'callEnded', endedSec: recovered.source.durationSec });
    // the last point kept is the one before atSec + 0.5 s (points are one hop apart)
    const hop = recovered.timeline.hopSec;
    expect(recovered.source.durationSec).toBeGreaterThanOrEqual(atSec + 0.5 - hop - 0.001);
    expect(recovered.source.durationSec).toBeLessThan(atSec + 0.5);
  });

  it('showed cues that match what the engine found in the call', () => {
    const cues = live.report.live?.cues ?? [];
    const events = live.report.events;
    expect(cues.length).toBeGreaterThan(0);
    expect(cues.filter((c) => c.outcome === null)).toEqual([]);
    expect(cues.map((c) => c.id)).toEqual(cues.map((_, i) => i + 1));
    // the live view was told each cue's last state as the report has it
    const lastUpdate = new Map<number, LiveCue>();
    for (const u of live.updates) if (u.type === 'cue') lastUpdate.set(u.cue.id, u.cue);
    expect([...lastUpdate.values()]).toEqual(cues);
    const talkOvers = cues.filter((c) => c.kind === 'talkingOver');
    // each interruption was cued within a second of its start, and the cue was confirmed
    for (const i of events.filter((e) => e.type === 'interruption')) {
      const cue = talkOvers.find((c) => c.atSec >= i.start && c.atSec - i.start <= 1);
      expect(cue, `a talk-over cue for the interruption at ${i.start} s`).toBeDefined();
      expect((cue as LiveCue).provisional).toBe(false);
      expect(['confirmed', 'replaced', 'callEnded']).toContain((cue as LiveCue).outcome);
    }
    // a backchannel never stays cued: a talk-over cue for it is withdrawn
    for (const b of events.filter((e) => e.type === 'backchannel')) {
      for (const c of talkOvers.filter((x) => x.atSec >= b.start && x.atSec <= b.end + 1)) {
        expect(c.outcome, `the cue at ${c.atSec} s over the backchannel at ${b.start} s`).toBe('withdrawn');
      }
    }
    // every talk-over cue is one of these: none is left provisional at the end of the call
    for (const c of talkOvers) {
      const over = events.some(
        (e) =>
          (e.type === 'interruption' || e.type === 'backchannel') &&
          c.atSec >= e.start &&
          c.atSec - e.start <= 1,
      );
      const turnEnd = c.outcome === 'withdrawn';
      expect(over || turnEnd, `talk-over cue at ${c.atSec} s`).toBe(true);
      expect(
        c.provisional && c.outcome !== 'withdrawn',
        `talk-over cue at ${c.atSec} s still provisional`,
      ).toBe(false);
    }
    // each note after a peak says how the last peak judged before it went
    const peaks = events.filter(
      (e): e is Extract<ReportEvent, { type: 'customerPeak' }> => e.type === 'customerPeak',
    );
    const notes = cues.filter((c) => c.kind === 'waitedForPause' || c.kind === 'peakMissed');
    for (const n of notes) {
      const peak = peaks.filter((p) => p.verdict.complied !== null && p.end <= n.atSec).at(-1);
      expect(peak, `the peak before the note at ${n.atSec} s`).toBeDefined();
      const v = (peak as (typeof peaks)[number]).verdict;
      expect(n.kind).toBe(v.complied ? 'waitedForPause' : 'peakMissed');
      if (v.complied) expect(n.detail).toContain(`${(v.waitSec as number).toFixed(1)} s`);
      else if (v.interrupted) expect(n.detail).toBe('you talked over the peak');
      else if (v.raisedReply) expect(n.detail).toBe('your reply was louder than usual');
    }
    // a judged peak with no note was held back (a more urgent cue was showing)
    const judged = peaks.filter((p) => p.verdict.complied !== null).length;
    expect(notes.length + (live.report.live?.heldBack ?? 0)).toBeGreaterThanOrEqual(judged);
    expect(notes.length).toBeGreaterThan(0);
  });
});

type ReportEventType = ReportEvent['type'];
function isReportEvent(e: CallEvent): e is Extract<CallEvent, { type: ReportEventType }> {
  return e.type !== 'speech' && e.type !== 'peakVerdict';
}
function reportKey(e: CallEvent): { type: string; start: number; end: number } {
  return { type: e.type, start: sec(e.startSample), end: sec(e.endSample) };
}
