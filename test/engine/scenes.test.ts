/**
 * The whole engine (Silero, echo canceller, speech trackers, turn-taking rules, report) on scenes
 * composed from the fixture voice clips at known times. Every expectation is derived from where the
 * clips were placed (the fixture clips are trimmed to their speech: they start and end with a word),
 * never from an earlier run's output. The contract is /work/shared/eval/REPORT.md.
 */
import { describe, expect, it } from 'vitest';
import { composeScene, type Placement } from '../../scripts/scene/compose.js';
import type { Report, ReportEvent } from '../../src/report/schema.js';
import type { Cue } from '../../src/engine/events.js';
import { ENGINE_RATE_HZ } from '../../src/engine/speech-tracker.js';
import { analyzeScene, clipSec, runScene, trimClip } from '../helpers/run-scene.js';

type Span = [number, number];
type EventOf<T extends ReportEvent['type']> = Extract<ReportEvent, { type: T }>;

/** Boundary tolerance for speech spans and turn-taking events, s. */
const TOL = 0.15;

function ofType<T extends ReportEvent['type']>(report: Report, type: T): EventOf<T>[] {
  return report.events.filter((e): e is EventOf<T> => e.type === type);
}

const overlaps = (a: Span, b: Span): boolean => a[0] < b[1] && b[0] < a[1];

function expectNear(actual: number, expected: number, tol: number, what: string): void {
  expect(
    Math.abs(actual - expected),
    `${what}: got ${actual}, expected ${expected.toFixed(3)} ± ${tol}`,
  ).toBeLessThanOrEqual(tol);
}

/** One found span per placed span, in order, each overlapping its placement with both boundaries within TOL. */
function expectSpansMatch(found: Span[], placed: Span[], who: string): void {
  expect(found, `${who} speech ${JSON.stringify(found)} vs placed ${JSON.stringify(placed)}`).toHaveLength(
    placed.length,
  );
  placed.forEach((p, i) => {
    const f = found[i] as Span;
    expect(overlaps(f, p), `${who} span ${i} ${JSON.stringify(f)} overlaps ${JSON.stringify(p)}`).toBe(true);
    expectNear(f[0], p[0], TOL, `${who} span ${i} start`);
    expectNear(f[1], p[1], TOL, `${who} span ${i} end`);
  });
}

/** Sum of the parts of `spans` inside `window`, s. */
function timeInside(spans: Span[], window: Span): number {
  return spans.reduce((sum, [s, e]) => sum + Math.max(0, Math.min(e, window[1]) - Math.max(s, window[0])), 0);
}

/** Lays clips of one party end to end, `gapSec` apart, from `atSec`; returns the placements and the end. */
function sentences(
  party: Placement['party'],
  ids: string[],
  atSec: number,
  gapSec: number,
  gainDb = 0,
): { placements: Placement[]; endSec: number } {
  const placements: Placement[] = [];
  let t = atSec;
  for (const [i, id] of ids.entries()) {
    if (i > 0) t += gapSec;
    placements.push({ party, clip: id, atSec: t, gainDb });
    t += clipSec(id);
  }
  return { placements, endSec: t };
}

