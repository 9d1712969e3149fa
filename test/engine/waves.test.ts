import { describe, expect, it } from 'vitest';
import { firstFrame, type ActiveUtterance, type Utterance } from '../../src/engine/speech-tracker.js';
import { WaveTracker, type Heard, type Wave, type WaveOptions } from '../../src/engine/waves.js';

const R = 8000;
const sec = (s: number): number => Math.round(s * R);
const utt = (start: number, end: number): Utterance => ({
  startSample: sec(start),
  endSample: sec(end),
  levelDb: -20,
  speechFrames: 10,
  centroidHz: NaN,
  pitchSt: NaN,
});
/** Loud from 6 dB over the party's own level, no vocal effort beyond level. */
const BAR_DB = 6;
const heard = (aboveDb: number, brightnessHz: number | null = null): Heard => ({
  aboveDb,
  effortDb: 0,
  barDb: BAR_DB,
  brightnessHz,
});
const OPTIONS: WaveOptions = {
  hysteresisDb: 3,
  bridgeSamples: sec(1.2),
  minSamples: sec(1.5),
  ignoreShorterThanSamples: 0,
  closeAfterSamples: sec(1.52),
  calmVerdictSamples: sec(1.5),
  calmBelowDb: 3,
  cueAfterSamples: sec(0.6),
};

function tracker(options: Partial<WaveOptions> = {}): { t: WaveTracker; waves: Wave[]; cues: string[] } {
  const waves: Wave[] = [];
  const cues: string[] = [];
  const t = new WaveTracker({ ...OPTIONS, ...options }, (w) => waves.push(w), {
    cued: (onset, now) => cues.push(`cue ${onset / R} at ${now / R}`),
    takenBack: (onset, now) => cues.push(`back ${onset / R} at ${now / R}`),
  });
  return { t, waves, cues };
}

/** An utterance under way from `start` (s), heard so far until `now` (s). */
const active = (start: number, now: number, over: Partial<ActiveUtterance> = {}): ActiveUtterance => ({
  ...firstFrame(sec(start), sec(now), 1),
  speechFrames: Math.round(((now - start) * R) / 256),
  confirmed: true,
  ...over,
});
const never = (): boolean => false;

describe('WaveTracker', () => {
  it('joins loud sentences across short breaths into one wave, from the first to the last', () => {
    const { t, waves } = tracker();
    expect(t.add(utt(1, 3), heard(9), never)).toBe(true);
    expect(t.add(utt(3.3, 5), heard(8), never)).toBe(true);
    // 4 dB is not loud on its own, but inside a wave it still belongs (hysteresis)
    expect(t.add(utt(5.2, 7), heard(4), never)).toBe(true);
    expect(t.add(utt(7.4, 9), heard(1), never)).toBe(false); // a calm sentence ends it
    expect(waves).toEqual([
      {
        startSample: sec(1),
        endSample: sec(7),
        lastStartSample: sec(5.2),
        meanAboveDb: 7,
        brightnessRiseHz: null,
        utteranceStarts: [sec(1), sec(3.3), sec(5.2)],
      },
    ]);
  });

  it('starts a new wave after a gap longer than the bridge or when the other party took a turn', () => {
    const { t, waves } = tracker();
    t.add(utt(0, 2), heard(9), never);
    t.add(utt(3.5, 5.5), heard(9), never); // 1.5 s gap > 1.2 s bridge
    t.add(utt(5.8, 8), heard(9), () => true); // the agent spoke in between
    t.close();
    expect(waves.map((w) => [w.startSample / R, w.endSample / R])).toEqual([
      [0, 2],
      [3.5, 5.5],
      [5.8, 8],
    ]);
  });

  it('is not fooled by a weak sentence on its own, and drops waves shorter than the minimum', () => {
    const { t, waves } = tracker();
    expect(t.add(utt(0, 2), heard(4), never)).toBe(false);
    t.add(utt(3.5, 4.5), heard(9), never); // 1 s < 1.5 s minimum (and 1.5 s after the weak one)
    t.close();
    expect(waves).toEqual([]);
  });

  it('starts a wave at the nearly loud sentence that builds up to it', () => {
    const { t, waves } = tracker();
    t.add(utt(0, 2), heard(1), never); // calm
    expect(t.add(utt(2.5, 4), heard(4.5), never)).toBe(false); // nearly loud: not a wave on its own
    t.add(utt(4.3, 6), heard(9), never); // loud, 0.3 s later: the wave runs from 2.5 s
    t.close();
    expect(waves.map((w) => [w.startSample / R, w.endSample / R])).toEqual([[2.5, 6]]);
    // ...but not across a turn of the other party, nor from a calm sentence
    const b = tracker();
    b.t.add(utt(0, 2), heard(4.5), never);
    b.t.add(utt(2.5, 4.5), heard(9), () => true);
    b.t.add(utt(6, 8), heard(2), never);
    b.t.add(utt(8.3, 10), heard(9), never);
    b.t.close();
    expect(b.waves.map((w) => [w.startSample / R, w.endSample / R])).toEqual([
      [2.5, 4.5],
      [8.3, 10],
    ]);
  });

  it('closes a wave once the party is quiet past the bridge, or calm for a while, and not before', () => {
    const { t, waves } = tracker();
    t.add(utt(0, 2), heard(9), never);
    t.tick(sec(2 + 1.5), null, -30, BAR_DB);
    expect(waves).toHaveLength(0); // still within bridge + silence
    const calmActive = active(3, 4, {
      speechFrames: 10,
      levelPowerSum: 10 * 10 ** (-29 / 10), // -29 dB: 1 dB above a -30 dB own level
      recentPowerSum: 10 * 10 ** (-29 / 10),
      recentFrames: 10,
    });
    t.tick(sec(4), calmActive, -30, BAR_DB); // calm, but only 1 s under way
    expect(waves).toHaveLength(0);
    t.tick(sec(4.6), calmActive, -30, BAR_DB); // calm for 1.6 s
    expect(waves).toHaveLength(1);
  });

  it('averages brightness over the loud sentences that have it', () => {
    const { t, waves } = tracker();
    t.add(utt(0, 1), heard(9, 200), never);
    t.add(utt(1.2, 2), heard(9), never);
    t.add(utt(2.2, 3), heard(9, 100), never);
    t.close();
    expect(waves[0]?.brightnessRiseHz).toBe(150);
  });

  it('lets short ordinary utterances pass without ending a wave when asked to', () => {
    const { t, waves } = tracker({ ignoreShorterThanSamples: sec(0.3), hysteresisDb: 0 });
    t.add(utt(0, 1), heard(8), never);
    t.add(utt(1.1, 1.3), heard(0), never); // "mm" at the normal level, 0.2 s
    t.add(utt(1.5, 2.5), heard(8), never);
    t.close();
    expect(waves.map((w) => [w.startSample / R, w.endSample / R])).toEqual([[0, 2.5]]);
  });
});

