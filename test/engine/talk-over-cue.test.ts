/**
 * The live talk-over cue (src/engine/talk-over-cue.ts): given once per agent onset heard over the customer,
 * then borne out by an interruption with the same onset or taken back naming it, exactly once. First the
 * class alone, frame by frame; then through the turn rules with hand-made utterances (Conversation), where
 * every expectation follows from where the script puts the utterances.
 */
import { describe, expect, it } from 'vitest';
import type { CallEvent, Cue } from '../../src/engine/events.js';
import { RULES } from '../../src/engine/rules.js';
import { FRAME_SAMPLES, type ActiveUtterance } from '../../src/engine/speech-tracker.js';
import { TalkOverCue, type AgentSound } from '../../src/engine/talk-over-cue.js';
import { play, type Said } from '../helpers/conversation-script.js';

const RATE = 8000;
const at = (sec: number): number => Math.round(sec * RATE);

/** Agent-channel sound under way from `startSec`, `frames` speech frames long, at `db`. */
function sound(startSec: number, frames: number, db = -30, confirmed = false): ActiveUtterance {
  return {
    startSample: at(startSec),
    lastSpeechSample: at(startSec) + frames * FRAME_SAMPLES,
    speechFrames: frames,
    levelPowerSum: frames * Math.pow(10, db / 10),
    recentPowerSum: frames * Math.pow(10, db / 10),
    recentFrames: frames,
    centroidSum: 0,
    centroidCount: 0,
    pitchSum: 0,
    pitchCount: 0,
    peakSubDb: -Infinity,
    confirmed,
  };
}

function heard(active: ActiveUtterance | null, o: Partial<Omit<AgentSound, 'active'>> = {}): AgentSound {
  return {
    active,
    customerSpeaking: o.customerSpeaking ?? true,
    agentFloorDb: o.agentFloorDb ?? -40,
    agentNormalDb: o.agentNormalDb ?? null,
    continuesTurn: o.continuesTurn ?? (() => false),
  };
}

function cueOwner(): { owner: TalkOverCue; cues: Cue[] } {
  const cues: Cue[] = [];
  return { owner: new TalkOverCue((c) => void cues.push(c)), cues };
}

describe('TalkOverCue, frame by frame', () => {
  it('cues an onset once its sound has held earlyTalkOverFrames over the customer, and only once', () => {
    const { owner, cues } = cueOwner();
    const need = RULES.earlyTalkOverFrames;
    for (let f = 1; f < need; f++) owner.hear(heard(sound(2, f)), at(2) + f * FRAME_SAMPLES);
    expect(cues).toEqual([]);
    owner.hear(heard(sound(2, need)), at(2) + need * FRAME_SAMPLES);
    owner.hear(heard(sound(2, need + 1)), at(2) + (need + 1) * FRAME_SAMPLES);
    expect(cues).toEqual([
      { type: 'talkingOver', atSample: at(2) + need * FRAME_SAMPLES, onsetSample: at(2) },
    ]);
  });

  it('gives no cue when the customer is not speaking, the sound is under the agent’s level, or it goes on with a turn', () => {
    const { owner, cues } = cueOwner();
    owner.hear(heard(sound(2, 3), { customerSpeaking: false }), at(3));
    owner.hear(heard(sound(4, 3, -50), { agentFloorDb: -40 }), at(5));
    owner.hear(heard(sound(6, 3), { continuesTurn: (s) => s === at(6) }), at(7));
    expect(cues).toEqual([]);
  });

  it('waits, for a sound softer than a turn is taken in, until the turn rules decide it: cued then if a talk-over', () => {
    const { owner, cues } = cueOwner();
    const normal = { agentNormalDb: -30 };
    const soft = -30 - RULES.turnBelowNormalDb - 1;
    owner.hear(heard(sound(2, 3, soft), normal), at(2.1));
    owner.overlapping(at(2), at(2.2));
    owner.decided(at(2), false, at(3)); // a backchannel: nothing was shown, nothing to take back
    owner.hear(heard(sound(5, 3, soft), normal), at(5.1));
    owner.overlapping(at(5), at(5.2));
    expect(cues).toEqual([]);
    owner.decided(at(5), true, at(6.5)); // an interruption: cued when decided
    owner.hear(heard(sound(8, 3, -31), normal), at(8.1)); // within turnBelowNormalDb: cued at once
    expect(cues).toEqual([
      { type: 'talkingOver', atSample: at(6.5), onsetSample: at(5) },
      { type: 'talkingOver', atSample: at(8.1), onsetSample: at(8) },
    ]);
  });

  it('takes back an early cue whose sound ended (or was dropped) before it was confirmed, naming its onset', () => {
    const { owner, cues } = cueOwner();
    owner.hear(heard(sound(2, 2)), at(2.1));
    owner.hear(heard(null), at(2.2));
    owner.hear(heard(null), at(2.3));
    expect(cues).toEqual([
      { type: 'talkingOver', atSample: at(2.1), onsetSample: at(2) },
      { type: 'talkingOverDropped', atSample: at(2.2), onsetSample: at(2) },
    ]);
  });

  it('leaves a confirmed onset to the turn rules: borne out says nothing more, anything else takes it back once', () => {
    const { owner, cues } = cueOwner();
    owner.hear(heard(sound(2, 2)), at(2.1));
    owner.started(at(2), false);
    owner.hear(heard(sound(2, 5, -30, true)), at(2.2));
    owner.hear(heard(sound(5, 2)), at(5.1));
    owner.started(at(5), false);
    owner.decided(at(2), true, at(4));
    owner.decided(at(5), false, at(6));
    owner.decided(at(5), false, at(6.1));
    expect(cues.map((c) => [c.type, c.atSample, 'onsetSample' in c ? c.onsetSample : null])).toEqual([
      ['talkingOver', at(2.1), at(2)],
      ['talkingOver', at(5.1), at(5)],
      ['talkingOverDropped', at(6), at(5)],
    ]);
  });

  it('takes back a cue whose onset turns out to go on with a turn already under way, and an early one at the end of the call', () => {
    const { owner, cues } = cueOwner();
    owner.hear(heard(sound(2, 2)), at(2.1));
    owner.started(at(2), true);
    owner.hear(heard(sound(5, 2)), at(5.1));
    owner.finish(at(5.2));
    expect(cues.filter((c) => c.type === 'talkingOverDropped').map((c) => c.onsetSample)).toEqual([
      at(2),
      at(5),
    ]);
  });
});

