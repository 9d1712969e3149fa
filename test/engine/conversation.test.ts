import { describe, expect, it } from 'vitest';
import type { CallEvent, Cue } from '../../src/engine/events.js';
import { RULES } from '../../src/engine/rules.js';
import { judged, play, type Said } from '../helpers/conversation-script.js';

const calm = -30;
const seeds = { customerCalmDb: calm, agentNormalDb: -28 };
const customer = (from: number, to: number, db = calm): Said => ({ who: 'customer', from, to, db });
const agent = (from: number, to: number, db = -28): Said => ({ who: 'agent', from, to, db });

describe('Conversation: who holds the floor', () => {
  it('an agent who answers after the customer finished gives a response with its gap', () => {
    const { events } = play([customer(0, 3), agent(4.2, 6)], { seeds });
    expect(judged(events)).toEqual([['response', 3, 4.2]]);
    const r = events.find((e) => e.type === 'response');
    expect(r && r.type === 'response' && r.gapSamples / 8000).toBeCloseTo(1.2, 2);
  });

  it('an onset in the last 0.1 s of a turn that ends is a reply with no pause, not a talk-over', () => {
    const { events } = play([customer(0, 3), agent(2.9, 5)], { seeds });
    expect(judged(events)).toEqual([['response', 3, 3]]);
  });

  it('an onset 0.3 s before the customer stops is talking over them (the shortest scripted talk-over)', () => {
    const { events } = play([customer(0, 3), agent(2.7, 5)], { seeds });
    expect(judged(events)).toEqual([['interruption', 2.7, 3]]);
  });

  it('the same onset is talking over when the customer goes straight on', () => {
    const { events } = play([customer(0, 3), customer(3.3, 6), agent(2.9, 5)], { seeds });
    expect(judged(events).map((e) => e[0])).toEqual(['interruption']);
  });

  it('an agent who starts 1 s before the customer stops and keeps talking interrupts', () => {
    const { events } = play([customer(0, 3), agent(2, 5)], { seeds });
    expect(judged(events)).toEqual([['interruption', 2, 3]]);
  });

  it('a short "mm hmm" while the customer keeps talking is a backchannel and nothing else', () => {
    const { events, cues } = play([customer(0, 6), agent(2, 2.4)], { seeds });
    expect(judged(events)).toEqual([['backchannel', 2, 2.4]]);
    expect(cues.map((c) => c.type)).toContain('talkingOver'); // provisional, then withdrawn
  });

  it('a short "mm hmm" in the customer’s breath, after which they go on, is a backchannel', () => {
    // the customer pauses 0.7 s inside their turn; the agent's 0.4 s acknowledgement starts 0.1 s into it
    const { events, cues } = play([customer(0, 3), agent(3.1, 3.5), customer(3.7, 6)], { seeds });
    expect(judged(events)).toEqual([['backchannel', 3.1, 3.5]]);
    // (heard in the customer's closing silence it may be cued, as they may still be speaking: then taken back)
    const given = cues.filter((c) => c.type === 'talkingOver').length;
    expect(cues.filter((c) => c.type === 'talkingOverDropped')).toHaveLength(given);
  });

  it('the same short sound is a response when the customer does not go on, or only after a pause of their own', () => {
    expect(judged(play([customer(0, 3), agent(3.1, 3.5)], { seeds }).events)).toEqual([['response', 3, 3.1]]);
    const later = play([customer(0, 3), agent(3.1, 3.5), customer(3.5 + 1.5, 7)], { seeds });
    expect(judged(later.events)[0]).toEqual(['response', 3, 3.1]);
  });

  it('a short interjection the customer yields to is an interruption', () => {
    const { events } = play([customer(0, 2.6), agent(2, 2.8), agent(4.5, 6)], { seeds });
    expect(judged(events)[0]).toEqual(['interruption', 2, 2.6]);
  });

  it('an agent who holds the floor and goes on while the customer cuts in is not interrupting', () => {
    // the agent's turn 1-4 and again from 4.4 (a breath); the customer cuts in at 3.5, before it ends
    const { events } = play([customer(0, 0.8), agent(1, 4), customer(3.5, 6), agent(4.4, 7)], { seeds });
    expect(judged(events).map((e) => e[0])).not.toContain('interruption');
  });

  it('an agent who stopped for longer than a breath and comes back over the customer interrupts', () => {
    const { events } = play([customer(0, 0.8), agent(1, 4), customer(3.5, 7), agent(4.8, 7.5)], { seeds });
    expect(judged(events)).toContainEqual(['interruption', 4.8, 7]);
  });

  it('a loud "mm-hm!" under the customer is a backchannel, never a raised voice', () => {
    const { events } = play([customer(0, 6), agent(2, 2.5, -16), agent(3.5, 4, -16)], { seeds });
    expect(judged(events)).toEqual([
      ['backchannel', 2, 2.5],
      ['backchannel', 3.5, 4],
    ]);
  });

  it('an agent coming in on a breath inside the customer turn is talking over them', () => {
    const { events } = play([customer(0, 3), customer(3.25, 6), agent(3.1, 5.5)], { seeds });
    expect(judged(events).map((e) => e[0])).toEqual(['interruption']);
  });
});

