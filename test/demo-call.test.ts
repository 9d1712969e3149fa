/**
 * The bundled demo call (assets/demo/demo-call.wav, made by scripts/make-demo-call.ts) is what the review
 * app shows first, so it must show what its README promises. The committed file is decoded and analyzed
 * in-process (Silero on onnxruntime-node, the engine, the report, as the CLI does); every expectation
 * comes from the truth file the script wrote next to it (where the clips were placed), never from an
 * earlier run of the analyzer.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeWav } from '../dsp/wav.js';
import { resolveSettings } from '../src/engine/settings.js';
import type { Report, ReportEvent } from '../src/report/schema.js';
import { analyzeScene } from './helpers/run-scene.js';

const WAV = fileURLToPath(new URL('../assets/demo/demo-call.wav', import.meta.url));
const TRUTH = fileURLToPath(new URL('../assets/demo/demo-call.truth.json', import.meta.url));
/** How far a found event's start and end may be from the scripted ones, s. */
const TOL = 0.5;

type Span = [number, number];
interface TruthEvent {
  type: ReportEvent['type'];
  start: number;
  end: number;
  atPeak?: boolean;
  gapSec?: number;
  afterPeak?: boolean;
}
interface Truth {
  durationSec: number;
  agentChannel: number;
  format: string;
  speech: { agent: Span[]; customer: Span[] };
  events: TruthEvent[];
}
type EventOf<T extends ReportEvent['type']> = Extract<ReportEvent, { type: T }>;

const truth = JSON.parse(readFileSync(TRUTH, 'utf8')) as Truth;
const settings = resolveSettings();
const scripted = (type: ReportEvent['type']): TruthEvent[] => truth.events.filter((e) => e.type === type);
const overlaps = (a0: number, a1: number, b0: number, b1: number): boolean => a0 < b1 && b0 < a1;

function ofType<T extends ReportEvent['type']>(report: Report, type: T): EventOf<T>[] {
  return report.events.filter((e): e is EventOf<T> => e.type === type);
}

/** The found event of the same type whose start and end are both within TOL of the scripted one. */
function near<T extends ReportEvent['type']>(report: Report, want: TruthEvent & { type: T }): EventOf<T> {
  const found = ofType(report, want.type).find(
    (e) => Math.abs(e.start - want.start) <= TOL && Math.abs(e.end - want.end) <= TOL,
  );
  expect(
    found,
    `${want.type} ${want.start}-${want.end} not found; got ${JSON.stringify(ofType(report, want.type))}`,
  ).toBeDefined();
  return found as EventOf<T>;
}

/** The scripted reply to a scripted peak: the response after it that starts where the peak ends. */
function scriptedReply(peak: TruthEvent): TruthEvent | undefined {
  return scripted('response').find((r) => r.afterPeak === true && Math.abs(r.start - peak.end) <= 0.01);
}

/** The scripted peaks of one kind, with their scripted reply. */
function scriptedPeaks(
  kind: 'complied' | 'raised' | 'interrupted',
): { peak: TruthEvent; reply?: TruthEvent }[] {
  return scripted('customerPeak')
    .map((peak) => {
      const reply = scriptedReply(peak);
      return reply ? { peak, reply } : { peak };
    })
    .filter(({ peak, reply }) => {
      const interrupted = scripted('interruption').some((i) => i.start >= peak.start && i.start <= peak.end);
      const raised =
        reply !== undefined && scripted('raisedVoice').some((v) => Math.abs(v.start - reply.end) <= 0.01);
      const waited = reply !== undefined && (reply.gapSec ?? 0) >= settings.minPauseSec;
      if (kind === 'interrupted') return interrupted;
      if (kind === 'raised') return raised;
      return !interrupted && !raised && waited;
    });
}

