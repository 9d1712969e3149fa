import type { Cue } from './events.js';
import { RULES } from './rules.js';
import { utteranceLevelDb, type ActiveUtterance } from './speech-tracker.js';

/** What the talk-over cue hears of the agent's channel in one frame. */
export interface AgentSound {
  /** The agent-channel utterance under way (confirmed or not), or null. */
  active: ActiveUtterance | null;
  /** The customer is speaking (an utterance of theirs is under way). */
  customerSpeaking: boolean;
  /** The quietest level still taken for the agent (a colleague is quieter), dB; -Infinity before it is known. */
  agentFloorDb: number;
  /** The agent's normal level, dB; null before it is known. */
  agentNormalDb: number | null;
  /** An onset at `sample` goes on with an agent turn already under way over the customer (the turn rules' rule). */
  continuesTurn(sample: number): boolean;
}

/**
 * The live talk-over cue, from the moment it is given to the moment it is borne out or taken back: one
 * owner for its state (docs/live.md, "Cues"). It is given once per agent onset, as soon as the agent's voice
 * has held for earlyTalkOverFrames over the customer's speech at the voice a turn is taken in (before the
 * utterance is confirmed, to be within the cue's 300 ms target), or when the turn rules find an onset over
 * the customer's speech that was not cued yet. An onset softer than that (an acknowledgement is said
 * softer than a turn) is cued only when the turn rules decide it is an interruption. The engine then says what became of every onset it cued:
 * an interruption with the same onset bears the cue out; anything else takes it back with
 * `talkingOverDropped` naming the onset (the sound never became the agent's speech: too short, or a
 * colleague; the onset was a backchannel, a reply at the very end of the customer's turn, or the agent going
 * on with their own turn). An onset that goes on with a turn already under way over the customer gets no cue
 * of its own: that turn's cue stands for it.
 */
export class TalkOverCue {
  /** Onsets cued and not decided yet (samples). */
  private readonly open = new Set<number>();
  /** The onset cued before its utterance was confirmed as the agent's, else -1. */
  private early = -1;
  /** The last frame heard, samples. */
  private now = 0;
  /** Onsets over the customer heard softer than a turn is taken in: cued only once decided a talk-over. */
  private readonly soft = new Set<number>();
  /** The onset of the sound under way when the last frame heard it softer than a turn, else -1. */
  private softSound = -1;

  constructor(private readonly cue: (c: Cue) => void) {}

  /**
   * One frame of the agent's channel, at `now` (samples): cues an onset heard over the customer, and takes
   * back an early cue whose sound ended, or was dropped, before it became the agent's speech.
   */
  hear(sound: AgentSound, now: number): void {
    this.now = now;
    const a = sound.active;
    this.softSound = a && !fullVoice(sound) ? a.startSample : -1;
    if (this.early >= 0 && a?.startSample !== this.early) this.decided(this.early, false, now);
    if (
      a &&
      !a.confirmed &&
      a.speechFrames >= RULES.earlyTalkOverFrames &&
      this.early !== a.startSample &&
      !this.open.has(a.startSample) &&
      sound.customerSpeaking &&
      utteranceLevelDb(a) >= sound.agentFloorDb &&
      this.softSound < 0 &&
      !sound.continuesTurn(a.startSample)
    ) {
      this.early = a.startSample;
      this.give(a.startSample, now);
    }
  }

  /**
   * The sound at `onset` was confirmed as the agent's speech: the turn rules decide it from here. When it goes
   * on with a turn under way (`continues`), that turn's cue stands for it: a cue given to it is taken back.
   */
  started(onset: number, continues: boolean): void {
    if (this.early === onset) this.early = -1;
    if (continues) this.decided(onset, false, this.now);
  }

  /** The turn rules found the agent onset talking over the customer: the cue, if not given already. */
  overlapping(onset: number, now: number): void {
    if (this.open.has(onset) || this.soft.has(onset)) return;
    if (onset === this.softSound) this.soft.add(onset);
    else this.give(onset, now);
  }

  /**
   * What the onset was is decided: a talk-over (an interruption, whose event bears the cue out) or not (the
   * cue, if one was given, is taken back).
   */
  decided(onset: number, talkOver: boolean, now: number): void {
    if (this.early === onset) this.early = -1;
    if (this.soft.delete(onset)) {
      // shown only now that it is borne out: nothing to take back
      if (talkOver) this.cue({ type: 'talkingOver', atSample: now, onsetSample: onset });
      return;
    }
    if (!this.open.delete(onset) || talkOver) return;
    this.cue({ type: 'talkingOverDropped', atSample: now, onsetSample: onset });
  }

  /** End of the call: an early cue whose sound never became the agent's speech is taken back. */
  finish(now: number): void {
    if (this.early >= 0) this.decided(this.early, false, now);
  }

  private give(onset: number, now: number): void {
    this.open.add(onset);
    this.cue({ type: 'talkingOver', atSample: now, onsetSample: onset });
  }
}

/**
 * The sound under way is at the voice a turn is taken in: at most turnBelowNormalDb under the agent's normal
 * level (or that level is not known yet). Softer sound over the customer is most often an acknowledgement.
 */
function fullVoice(sound: AgentSound): boolean {
  const a = sound.active;
  if (!a || sound.agentNormalDb === null) return true;
  return utteranceLevelDb(a) >= sound.agentNormalDb - RULES.turnBelowNormalDb;
}