describe('Conversation: levels against each party’s own', () => {
  const venting = (shift: number): Said[] => [
    customer(0, 3, calm + shift),
    agent(3.8, 6, -28 + shift),
    customer(7, 10, calm + 10 + shift),
    customer(10.5, 13, calm + 9 + shift),
    agent(14.5, 17, -28 + shift),
    customer(18, 20, calm + shift),
    agent(21, 23, -20 + shift),
  ];

  it('finds a peak spanning the loud sentences, and a raised reply', () => {
    const { events } = play(venting(0), { seeds });
    expect(judged(events)).toEqual([
      ['response', 3, 3.8],
      ['customerPeak', 7, 13],
      ['response', 13, 14.5],
      ['response', 20, 21],
      ['raisedVoice', 21, 23],
    ]);
  });

  it('gives the same events at any recording level when the seeds move with it', () => {
    const reference = judged(play(venting(0), { seeds }).events);
    for (const shift of [-24, -12, 9]) {
      const moved = { customerCalmDb: calm + shift, agentNormalDb: -28 + shift };
      expect(judged(play(venting(shift), { seeds: moved }).events)).toEqual(reference);
    }
  });

  it('without seeds, learns the customer from their first sentence and the agent from theirs', () => {
    const { events, conversation } = play(venting(-15));
    expect(judged(events)).toEqual(judged(play(venting(0), { seeds }).events));
    expect(conversation.calm.db).toBeCloseTo(calm - 15, 0);
    expect(conversation.normal.db).toBeCloseTo(-28 - 15, 0);
  });

  it('starts the agent from their profile only where neither a setting nor the call gives a level', () => {
    const none = { customerCalmDb: null, agentNormalDb: null };
    const fromProfile = play([], { seeds: { ...none, agentProfileDb: -33 }, untilSec: 1 }).conversation;
    expect([fromProfile.normal.db, fromProfile.normalFrom]).toEqual([-33, 'profile']);
    const fromCall = play([], { seeds: { ...none, agentNormalDb: -28, agentProfileDb: -33 }, untilSec: 1 });
    expect([fromCall.conversation.normal.db, fromCall.conversation.normalFrom]).toEqual([-28, 'call']);
    const fromSetting = play([], {
      settings: { agentNormalDb: -30 },
      seeds: { ...none, agentProfileDb: -33 },
      untilSec: 1,
    }).conversation;
    expect([fromSetting.normal.db, fromSetting.normalFrom]).toEqual([-30, 'setting']);
    expect(fromSetting.calmFrom).toBe('firstWords');
  });

  it('a level given as a setting is not replaced by the agent’s first, raised, reply', () => {
    const { events, conversation } = play([customer(0, 3), agent(4, 6, -20)], {
      settings: { agentNormalDb: -28 },
    });
    expect(conversation.normal.db).toBeLessThan(-27);
    expect(judged(events).some((e) => e[0] === 'raisedVoice')).toBe(true);
  });

  it('a colleague heard before the agent does not become the agent’s normal level', () => {
    const script: Said[] = [
      { who: 'agent', from: 0, to: 2, db: -40 }, // a colleague in the room, first on the agent's line
      customer(2.5, 5),
      agent(6, 9),
      customer(10, 12),
      agent(13, 15),
    ];
    const { events, conversation } = play(script);
    expect(conversation.normal.db).toBeGreaterThan(-29);
    expect(judged(events).some((e) => e[0] === 'raisedVoice')).toBe(false);
  });
});

describe('Conversation: a wave across the customer’s breath', () => {
  const loud = calm + 10;
  const peaks = (script: Said[]): [number, number][] =>
    judged(play(script, { seeds }).events)
      .filter((e) => e[0] === 'customerPeak')
      .map((e) => [e[1], e[2]]);

  it('stays one wave when the agent’s talk-over only runs 0.1 s into the breath', () => {
    expect(peaks([customer(0, 3, loud), agent(1.5, 3.1), customer(3.3, 6, loud)])).toEqual([[0, 6]]);
  });

  it('is two waves when the agent holds the pause between the loud sentences', () => {
    expect(peaks([customer(0, 3, loud), agent(1.5, 3.3), customer(3.4, 6, loud)])).toEqual([
      [0, 3],
      [3.4, 6],
    ]);
  });
});