describe('WaveTracker: the live cue of loud speech', () => {
  /** The utterance from `start` heard `aboveDb` over the party's own level at each tenth of a second to `until`. */
  function hearUntil(t: WaveTracker, start: number, until: number, aboveDb: number, breaks = never): void {
    for (let now = start + 0.1; now <= until + 1e-9; now += 0.1) {
      t.hear(active(start, now), heard(aboveDb), breaks, sec(now));
    }
  }

  it('cues an utterance loud so far once it has lasted cueAfterSamples, once, by the rule a finished one is judged by', () => {
    const { t, cues } = tracker();
    hearUntil(t, 1, 1.55, 9);
    expect(cues).toEqual([]);
    hearUntil(t, 1, 3, 9);
    expect(cues).toEqual(['cue 1 at 1.6']);
    // a nearly loud sentence is not cued on its own...
    const near = tracker();
    hearUntil(near.t, 1, 3, 4);
    expect(near.cues).toEqual([]);
  });

  it('bears out a cue when its wave is kept (the wave names the utterance), and takes it back otherwise, once', () => {
    const kept = tracker();
    hearUntil(kept.t, 1, 2, 9);
    kept.t.add(utt(1, 3), heard(9), never);
    kept.t.close();
    expect(kept.cues).toEqual(['cue 1 at 1.6']);
    expect(kept.waves[0]?.utteranceStarts).toEqual([sec(1)]);
    // it ended not loud
    const calm = tracker();
    hearUntil(calm.t, 1, 2, 9);
    calm.t.tick(sec(3.2), null, -30, BAR_DB);
    calm.t.add(utt(1, 3), heard(1), never);
    calm.t.close();
    calm.t.finish(sec(10));
    expect(calm.cues).toEqual(['cue 1 at 1.6', 'back 1 at 3.2']);
    // loud, but its wave is shorter than the minimum (1.5 s)
    const short = tracker();
    hearUntil(short.t, 1, 1.8, 9);
    short.t.add(utt(1, 2), heard(9), never);
    short.t.tick(sec(5), null, -30, BAR_DB);
    short.t.finish(sec(10));
    expect(short.cues).toEqual(['cue 1 at 1.6', 'back 1 at 5']);
    expect(short.waves).toEqual([]);
  });

  it('keeps a cue on a nearly loud sentence while it may be a wave’s run-up, and takes it back once it cannot be', () => {
    const ramp = tracker();
    hearUntil(ramp.t, 0, 1, 9); // loud so far...
    ramp.t.add(utt(0, 2), heard(4.5), never); // ...but nearly loud in the end: a run-up, perhaps
    ramp.t.add(utt(2.3, 4), heard(9), never); // it is
    ramp.t.finish(sec(10));
    expect(ramp.cues).toEqual(['cue 0 at 0.6']);
    expect(ramp.waves[0]?.utteranceStarts).toEqual([0, sec(2.3)]);
    const alone = tracker();
    hearUntil(alone.t, 0, 1, 9);
    alone.t.add(utt(0, 2), heard(4.5), never);
    alone.t.tick(sec(3.4), null, -30, BAR_DB); // within bridge + silence: a loud one may still come
    expect(alone.cues).toEqual(['cue 0 at 0.6']);
    alone.t.tick(sec(3.6), null, -30, BAR_DB);
    expect(alone.cues).toEqual(['cue 0 at 0.6', 'back 0 at 3.6']);
  });

  it('cues a wave once: a loud sentence going on with a wave already cued is not cued again, a new wave is', () => {
    const { t, cues } = tracker();
    hearUntil(t, 1, 2, 9);
    t.add(utt(1, 3), heard(9), never);
    hearUntil(t, 3.3, 4.5, 9);
    t.add(utt(3.3, 5), heard(9), never);
    // the other party took a turn: a new wave, a new cue
    hearUntil(t, 5.5, 6.5, 9, () => true);
    expect(cues).toEqual(['cue 1 at 1.6', 'cue 5.5 at 6.1']);
  });

  it('takes back, at the end of the call, every cue no kept wave bore out; and a cue the caller passes over', () => {
    const { t, cues } = tracker();
    hearUntil(t, 1, 2, 9);
    t.pass(sec(1));
    hearUntil(t, 4, 5, 9);
    t.finish(sec(5.1));
    expect(cues).toEqual(['cue 1 at 1.6', 'back 1 at 2', 'cue 4 at 4.6', 'back 4 at 5.1']);
  });
});