describe('the demo call (assets/demo/demo-call.wav)', () => {
  let report: Report;

  beforeAll(async () => {
    const { format, channels } = decodeWav(readFileSync(WAV));
    const [agent, customer] = channels as [Float32Array, Float32Array]; // the agent is on channel 0
    const scene = { sampleRateHz: format.sampleRateHz, agent, customer, speech: { agent: [], customer: [] } };
    ({ report } = await analyzeScene(scene, settings));
  }, 120_000);

  it('is a two-channel 16-bit PCM WAV at 8000 Hz, 60-90 s long, agent on channel 0', () => {
    const { format, channels, warnings } = decodeWav(readFileSync(WAV));
    expect(warnings).toEqual([]);
    expect(format.formatTag).toBe(1);
    expect(format.channels).toBe(2);
    expect(format.sampleRateHz).toBe(8000);
    expect(format.bitsPerSample).toBe(16);
    const seconds = (channels[0] as Float32Array).length / format.sampleRateHz;
    expect(seconds).toBeGreaterThanOrEqual(60);
    expect(seconds).toBeLessThanOrEqual(90);
    expect(seconds).toBeCloseTo(truth.durationSec, 3);
    expect(truth.agentChannel).toBe(0);
    expect(truth.format).toBe('pcm16_8k');
  });

  it('the script holds every scene the demo promises', () => {
    expect(scripted('customerPeak').length).toBeGreaterThanOrEqual(1);
    expect(scripted('interruption')).toHaveLength(1);
    expect(scripted('interruption')[0]?.atPeak).toBe(true);
    expect(scripted('backchannel')).toHaveLength(1);
    expect(scriptedPeaks('complied').length).toBeGreaterThanOrEqual(1);
    expect(scriptedPeaks('raised').length).toBeGreaterThanOrEqual(1);
  });

  it('analyzes without warnings, finding each party’s speech where it was placed', () => {
    expect(report.warnings).toEqual([]);
    for (const party of ['agent', 'customer'] as const) {
      for (const [s, e] of truth.speech[party]) {
        const found = report.speech[party].some(([fs, fe]) => overlaps(fs, fe, s, e));
        expect(found, `${party} speech ${s}-${e} in ${JSON.stringify(report.speech[party])}`).toBe(true);
      }
    }
  });

  it('finds the scripted customer peaks', () => {
    const peaks = scripted('customerPeak');
    expect(ofType(report, 'customerPeak')).toHaveLength(peaks.length);
    for (const peak of peaks) near(report, { ...peak, type: 'customerPeak' });
  });

  it('finds exactly one interruption, at a peak, where it was scripted; that peak is not complied with', () => {
    const found = ofType(report, 'interruption');
    expect(found).toHaveLength(1);
    const want = scripted('interruption')[0] as TruthEvent;
    const interruption = near(report, { ...want, type: 'interruption' });
    expect(interruption.atPeak).toBe(true);
    for (const { peak } of scriptedPeaks('interrupted')) {
      const verdict = near(report, { ...peak, type: 'customerPeak' }).verdict;
      expect(verdict.interrupted).toBe(true);
      expect(verdict.complied).toBe(false);
    }
  });

  it('finds exactly one backchannel, where it was scripted', () => {
    expect(ofType(report, 'backchannel')).toHaveLength(1);
    near(report, { ...(scripted('backchannel')[0] as TruthEvent), type: 'backchannel' });
  });

  it('a soft reply after a long enough pause: the peak is complied with', () => {
    const cases = scriptedPeaks('complied');
    expect(cases.length).toBeGreaterThanOrEqual(1);
    for (const { peak, reply } of cases) {
      const verdict = near(report, { ...peak, type: 'customerPeak' }).verdict;
      expect(verdict.complied, JSON.stringify(verdict)).toBe(true);
      expect(verdict.waitSec).not.toBeNull();
      expect(verdict.waitSec as number).toBeGreaterThanOrEqual(settings.minPauseSec);
      expect(Math.abs((verdict.waitSec as number) - (reply?.gapSec as number))).toBeLessThanOrEqual(TOL);
    }
  });

  it('a raised reply: a raised-voice span and a peak not complied with because of it', () => {
    const raised = scripted('raisedVoice');
    expect(ofType(report, 'raisedVoice')).toHaveLength(raised.length);
    for (const want of raised) near(report, { ...want, type: 'raisedVoice' });
    const cases = scriptedPeaks('raised');
    expect(cases.length).toBeGreaterThanOrEqual(1);
    for (const { peak } of cases) {
      const verdict = near(report, { ...peak, type: 'customerPeak' }).verdict;
      expect(verdict.raisedReply).toBe(true);
      expect(verdict.complied).toBe(false);
    }
  });

  it('finds every scripted response with its gap and whether it followed a peak', () => {
    const responses = scripted('response');
    expect(ofType(report, 'response')).toHaveLength(responses.length);
    for (const want of responses) {
      const found = near(report, { ...want, type: 'response' });
      expect(found.afterPeak).toBe(want.afterPeak);
      expect(Math.abs(found.gapSec - (want.gapSec as number))).toBeLessThanOrEqual(TOL);
    }
  });

  it('the summary counts what was scripted', () => {
    const s = report.summary;
    expect(s.customerPeaks).toBe(scripted('customerPeak').length);
    expect(s.interruptions).toBe(1);
    expect(s.interruptionsAtPeak).toBe(1);
    expect(s.backchannels).toBe(1);
    expect(s.raisedVoiceSpans).toBe(scripted('raisedVoice').length);
    // a peak the agent never answered and did not talk over is not judged: counted apart
    const unanswered = scripted('customerPeak').filter((p) => scriptedReply(p) === undefined);
    const interrupted = scriptedPeaks('interrupted').map(({ peak }) => peak);
    const silentAndSoft = unanswered.filter((p) => !interrupted.includes(p)).length;
    expect(s.unansweredPeaks).toBe(silentAndSoft);
    expect(s.compliedPeaks).toBe(scriptedPeaks('complied').length);
  });
});
