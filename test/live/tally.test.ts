/** The running scorecard, counted from a scripted list of the engine's final events (8 kHz samples). */
import { describe, expect, it } from 'vitest';
import type { Baselines, CallEvent } from '../../src/engine/events.js';
import { LiveTallyCounter } from '../../src/live/tally.js';

const RATE = 8000;
const at = (sec: number): number => Math.round(sec * RATE);
const span = (from: number, to: number): { startSample: number; endSample: number } => ({
  startSample: at(from),
  endSample: at(to),
});
const BASELINES: Baselines = {
  customerCalmDb: -31.26,
  agentNormalDb: -27.04,
  customerCalmFrom: 'firstWords',
  agentNormalFrom: 'profile',
};

function verdict(complied: boolean | null, replyGapSec: number | null, interrupted = false): CallEvent {
  return {
    type: 'peakVerdict',
    ...span(10, 14),
    complied,
    interrupted,
    reply: replyGapSec === null ? null : span(14, 14 + replyGapSec),
    raisedReply: false,
    unanswered: replyGapSec === null ? 'customerWentOn' : null,
  };
}

describe('LiveTallyCounter', () => {
  it('counts peaks, verdicts, interruptions, backchannels and raised voice, with the median wait', () => {
    const t = new LiveTallyCounter();
    const script: [CallEvent, boolean][] = [
      [{ type: 'speech', party: 'customer', levelDb: -30, ...span(1, 3) }, false],
      [{ type: 'customerPeak', levelAboveCalmDb: 9, brightnessRiseHz: null, ...span(10, 14) }, true],
      [{ type: 'customerPeak', levelAboveCalmDb: 8, brightnessRiseHz: 120, ...span(20, 24) }, true],
      [{ type: 'customerPeak', levelAboveCalmDb: 7, brightnessRiseHz: null, ...span(30, 34) }, true],
      [{ type: 'customerPeak', levelAboveCalmDb: 7, brightnessRiseHz: null, ...span(40, 44) }, true],
      [{ type: 'interruption', atPeak: true, ...span(12, 13) }, true],
      [{ type: 'interruption', atPeak: false, ...span(50, 51) }, true],
      [{ type: 'backchannel', ...span(5, 5.4) }, true],
      [
        { type: 'response', afterPeak: true, gapSamples: at(1.6), onsetSample: at(25.6), ...span(24, 25.6) },
        false,
      ],
      [{ type: 'raisedVoice', levelAboveNormalDb: 7, ...span(60, 63.5) }, true],
      [{ type: 'raisedVoice', levelAboveNormalDb: 9, ...span(70, 71.25) }, true],
      // waits 1.6, 0.2 and 2.4 s; one unanswered
      [verdict(true, 1.6), true],
      [verdict(false, 0.2, true), true],
      [verdict(true, 2.4), true],
      [verdict(null, null), true],
    ];
    for (const [e, changes] of script) expect(t.event(e, RATE), e.type).toBe(changes);
    expect(t.snapshot(80.04, BASELINES)).toEqual({
      seconds: 80,
      customerPeaks: 4,
      compliedPeaks: 2,
      missedPeaks: 1,
      unansweredPeaks: 1,
      interruptions: 2,
      interruptionsAtPeak: 1,
      backchannels: 1,
      raisedVoiceSpans: 2,
      raisedVoiceSec: 4.8, // 3.5 + 1.25 = 4.75, to a tenth
      medianWaitSec: 1.6,
      customerCalmDb: -31.3,
      agentNormalDb: -27,
    });
  });

  it('takes the mean of the middle two waits when there is an even number, and none before any', () => {
    const t = new LiveTallyCounter();
    const none: Baselines = { ...BASELINES, customerCalmDb: null, agentNormalDb: null };
    expect(t.snapshot(0, none)).toMatchObject({
      medianWaitSec: null,
      customerCalmDb: null,
      agentNormalDb: null,
    });
    for (const gap of [3.0, 0.5, 1.2, 2.0]) t.event(verdict(true, gap), RATE);
    expect(t.snapshot(10, none).medianWaitSec).toBe(1.6); // (1.2 + 2.0) / 2
  });
});