const seeds = { customerCalmDb: -30, agentNormalDb: -28 };
const customer = (from: number, to: number): Said => ({ who: 'customer', from, to, db: -30 });
const agent = (from: number, to: number, db = -28): Said => ({ who: 'agent', from, to, db });

/** Each talk-over cue's onset (s) with what became of it: the interruption that bore it out, or its take-back. */
function fates(cues: readonly Cue[], events: readonly CallEvent[]): [number, string][] {
  return cues
    .filter((c): c is Extract<Cue, { type: 'talkingOver' }> => c.type === 'talkingOver')
    .map((c) => {
      const bornOut = events.filter((e) => e.type === 'interruption' && e.startSample === c.onsetSample);
      const takenBack = cues.filter(
        (d) => d.type === 'talkingOverDropped' && d.onsetSample === c.onsetSample,
      );
      const fate = [...bornOut.map(() => 'interruption'), ...takenBack.map(() => 'taken back')].join(' + ');
      return [c.onsetSample / RATE, fate];
    });
}

describe('the talk-over cue through the turn rules', () => {
  it('an agent who talks over the customer: cued within 0.1 s of the onset, borne out by the interruption', () => {
    const { events, cues } = play([customer(0, 3), agent(2, 5)], { seeds });
    expect(fates(cues, events)).toEqual([[2, 'interruption']]);
    const cue = cues.find((c) => c.type === 'talkingOver');
    expect((cue?.atSample ?? Infinity) / RATE - 2).toBeLessThanOrEqual(0.1);
  });

  it('a backchannel: cued, then taken back once, when the backchannel is decided', () => {
    const { events, cues } = play([customer(0, 6), agent(2, 2.4)], { seeds });
    expect(fates(cues, events)).toEqual([[2, 'taken back']]);
    const bc = events.find((e) => e.type === 'backchannel');
    const drop = cues.find((c) => c.type === 'talkingOverDropped');
    expect(drop?.atSample).toBeGreaterThanOrEqual(bc?.endSample ?? Infinity);
  });

  it('a soft backchannel (6 dB under the agent’s normal level) gets no cue; a soft interruption is cued when decided', () => {
    const soft = -28 - 6;
    const { events, cues } = play([customer(0, 6), agent(2, 2.4, soft)], { seeds });
    expect(events.some((e) => e.type === 'backchannel')).toBe(true);
    expect(cues.filter((c) => c.type === 'talkingOver')).toEqual([]);
    const late = play([customer(0, 6), agent(2, 5, soft)], { seeds });
    expect(fates(late.cues, late.events)).toEqual([[2, 'interruption']]);
  });

  it('a reply in the last moment of the customer’s turn: cued while both speak, taken back as a response', () => {
    const { events, cues } = play([customer(0, 3), agent(2.9, 5)], { seeds });
    expect(events.some((e) => e.type === 'response' && e.onsetSample === at(2.9))).toBe(true);
    expect(fates(cues, events)).toEqual([[2.9, 'taken back']]);
  });

  it('an agent going on after a breath, over the customer, is one turn: one cue, borne out once', () => {
    const { events, cues } = play([customer(0, 8), agent(2, 3), agent(3.4, 6)], { seeds });
    expect(fates(cues, events)).toEqual([[2, 'interruption']]);
  });

  it('an agent who holds the floor while the customer cuts in: cued over the customer, taken back', () => {
    const { events, cues } = play([customer(0, 0.8), agent(1, 4), customer(3.5, 6), agent(4.4, 7)], {
      seeds,
    });
    expect(events.some((e) => e.type === 'interruption')).toBe(false);
    for (const [, fate] of fates(cues, events)) expect(fate).toBe('taken back');
  });
});