describe('the engine on composed scenes', () => {
  it('a reply after a 1.2 s pause is a response with that gap, and each party’s speech is where it was placed', async () => {
    const agent1: Span = [0.5, 0.5 + clipSec('a-kal16-calm-2')];
    const customer: Span = [agent1[1] + 0.7, agent1[1] + 0.7 + clipSec('c-slt-calm-2')];
    const agent2: Span = [customer[1] + 1.2, customer[1] + 1.2 + clipSec('a-kal16-calm-3')];
    const { report } = await runScene(
      [
        { party: 'agent', clip: 'a-kal16-calm-2', atSec: agent1[0] },
        { party: 'customer', clip: 'c-slt-calm-2', atSec: customer[0] },
        { party: 'agent', clip: 'a-kal16-calm-3', atSec: agent2[0] },
      ],
      { durationSec: agent2[1] + 1.5 },
    );

    expectSpansMatch(report.speech.agent, [agent1, agent2], 'agent');
    expectSpansMatch(report.speech.customer, [customer], 'customer');
    const responses = ofType(report, 'response');
    expect(responses).toHaveLength(1);
    const r = responses[0] as EventOf<'response'>;
    expectNear(r.start, customer[1], TOL, 'response start (end of the customer)');
    expectNear(r.end, agent2[0], TOL, 'response end (agent onset)');
    expectNear(r.gapSec, 1.2, TOL, 'gapSec');
    expect(r.afterPeak).toBe(false);
    expect(report.events.map((e) => e.type)).toEqual(['response']);
  });

  it('an agent turn over the customer’s second sentence, which the customer abandons, is one interruption', async () => {
    const first = sentences('customer', ['c-usf3-calm-1'], 0.5, 0);
    const secondAt = first.endSec + 0.2;
    // The customer gets 1.2 s into the second sentence; the agent comes in 0.7 s into it and keeps going.
    const customerStops = secondAt + 1.2;
    const agentOnset = secondAt + 0.7;
    const agentTurn: Span = [agentOnset, agentOnset + clipSec('a-kal16-calm-3')];
    expect(agentTurn[1] - agentTurn[0]).toBeGreaterThan(2);
    const { report } = await runScene(
      [
        ...first.placements,
        { party: 'customer', clip: trimClip('c-usf3-calm-2', 1.2), atSec: secondAt },
        { party: 'agent', clip: 'a-kal16-calm-3', atSec: agentOnset },
      ],
      { durationSec: agentTurn[1] + 1.5 },
    );

    expectSpansMatch(report.speech.agent, [agentTurn], 'agent');
    const interruptions = ofType(report, 'interruption');
    expect(interruptions).toHaveLength(1);
    const i = interruptions[0] as EventOf<'interruption'>;
    expectNear(i.start, agentOnset, TOL, 'interruption start (agent onset)');
    expectNear(i.end, customerStops, TOL, 'interruption end (the customer stops)');
    expect(i.atPeak).toBe(false);
    expect(ofType(report, 'backchannel')).toEqual([]);
    expect(ofType(report, 'response')).toEqual([]);
  });

  it('a short interjection the customer yields to is an interruption, not a backchannel', async () => {
    const first = sentences('customer', ['c-slt-calm-2'], 0.5, 0);
    const secondAt = first.endSec + 0.25;
    const customerStops = secondAt + 1.0;
    // "Sorry," (the first words of the interjection clip), 0.7 s into the customer's second sentence.
    const sorry = trimClip('a-kal16-int-1', 0.45);
    const agentOnset = secondAt + 0.7;
    const agentEnd = agentOnset + 0.45;
    // The customer stops right after the agent comes in, and says nothing for 1.8 s, then goes on.
    const resumeAt = customerStops + 1.8;
    const { report } = await runScene(
      [
        ...first.placements,
        { party: 'customer', clip: trimClip('c-slt-calm-3', 1.0), atSec: secondAt },
        { party: 'agent', clip: sorry, atSec: agentOnset },
        { party: 'customer', clip: 'c-slt-calm-1', atSec: resumeAt },
      ],
      { durationSec: resumeAt + clipSec('c-slt-calm-1') + 1 },
    );

    expectSpansMatch(report.speech.agent, [[agentOnset, agentEnd]], 'agent');
    const interruptions = ofType(report, 'interruption');
    expect(interruptions).toHaveLength(1);
    const i = interruptions[0] as EventOf<'interruption'>;
    expectNear(i.start, agentOnset, TOL, 'interruption start (agent onset)');
    expectNear(i.end, Math.min(customerStops, agentEnd), TOL, 'interruption end (overlap ends)');
    expect(ofType(report, 'backchannel')).toEqual([]);
  });

  it('"mm hmm" while the customer keeps talking is one backchannel and no interruption', async () => {
    const customer = sentences('customer', ['c-usf3-calm-1', 'c-usf3-calm-2', 'c-usf3-calm-3'], 0.5, 0.2);
    const second = customer.placements[1] as Placement;
    const agentOnset = second.atSec + 0.7;
    const mmHmm: Span = [agentOnset, agentOnset + clipSec('a-kal16-bc-1')];
    expect(mmHmm[1]).toBeLessThan(second.atSec + clipSec('c-usf3-calm-2')); // inside the second sentence
    const { report } = await runScene(
      [...customer.placements, { party: 'agent', clip: 'a-kal16-bc-1', atSec: agentOnset }],
      { durationSec: customer.endSec + 1 },
    );

    expectSpansMatch(report.speech.agent, [mmHmm], 'agent');
    const backchannels = ofType(report, 'backchannel');
    expect(backchannels).toHaveLength(1);
    const b = backchannels[0] as EventOf<'backchannel'>;
    expectNear(b.start, mmHmm[0], TOL, 'backchannel start');
    expectNear(b.end, mmHmm[1], TOL, 'backchannel end');
    expect(ofType(report, 'interruption')).toEqual([]);
    expect(ofType(report, 'response')).toEqual([]);
  });

  it('angry sentences after calm ones are one peak; a calm reply after 1.5 s complies', async () => {
    const calm = sentences('customer', ['c-slt-calm-2', 'c-slt-calm-3'], 0.5, 0.25);
    const agentAt = calm.endSec + 0.4;
    const agentEnd = agentAt + clipSec('a-kal16-calm-3');
    // Angry clips are 6 dB hotter than calm ones natively; +2 dB puts them 8 dB above the calm sentences.
    const angry = sentences(
      'customer',
      ['c-slt-angry-1', 'c-slt-angry-2', 'c-slt-angry-3'],
      agentEnd + 0.6,
      0.2,
      2,
    );
    const replyAt = angry.endSec + 1.5;
    const replyEnd = replyAt + clipSec('a-kal16-calm-2');
    const { report } = await runScene(
      [
        ...calm.placements,
        { party: 'agent', clip: 'a-kal16-calm-3', atSec: agentAt },
        ...angry.placements,
        { party: 'agent', clip: 'a-kal16-calm-2', atSec: replyAt },
      ],
      { durationSec: replyEnd + 1 },
    );

    const peaks = ofType(report, 'customerPeak');
    expect(peaks).toHaveLength(1);
    const peak = peaks[0] as EventOf<'customerPeak'>;
    const angryStart = (angry.placements[0] as Placement).atSec;
    expectNear(peak.start, angryStart, 1, 'peak start (first angry sentence)');
    expectNear(peak.end, angry.endSec, 1, 'peak end (last angry sentence)');

    const afterPeak = ofType(report, 'response').filter((r) => r.afterPeak);
    expect(afterPeak).toHaveLength(1);
    const reply = afterPeak[0] as EventOf<'response'>;
    expectNear(reply.start, angry.endSec, TOL, 'reply start (the customer stops)');
    expectNear(reply.end, replyAt, TOL, 'reply end (agent onset)');
    expectNear(reply.gapSec, 1.5, TOL, 'reply gapSec');

    expect(ofType(report, 'interruption')).toEqual([]);
    expect(ofType(report, 'raisedVoice')).toEqual([]);
    expect(peak.verdict.complied, JSON.stringify(peak.verdict)).toBe(true);
    expect(peak.verdict.reasons).toEqual([]);
  });

  it('an ordinary conversation whose sentences stray ±4 dB (as real calm speech does) has no peak and no raised voice', async () => {
    const p: Placement[] = [];
    const customerGain = [0, 4, -3, 3, -4, 2, 4, -2];
    const agentGain = [0, -3, 3, 2, -2, 3, -3, 1];
    const customerClips = ['c-slt-calm-1', 'c-slt-calm-2', 'c-slt-calm-3'];
    const agentClips = ['a-kal16-calm-1', 'a-kal16-calm-2', 'a-kal16-calm-3'];
    let t = 0.5;
    for (let i = 0; i < customerGain.length; i++) {
      const c = customerClips[i % 3] as string;
      p.push({ party: 'customer', clip: c, atSec: t, gainDb: customerGain[i] as number });
      t += clipSec(c) + 0.8;
      const a = agentClips[i % 3] as string;
      p.push({ party: 'agent', clip: a, atSec: t, gainDb: agentGain[i] as number });
      t += clipSec(a) + 0.7;
    }
    const { report } = await runScene(p, { durationSec: t + 1, echo: { delayMs: 60, gainDb: -22 } });
    expect(ofType(report, 'customerPeak')).toEqual([]);
    expect(ofType(report, 'raisedVoice')).toEqual([]);
    expect(ofType(report, 'response').length).toBeGreaterThanOrEqual(customerGain.length - 1);
  });

  it('a soft "mm-hm" 15 dB under the customer, in a short excerpt with no other agent speech and headset crosstalk, is a backchannel', async () => {
    // as in real headset recordings: the listener's only sound is the "mm-hm", about -56 dBFS, and the
    // other speaker leaks into the listener's microphone 25 dB down
    const customer = sentences(
      'customer',
      ['c-slt-calm-1', 'c-slt-calm-2', 'c-slt-calm-3', 'c-slt-calm-1'],
      0.3,
      0.2,
      -13,
    );
    const at = 4.2;
    const { report } = await runScene(
      [...customer.placements, { party: 'agent', clip: 'a-kal16-bc-2', atSec: at, gainDb: -22 }],
      {
        durationSec: 9.5,
        echo: { delayMs: 5, gainDb: -25 },
        noiseDb: { agent: -75, customer: -72 },
        seed: 4,
      },
    );
    const bc = ofType(report, 'backchannel');
    expect(bc).toHaveLength(1);
    expectNear((bc[0] as EventOf<'backchannel'>).start, at, TOL, 'backchannel onset');
    expect(ofType(report, 'interruption')).toEqual([]);
  });

  it('a customer loud from the first word: the first pass finds their calm voice later, and the opening wave is a peak', async () => {
    const angry = sentences('customer', ['c-usf3-angry-1', 'c-usf3-angry-2', 'c-usf3-angry-3'], 0.5, 0.2, 2);
    const replyAt = angry.endSec + 1.2;
    const replyEnd = replyAt + clipSec('a-gbm3-calm-1');
    const calm = sentences(
      'customer',
      ['c-usf3-calm-1', 'c-usf3-calm-2', 'c-usf3-calm-3'],
      replyEnd + 0.7,
      0.3,
    );
    const { report } = await runScene(
      [...angry.placements, { party: 'agent', clip: 'a-gbm3-calm-1', atSec: replyAt }, ...calm.placements],
      { durationSec: calm.endSec + 1 },
    );
    const peaks = ofType(report, 'customerPeak');
    expect(peaks).toHaveLength(1);
    expectNear((peaks[0] as EventOf<'customerPeak'>).start, 0.5, 1, 'peak start (the first word)');
    expectNear((peaks[0] as EventOf<'customerPeak'>).end, angry.endSec, 1, 'peak end');
    expect(report.baselines.customerCalmFrom).toBe('call');
  });

  it('a customer loud from the first word, live (no first pass): the line’s calm level in the agent’s profile catches the opening wave within seconds, and the level settles on the customer’s calm voice', async () => {
    // an earlier call on the same line: another customer, calm; what its first pass measures is what the
    // agent's profile keeps (the agent's level, and the customers' calm level on their line)
    const before = sentences('customer', ['c-slt-calm-1', 'c-slt-calm-2', 'c-slt-calm-3'], 4.5, 0.4);
    const earlier = await runScene(
      [{ party: 'agent', clip: 'a-gbm3-calm-1', atSec: 0.5 }, ...before.placements],
      { durationSec: before.endSec + 1 },
    );
    const profile = {
      agentProfileDb: earlier.report.baselines.agentNormalDb,
      customerPriorDb: earlier.report.baselines.customerCalmDb,
    };
    // this call: the agent greets, the customer opens angry (8 dB over their calm voice: angry clips are
    // 6 dB hotter natively, +2), the agent waits and answers calmly, the customer goes on calmly
    const greetingEnd = 0.5 + clipSec('a-gbm3-calm-2');
    const angry = sentences(
      'customer',
      ['c-usf3-angry-1', 'c-usf3-angry-2', 'c-usf3-angry-3'],
      greetingEnd + 0.7,
      0.2,
      2,
    );
    const firstWord = (angry.placements[0] as Placement).atSec;
    const replyAt = angry.endSec + 1.2;
    const calm = sentences(
      'customer',
      ['c-usf3-calm-1', 'c-usf3-calm-2', 'c-usf3-calm-3'],
      replyAt + clipSec('a-gbm3-calm-1') + 0.7,
      0.3,
    );
    const placements: Placement[] = [
      { party: 'agent', clip: 'a-gbm3-calm-2', atSec: 0.5 },
      ...angry.placements,
      { party: 'agent', clip: 'a-gbm3-calm-1', atSec: replyAt },
      ...calm.placements,
    ];
    const options = { durationSec: calm.endSec + 1 };
    const live = await runScene(placements, options, undefined, { firstPass: false, profile });
    const peaks = ofType(live.report, 'customerPeak');
    expect(peaks).toHaveLength(1);
    expectNear((peaks[0] as EventOf<'customerPeak'>).start, firstWord, 1, 'peak start (the first word)');
    expectNear((peaks[0] as EventOf<'customerPeak'>).end, angry.endSec, 1, 'peak end');
    expect(live.report.baselines.customerCalmFrom).toBe('profile');
    // the venting cue: on the first sentence, within seconds of the first word, never taken back
    const venting = live.cues.filter((c) => c.type === 'customerVenting');
    expect(venting).toHaveLength(1);
    const cue = venting[0] as Extract<Cue, { type: 'customerVenting' }>;
    expectNear(cue.onsetSample / ENGINE_RATE_HZ, firstWord, TOL, 'venting cue onset (the first word)');
    expect(cue.atSample / ENGINE_RATE_HZ - firstWord).toBeLessThan(2);
    expect(live.cues.filter((c) => c.type === 'customerVentingDropped')).toEqual([]);

    // the same audio judged with the first pass, and with no profile: the first words are all there is, the
    // opening wave is the customer's level for a while; but once their calm sentences come, the level is
    // where the first pass puts it
    const offline = await runScene(placements, options);
    const bare = await runScene(placements, options, undefined, { firstPass: false });
    expect(ofType(bare.report, 'customerPeak')).toEqual([]);
    expect(bare.report.baselines.customerCalmFrom).toBe('firstWords');
    expectNear(
      bare.report.baselines.customerCalmDb as number,
      offline.report.baselines.customerCalmDb as number,
      1,
      'calm level from the first words, settled',
    );
    expectNear(
      live.report.baselines.customerCalmDb as number,
      offline.report.baselines.customerCalmDb as number,
      1,
      'calm level from the profile, settled',
    );
  });

  it('the same sentences made 9 dB louder by a gain are a peak no brighter than the calm ones, wherever they fall on the frame grid', async () => {
    // A gain changes no spectrum: the peak's brightness rise over the customer's calm voice is 0 by
    // construction. What is measured of it is sampling error alone (which frames of each sentence the
    // centroid is taken on), and that must stay well inside the ordinary variation the effort rule forgives
    // (brightnessSlackHz, 150 Hz). The scene is shifted by 0, 2, 4 and 6 frames (32 ms) on the engine's grid.
    const clips = ['c-slt-calm-1', 'c-slt-calm-2', 'c-slt-calm-3'];
    for (const shiftFrames of [0, 2, 4, 6]) {
      const calm1 = sentences('customer', clips, 0.5 + shiftFrames * 0.032, 0.8);
      const calm2 = sentences('customer', clips, calm1.endSec + 0.8, 0.8);
      const loud = sentences('customer', clips, calm2.endSec + 0.8, 0.25, 9);
      const { report } = await runScene([...calm1.placements, ...calm2.placements, ...loud.placements], {
        durationSec: loud.endSec + 1,
      });
      const peaks = ofType(report, 'customerPeak');
      expect(peaks, `shifted ${shiftFrames} frames`).toHaveLength(1);
      const peak = peaks[0] as EventOf<'customerPeak'>;
      expectNear(peak.start, (loud.placements[0] as Placement).atSec, 1, 'peak start');
      const rise = peak.brightnessRiseHz;
      expect(rise, `shifted ${shiftFrames} frames: brightness measured`).not.toBeNull();
      expect(Math.abs(rise as number), `shifted ${shiftFrames} frames: brightness rise`).toBeLessThanOrEqual(
        50,
      );
    }
  });

  it('a reply 10 dB above the agent’s normal voice is raised, and the peak is not complied with', async () => {
    const agentCalm = sentences('agent', ['a-gbm3-calm-2', 'a-gbm3-calm-3'], 0.5, 0.3);
    const customerCalm = sentences(
      'customer',
      ['c-usf3-calm-1', 'c-usf3-calm-2'],
      agentCalm.endSec + 0.6,
      0.2,
    );
    const angry = sentences(
      'customer',
      ['c-usf3-angry-1', 'c-usf3-angry-2', 'c-usf3-angry-3'],
      customerCalm.endSec + 0.4,
      0.2,
      2,
    );
    const replyAt = angry.endSec + 1.5;
    const reply: Span = [replyAt, replyAt + clipSec('a-gbm3-calm-1')];
    const { report } = await runScene(
      [
        ...agentCalm.placements,
        ...customerCalm.placements,
        ...angry.placements,
        { party: 'agent', clip: 'a-gbm3-calm-1', atSec: replyAt, gainDb: 10 },
      ],
      { durationSec: reply[1] + 1 },
    );

    const raised = ofType(report, 'raisedVoice');
    expect(raised).toHaveLength(1);
    const r = raised[0] as EventOf<'raisedVoice'>;
    expect(overlaps([r.start, r.end], reply)).toBe(true);
    expectNear(r.start, reply[0], 0.3, 'raisedVoice start');
    expectNear(r.end, reply[1], 0.3, 'raisedVoice end');

    const peaks = ofType(report, 'customerPeak');
    expect(peaks).toHaveLength(1);
    const peak = peaks[0] as EventOf<'customerPeak'>;
    expectNear(peak.start, (angry.placements[0] as Placement).atSec, 1, 'peak start');
    expectNear(peak.end, angry.endSec, 1, 'peak end');
    expect(peak.verdict.complied).toBe(false);
    expect(peak.verdict.raisedReply).toBe(true);
    expect(peak.verdict.reasons.length).toBeGreaterThan(0);
    expect(peak.verdict.reasons.join(' ')).toMatch(/louder/);
  });

  it('coming in on the customer’s breath while they go straight on is talking over, not a response', async () => {
    const first: Span = [0.5, 0.5 + clipSec('c-slt-calm-1')];
    // a 0.45 s breath between two sentences (long enough to end the first utterance); the agent
    // comes in 0.15 s into it, the customer goes on 0.3 s later and gives up 0.7 s after the onset
    const onset = first[1] + 0.15;
    const secondAt = first[1] + 0.45;
    const secondCut = onset + 0.7 - secondAt;
    const { report } = await runScene(
      [
        { party: 'customer', clip: 'c-slt-calm-1', atSec: first[0] },
        { party: 'customer', clip: trimClip('c-slt-calm-2', secondCut), atSec: secondAt },
        { party: 'agent', clip: 'a-kal16-int-1', atSec: onset },
      ],
      { durationSec: onset + clipSec('a-kal16-int-1') + 1 },
    );
    const interruptions = ofType(report, 'interruption');
    expect(interruptions).toHaveLength(1);
    expectNear(interruptions[0]?.start ?? NaN, onset, TOL, 'interruption onset');
    expect(ofType(report, 'response').filter((r) => Math.abs(r.end - onset) < 0.5)).toEqual([]);
  });

  // The hardest moment is the customer's first words, before the echo path has been measured.
  it('line echo of the customer in the silent agent channel is not agent speech', async () => {
    const customer = sentences(
      'customer',
      ['c-slt-calm-2', 'c-slt-calm-3', 'c-usf3-calm-1', 'c-usf3-calm-2'],
      1,
      0.4,
    );
    const { report } = await runScene(customer.placements, {
      durationSec: customer.endSec + 1,
      echo: { delayMs: 80, gainDb: -20 },
    });
    expect(report.speech.agent).toEqual([]);
    expect(ofType(report, 'interruption')).toEqual([]);
    expect(ofType(report, 'backchannel')).toEqual([]);
    expect(ofType(report, 'customerPeak')).toEqual([]);
  });

  it('line echo after the customer’s first sentence is not agent speech', async () => {
    const customer = sentences(
      'customer',
      ['c-usf3-calm-1', 'c-slt-calm-2', 'c-slt-calm-3', 'c-usf3-calm-2', 'c-usf3-calm-3'],
      0.5,
      0.4,
    );
    const firstEnd = 0.5 + clipSec('c-usf3-calm-1');
    const { report } = await runScene(customer.placements, {
      durationSec: customer.endSec + 1,
      echo: { delayMs: 80, gainDb: -20 },
    });
    expect(report.speech.customer.length).toBeGreaterThan(0);
    expect(report.speech.agent.filter(([, e]) => e > firstEnd + TOL)).toEqual([]);
    expect(ofType(report, 'interruption')).toEqual([]);
    expect(ofType(report, 'backchannel').filter((b) => b.end > firstEnd + TOL)).toEqual([]);
  });

  it('a colleague talking in the room after the agent has spoken is not agent speech', async () => {
    const agent = sentences('agent', ['a-kal16-calm-2', 'a-kal16-calm-3'], 0.5, 0.3);
    const roomAt = agent.endSec + 1;
    const room: Span = [roomAt, roomAt + clipSec('r-rms-calm-1')];
    const { report } = await runScene(agent.placements, {
      durationSec: room[1] + 1,
      room: [{ clip: 'r-rms-calm-1', atSec: roomAt, gainDb: -18 }],
    });
    expectSpansMatch(
      report.speech.agent,
      agent.placements.map((p) => [p.atSec, p.atSec + clipSec(p.clip as string)]),
      'agent',
    );
    expect(timeInside(report.speech.agent, room)).toBe(0);
    expect(report.events).toEqual([]);
  });

  it('a smeared line echo (several reflections over 2 ms, -18 dB in all) is not agent speech either', async () => {
    const customer = sentences('customer', ['c-usf3-calm-1', 'c-slt-calm-2', 'c-usf3-calm-2'], 0.8, 0.5);
    const scene = composeScene(customer.placements, {
      durationSec: customer.endSec + 1,
      sampleRateHz: 16000,
    });
    // hybrid echo is a short filter, not a pure delay: taps 95, 97, 100 and 104 ms, decaying
    const rate = scene.sampleRateHz;
    const taps: [number, number][] = [
      [0.095, 0.07],
      [0.097, 0.09],
      [0.1, 0.05],
      [0.104, -0.03],
    ];
    const agent = new Float32Array(scene.customer.length);
    for (const [delaySec, gain] of taps) {
      const d = Math.round(delaySec * rate);
      for (let i = d; i < agent.length; i++)
        agent[i] = (agent[i] as number) + gain * (scene.customer[i - d] as number);
    }
    const { report } = await analyzeScene({
      ...scene,
      agent,
      speech: { agent: [], customer: scene.speech.customer },
    });
    expect(report.speech.customer.length).toBeGreaterThan(0);
    expect(report.speech.agent).toEqual([]);
    expect(report.events.filter((e) => e.type !== 'response')).toEqual([]);
  });

  // Before the agent's own level is known, a colleague must not set it.
  it('a colleague talking in the room before the agent’s first words is not agent speech', async () => {
    const room: Span = [0.5, 0.5 + clipSec('r-awb-calm-1')];
    const agent = sentences('agent', ['a-kal16-calm-2'], room[1] + 1.5, 0);
    const { report } = await runScene(agent.placements, {
      durationSec: agent.endSec + 1,
      room: [{ clip: 'r-awb-calm-1', atSec: room[0], gainDb: -18 }],
    });
    expect(timeInside(report.speech.agent, room)).toBe(0);
    expect(report.events).toEqual([]);
  });

  it('keyboard clicks in the agent channel are not speech', async () => {
    // Typing: bursts of clicks 90-180 ms apart, from soft to loud, on a quiet line.
    const clicks: { atSec: number; gainDb: number }[] = [];
    let t = 0.5;
    for (let i = 0; i < 60; i++) {
      clicks.push({ atSec: t, gainDb: -30 + (i % 7) * 4 });
      t += 0.09 + ((i * 37) % 10) * 0.01 + (i % 12 === 11 ? 0.6 : 0);
    }
    const { report } = await runScene([], {
      durationSec: t + 1,
      clicks,
      noiseDb: { agent: -65, customer: -65 },
    });
    expect(report.speech).toEqual({ agent: [], customer: [] });
    expect(report.events).toEqual([]);
  });

  it('silence has no speech and no events', async () => {
    const { report } = await runScene([], { durationSec: 15 });
    expect(report.speech).toEqual({ agent: [], customer: [] });
    expect(report.events).toEqual([]);
    expect(report.baselines).toEqual({
      customerCalmDb: null,
      agentNormalDb: null,
      customerCalmFrom: 'firstWords',
      agentNormalFrom: 'firstWords',
    });
    expect(report.summary.talk.silence).toBe(1);
  });
});