describe('Conversation: the verdict on each peak, linked to its reply', () => {
  const loud = calm + 10;
  const verdictOf = (script: Said[]) => {
    const { events } = play(script, { seeds });
    const v = events.filter((e) => e.type === 'peakVerdict');
    expect(v).toHaveLength(1);
    return v[0] as Extract<(typeof events)[number], { type: 'peakVerdict' }>;
  };

  it('complied: the agent waited 1.5 s and answered at their normal level', () => {
    const v = verdictOf([customer(0, 3, loud), customer(3.4, 6, loud), agent(7.5, 10)]);
    expect(v.complied).toBe(true);
    expect([v.startSample / 8000, v.endSample / 8000]).toEqual([0, 6]);
    expect(v.reply && [v.reply.startSample / 8000, v.reply.endSample / 8000]).toEqual([6, 7.5]);
    expect(v.unanswered).toBeNull();
  });

  it('too soon: a reply 0.5 s after the peak', () => {
    const v = verdictOf([customer(0, 3, loud), agent(3.5, 6)]);
    expect(v.complied).toBe(false);
    expect(v.reply && (v.reply.endSample - v.reply.startSample) / 8000).toBeCloseTo(0.5, 2);
    expect(v.interrupted).toBe(false);
  });

  it('a reply in the last moment of the peak is a reply with no pause', () => {
    const v = verdictOf([customer(0, 3, loud), agent(2.9, 6)]);
    expect(v.complied).toBe(false);
    expect(v.interrupted).toBe(false);
    expect(v.reply && v.reply.endSample - v.reply.startSample).toBe(0);
  });

  it('talked over: an interruption inside the peak', () => {
    const v = verdictOf([customer(0, 4, loud), agent(2, 6)]);
    expect(v.complied).toBe(false);
    expect(v.interrupted).toBe(true);
  });

  it('raised: the reply after a good pause was 8 dB over the agent’s normal level', () => {
    const v = verdictOf([customer(0, 3, loud), agent(4.5, 7, -20)]);
    expect(v.complied).toBe(false);
    expect(v.raisedReply).toBe(true);
  });

  it('a long raised reply is judged 2 s into it, not at its end', () => {
    const { events } = play([customer(0, 3, loud), agent(4.5, 20, -20)], { seeds });
    const v = events.find((e) => e.type === 'peakVerdict');
    const at = events.indexOf(v as (typeof events)[number]);
    const replyEnd = events.findIndex((e) => e.type === 'speech' && e.party === 'agent');
    expect(v && v.type === 'peakVerdict' && v.raisedReply).toBe(true);
    expect(at).toBeLessThan(replyEnd);
  });

  it('unanswered: the customer went on calmly before the agent said anything', () => {
    const v = verdictOf([customer(0, 3, loud), customer(5, 8), agent(9, 11)]);
    expect(v.complied).toBeNull();
    expect(v.unanswered).toBe('customerWentOn');
  });

  it('unanswered: the call ended after the peak', () => {
    const v = verdictOf([agent(0, 2), customer(3, 6, loud)]);
    expect(v.complied).toBeNull();
    expect(v.unanswered).toBe('callEnded');
  });

  it('a backchannel inside the peak is not a talk-over', () => {
    const v = verdictOf([customer(0, 6, loud), agent(2, 2.4), agent(7.5, 9)]);
    expect(v.interrupted).toBe(false);
    expect(v.complied).toBe(true);
  });
});

describe('Conversation: the live cues of loud speech, the engine’s own decision made early', () => {
  /** Each cue of `type` (and its take-back) as [onset s, at s], rounded to 10 ms. */
  const cuesOf = (cues: readonly Cue[], type: Cue['type']): [number, number][] =>
    cues
      .filter((c) => c.type === type)
      .map((c) => [
        Math.round(('onsetSample' in c ? c.onsetSample : 0) / 80) / 100,
        Math.round(c.atSample / 80) / 100,
      ]);
  const onsetsIn = (events: readonly CallEvent[], type: 'customerPeak' | 'raisedVoice'): number[] =>
    events.flatMap((e) => (e.type === type ? (e.utteranceStarts ?? []).map((s) => s / 8000) : []));

  it('cues a loud sentence 0.6 s in, names it, and the peak bears it out by name: cued once per wave', () => {
    const { events, cues } = play(
      [customer(0, 3), customer(7, 10, calm + 12), customer(10.5, 13, calm + 12)],
      {
        seeds,
      },
    );
    const venting = cuesOf(cues, 'customerVenting');
    expect(venting).toHaveLength(1);
    const [onset, atSec] = venting[0] as [number, number];
    expect(onset).toBe(7);
    expect(atSec - 7).toBeGreaterThanOrEqual(RULES.ventingCueSec);
    expect(atSec - 7).toBeLessThanOrEqual(RULES.ventingCueSec + 0.04);
    expect(onsetsIn(events, 'customerPeak')).toEqual([7, 10.5]);
    expect(cuesOf(cues, 'customerVentingDropped')).toEqual([]);
  });

  it('cues a sentence nearer the bar later, once the margin for what is still to come has shrunk', () => {
    // 8 dB over calm against the 6 dB bar: heard cueMarginDb lower 0.6 s in, the margin shrinking as 1/t
    const { cues } = play([customer(0, 3), customer(7, 10, calm + 8), customer(10.5, 13, calm + 8)], {
      seeds,
    });
    const [, atSec] = cuesOf(cues, 'customerVenting')[0] as [number, number];
    const due = (RULES.ventingCueSec * RULES.cueMarginDb) / (8 - 6);
    expect(atSec - 7).toBeGreaterThanOrEqual(due - 0.04);
    expect(atSec - 7).toBeLessThanOrEqual(due + 0.04);
  });

  it('takes back, naming it, a loud sentence whose wave is too short to be a peak', () => {
    const { events, cues } = play([customer(0, 3), customer(7, 8.2, calm + 12), customer(9.8, 12)], {
      seeds,
    });
    expect(events.some((e) => e.type === 'customerPeak')).toBe(false);
    expect(cuesOf(cues, 'customerVenting').map((c) => c[0])).toEqual([7]);
    expect(cuesOf(cues, 'customerVentingDropped').map((c) => c[0])).toEqual([7]);
  });

  it('cues a raised reply and the raised-voice span bears it out; a loud "mm-hm!" under the customer is never cued', () => {
    const { events, cues } = play(
      [customer(0, 3), agent(4, 6.5, -18), customer(8, 14), agent(10, 10.5, -16)],
      {
        seeds,
      },
    );
    expect(cuesOf(cues, 'louderThanNormal').map((c) => c[0])).toEqual([4]);
    expect(onsetsIn(events, 'raisedVoice')).toEqual([4]);
    expect(cuesOf(cues, 'louderThanNormalDropped')).toEqual([]);
  });
});

describe('Conversation: from the first words (no first pass, as live)', () => {
  const none = { customerCalmDb: null, agentNormalDb: -28 };
  /** The customer opens angry (10 dB over their calm voice), calms down, and vents again later. */
  const opensAngry: Said[] = [
    customer(1, 4, calm + 10),
    customer(4.4, 8, calm + 10),
    agent(9.5, 11),
    customer(12, 15),
    customer(15.4, 18.5),
    agent(19.5, 21),
    customer(22, 25, calm + 10),
    customer(25.4, 28, calm + 10),
    agent(29.5, 31),
  ];
  const peaksOf = (events: readonly CallEvent[]): [number, number][] =>
    judged(events)
      .filter((e) => e[0] === 'customerPeak')
      .map((e) => [e[1], e[2]]);

  it('the calm level settles on the customer’s calm sentences once they come, as the first pass would set it', () => {
    const { events, conversation } = play(opensAngry, { seeds: none });
    // the opening wave is all there is at first: it is the level; the wave after the calm sentences is a peak
    expect(peaksOf(events)).toEqual([[22, 28]]);
    expect(conversation.calm.db).toBeCloseTo(calm, 0);
    expect(conversation.calmFrom).toBe('firstWords');
  });

  it('with the calm level of the customers on the agent’s line (their profile), the opening wave is a peak too', () => {
    const { events, conversation } = play(opensAngry, { seeds: { ...none, customerPriorDb: calm - 1 } });
    expect(peaksOf(events)).toEqual([
      [1, 8],
      [22, 28],
    ]);
    expect(conversation.calmFrom).toBe('profile');
    expect(conversation.calm.db).toBeCloseTo(calm, 0);
  });

  it('a customer whose every word is loud against the line’s level is that loud for customerPriorHoldSec at most: then it is their voice', () => {
    const script: Said[] = [];
    for (let t = 1; t < 60; t += 4) script.push(customer(t, t + 3, calm + 10));
    const { events, conversation } = play(script, { seeds: { ...none, customerPriorDb: calm } });
    const peaks = peaksOf(events);
    expect(peaks.length).toBeGreaterThan(0);
    // judged against the prior while they have spoken less than the hold (3 s a sentence)
    const lastLoud = Math.max(...peaks.map((p) => p[1]));
    expect(lastLoud).toBeLessThanOrEqual(1 + 4 * Math.ceil(RULES.customerPriorHoldSec / 3));
    expect(conversation.calm.db).toBeCloseTo(calm + 10, 0);
  });
});
