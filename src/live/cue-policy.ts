/**
 * Which of the engine's provisional cues and final verdicts the agent sees, and when each goes away.
 *
 * From what agents report about live coaching tools: one cue at a time (the more urgent replaces the
 * less), a cooldown per kind and a cap per call so nobody is nagged, a snooze and a per-kind mute, a
 * cue that clears itself when the behaviour stops, and every cue readable: once shown it stays at least
 * `minShownSec` (a more urgent cue, a snooze or a mute excepted). A cue the engine takes back (it names the
 * utterance each cue was about, and says what became of it: events.ts, Cue) goes quietly and gives back its
 * cooldown and its place under the cap, so it never blocks the next real one. Pure: call time in, cue
 * changes out; docs/live.md lists the defaults.
 */
import type { Cue, CallEvent } from '../engine/events.js';
import type { TimelinePoint } from '../engine/engine.js';
import type { Settings } from '../engine/settings.js';
import type { CueControls, LiveAction, LiveCue, LiveCueKind } from './protocol.js';

export interface CuePolicySettings {
  /** After a cue of a kind is shown, no other of that kind for this long, s. */
  cooldownSec: Record<LiveCueKind, number>;
  /** Cues shown per call, at most. */
  capPerCall: number;
  /** How long a snooze lasts, s. */
  snoozeSec: number;
  /** How long a note after a peak shows, s. */
  noteSec: number;
  /** A behaviour has stopped after this long without the party speaking, s. */
  stoppedSec: number;
  /** A raised voice has come down after this long below the raised-voice threshold, s. */
  calmedSec: number;
  /**
   * A cue shows at least this long, even when taken back or cleared sooner, s: its title (2-4 words)
   * read at about 4 words a second, after about 0.5 s to look at the window. 0..5, default 1.5.
   */
  minShownSec: number;
}

export const DEFAULT_CUE_POLICY: CuePolicySettings = {
  cooldownSec: {
    talkingOver: 10,
    customerVenting: 30,
    louderThanNormal: 20,
    waitedForPause: 60,
    peakMissed: 20,
  },
  capPerCall: 30,
  snoozeSec: 120,
  noteSec: 6,
  stoppedSec: 0.6,
  calmedSec: 1.5,
  minShownSec: 1.5,
};

/** The engine setting the policy reads: the raised-voice level (a louder-voice cue clears below it). */
export type CueEngineSettings = Pick<Settings, 'raisedVoiceDb'>;

/** The more urgent cue replaces the less urgent one; a less urgent one waits its turn (held back). */
const URGENCY: Record<LiveCueKind, number> = {
  talkingOver: 4,
  louderThanNormal: 3,
  customerVenting: 2,
  peakMissed: 1,
  waitedForPause: 0,
};

/** The cues the engine bears out or takes back, by the kind of its cues; the notes after a peak are verdicts already. */
type ClaimKind = 'talkingOver' | 'customerVenting' | 'louderThanNormal';
const CLAIM_KINDS: ReadonlySet<LiveCueKind> = new Set<ClaimKind>([
  'talkingOver',
  'customerVenting',
  'louderThanNormal',
]);

/** A note after a peak held back by a more urgent cue is still shown when that clears within this long, s. */
const NOTE_WAITS_SEC = 10;
/**
 * Claims still undecided after this long are forgotten (they stay counted), s: a bound on memory, longer
 * than the engine takes to decide an onset or close a wave short of minPeakSec.
 */
const PENDING_SEC = 30;

type Offer = Pick<LiveCue, 'kind' | 'title' | 'detail' | 'positive' | 'provisional'>;

export interface CuePolicyOutput {
  cue(c: LiveCue): void;
  controls(c: CueControls): void;
}

/**
 * A cue shown and not yet borne out: it stands for the engine's cues of its kind given while it showed
 * (their onsets, each an utterance's start), until the engine bears one of them out (an interruption
 * starting at the onset; a customer peak or a raised-voice span naming it) or takes every one of them back.
 * Taking it back gives back what showing it took: its cooldown and its place under the cap.
 */
interface Claim {
  cue: LiveCue;
  /** When its cooldown started, s. */
  shownSec: number;
  /** The cooldown of its kind before it, to give back. */
  previousShownSec: number | undefined;
  /** The engine's onsets (samples) it stands for, each not yet decided. */
  onsets: Set<number>;
  /** Taken back while still on screen: it goes once it has shown minShownSec. */
  takenBack: boolean;
}

export class CuePolicy {
  private current: LiveCue | null = null;
  private readonly shown: LiveCue[] = [];
  private readonly lastShownSec = new Map<LiveCueKind, number>();
  private readonly muted = new Set<LiveCueKind>();
  private snoozedUntilSec: number | null = null;
  private heldBack = 0;
  private count = 0;
  private nextId = 1;
  private nowSec = 0;
  private agentLastSpokeSec = -Infinity;
  private customerLastSpokeSec = -Infinity;
  private agentLoudLastSec = -Infinity;
  /** The latest note after a peak held back by a more urgent cue, and when it was due. */
  private waitingNote: { offer: Offer; dueSec: number } | null = null;
  /** Cues not yet borne out or taken back, by cue id. */
  private readonly claims = new Map<number, Claim>();

  constructor(
    private readonly rateHz: number,
    private readonly engine: CueEngineSettings,
    private readonly out: CuePolicyOutput,
    private readonly settings: CuePolicySettings = DEFAULT_CUE_POLICY,
  ) {}

  /** Every cue shown so far, in order, as it stands now. */
  get history(): readonly LiveCue[] {
    return this.shown;
  }

  get controls(): CueControls {
    return { snoozedUntilSec: this.snoozedUntilSec, muted: [...this.muted], heldBack: this.heldBack };
  }

  /** A cue from the engine: one to show, or the engine taking one back. */
  engineCue(c: Cue): void {
    this.advance(c.atSample / this.rateHz);
    switch (c.type) {
      case 'talkingOver':
        this.claimed(c.onsetSample, {
          kind: 'talkingOver',
          title: 'Let them finish',
          detail: 'you are talking over the customer',
          positive: false,
          provisional: true,
        });
        break;
      case 'customerVenting':
        this.claimed(c.onsetSample, {
          kind: 'customerVenting',
          title: 'Let them vent',
          detail: 'the customer is well above their calm level; wait for the pause',
          positive: false,
          provisional: false,
        });
        break;
      case 'louderThanNormal':
        this.claimed(c.onsetSample, {
          kind: 'louderThanNormal',
          title: 'Lower your voice',
          detail: `+${c.aboveNormalDb.toFixed(0)} dB over your usual level`,
          positive: false,
          provisional: false,
        });
        break;
      case 'talkingOverDropped':
        this.settle('talkingOver', [c.onsetSample], false);
        break;
      case 'customerVentingDropped':
        this.settle('customerVenting', [c.onsetSample], false);
        break;
      case 'louderThanNormalDropped':
        this.settle('louderThanNormal', [c.onsetSample], false);
        break;
    }
  }

  /** A final event from the engine: bears out a cue, or says how a peak went. */
  event(e: CallEvent): void {
    switch (e.type) {
      case 'interruption':
        this.settle('talkingOver', [e.startSample], true);
        break;
      case 'customerPeak':
        this.settle('customerVenting', e.utteranceStarts ?? [], true);
        break;
      case 'raisedVoice':
        this.settle('louderThanNormal', e.utteranceStarts ?? [], true);
        break;
      case 'peakVerdict':
        this.verdict(e);
        break;
      case 'backchannel':
      case 'response':
      case 'speech':
        break;
    }
  }

  /** A timeline point (about 10 per second): time goes on, and a cue whose behaviour stopped clears. */
  point(p: TimelinePoint): void {
    this.advance(p.sample / this.rateHz);
    const now = this.nowSec;
    if (p.agentSpeaking) this.agentLastSpokeSec = now;
    if (p.customerSpeaking) this.customerLastSpokeSec = now;
    if (p.agentSpeaking && p.agentRelDb !== null && p.agentRelDb >= this.engine.raisedVoiceDb)
      this.agentLoudLastSec = now;
    const c = this.current;
    if (!c) return;
    const s = this.settings;
    const readSec = Math.max(s.stoppedSec, s.minShownSec);
    const read = now - c.atSec >= readSec;
    const quietFor = (lastSec: number): boolean => read && now - lastSec >= s.stoppedSec;
    const agentStopped = quietFor(this.agentLastSpokeSec);
    let stop: boolean;
    switch (c.kind) {
      case 'talkingOver':
        // the overlap is over when either of them stopped
        stop = agentStopped || quietFor(this.customerLastSpokeSec);
        break;
      case 'customerVenting':
        stop = quietFor(this.customerLastSpokeSec);
        break;
      case 'louderThanNormal':
        stop = agentStopped || (read && now - Math.max(this.agentLoudLastSec, c.atSec) >= s.calmedSec);
        break;
      default:
        stop = now - c.atSec >= s.noteSec;
    }
    if (this.claims.get(c.id)?.takenBack && now - c.atSec >= s.minShownSec) stop = true;
    if (stop) this.end(c, c.kind === 'talkingOver' && !c.provisional ? 'confirmed' : 'cleared');
  }

  action(a: LiveAction): void {
    switch (a.type) {
      case 'snooze':
        this.snoozedUntilSec = this.nowSec + this.settings.snoozeSec;
        if (this.current) this.end(this.current, 'cleared');
        break;
      case 'unsnooze':
        this.snoozedUntilSec = null;
        break;
      case 'mute':
        this.muted.add(a.kind);
        if (this.current?.kind === a.kind) this.end(this.current, 'cleared');
        break;
      case 'unmute':
        this.muted.delete(a.kind);
        break;
      case 'wrongCue': {
        const cue = this.shown.find((c) => c.id === a.id);
        if (!cue) return;
        cue.wrong = true;
        this.changed(cue);
        break;
      }
    }
    this.out.controls(this.controls);
  }

  /** The call ended (after the engine's last events and take-backs): the cue showing ends with it. */
  finish(): void {
    if (this.current) this.end(this.current, 'callEnded');
  }

  private verdict(e: Extract<CallEvent, { type: 'peakVerdict' }>): void {
    if (e.complied === null) return;
    const gapSec = e.reply ? (e.reply.endSample - e.reply.startSample) / this.rateHz : null;
    if (e.complied) {
      this.offer({
        kind: 'waitedForPause',
        title: 'You waited for the pause',
        detail:
          gapSec === null ? 'and answered calmly' : `${gapSec.toFixed(1)} s of silence, then a calm reply`,
        positive: true,
        provisional: false,
      });
      return;
    }
    const why = e.interrupted
      ? 'you talked over the peak'
      : e.raisedReply
        ? 'your reply was louder than usual'
        : gapSec !== null
          ? `you replied ${gapSec.toFixed(1)} s after they stopped`
          : 'the reply came too soon';
    this.offer({
      kind: 'peakMissed',
      title: 'Next time, wait for the pause',
      detail: why,
      positive: false,
      provisional: false,
    });
  }

  /**
   * The engine cued the utterance from `onset`. While a cue of that kind shows (for a talk-over: checking,
   * confirmed, or taken back but still readable), the onset joins it: the agent keeps seeing one cue, not a
   * flicker of new ones, and it stands until every onset it stands for is taken back. Otherwise a new cue,
   * as any other.
   */
  private claimed(onset: number, o: Offer & { kind: ClaimKind }): void {
    for (const claim of this.claims.values()) {
      if (claim.cue.kind === o.kind && claim.onsets.has(onset)) return; // cued already
    }
    const c = this.current;
    if (c?.kind === o.kind) {
      // (a cue already borne out needs nothing more: it shows what it says)
      const claim = this.claims.get(c.id);
      if (!claim) return;
      claim.onsets.add(onset);
      if (claim.takenBack) {
        // it stands for a cue of its kind again: it takes a cooldown and its place under the cap back
        claim.takenBack = false;
        claim.previousShownSec = this.lastShownSec.get(o.kind);
        claim.shownSec = this.nowSec;
        this.lastShownSec.set(o.kind, this.nowSec);
        this.count++;
      }
      this.changed(c);
      return;
    }
    const cue = this.offer(o);
    if (cue) this.claims.get(cue.id)?.onsets.add(onset);
  }

  /** A new cue's claim: what it took (its kind's cooldown, its place under the cap) until it is borne out. */
  private claimFor(cue: LiveCue): Claim {
    return {
      cue,
      shownSec: this.nowSec,
      previousShownSec: this.lastShownSec.get(cue.kind),
      onsets: new Set(),
      takenBack: false,
    };
  }

  /**
   * The engine decided what became of the cues of `kind` on these onsets: borne out (the cue standing for
   * any of them is confirmed) or taken back (a cue goes once every onset it stands for is taken back).
   */
  private settle(kind: ClaimKind, onsets: readonly number[], borneOut: boolean): void {
    for (const claim of [...this.claims.values()]) {
      if (claim.cue.kind !== kind) continue;
      let hit = false;
      for (const onset of onsets) hit = claim.onsets.delete(onset) || hit;
      if (!hit) continue;
      if (borneOut) {
        this.claims.delete(claim.cue.id);
        const cue = claim.cue;
        if (cue.provisional) {
          cue.provisional = false;
          if (cue.outcome === 'cleared' || cue.outcome === 'withdrawn') cue.outcome = 'confirmed';
          this.changed(cue);
        }
      } else if (claim.onsets.size === 0) {
        this.takeBack(claim);
      }
    }
  }

  /**
   * A cue the engine did not bear out: as if never shown for the cooldown and the cap. On screen it
   * stays until it has been readable, then goes without a word; already gone, it is marked withdrawn.
   */
  private takeBack(claim: Claim): void {
    if (claim.takenBack) return;
    const { cue } = claim;
    claim.takenBack = true;
    this.count--;
    // give back the cooldown it started, unless a later cue of its kind has started its own
    if (this.lastShownSec.get(cue.kind) === claim.shownSec) {
      if (claim.previousShownSec === undefined) this.lastShownSec.delete(cue.kind);
      else this.lastShownSec.set(cue.kind, claim.previousShownSec);
    }
    if (this.current === cue) {
      if (this.nowSec - cue.atSec >= this.settings.minShownSec) this.end(cue, 'withdrawn');
      return; // point() ends it once readable; a new talk-over may still join it
    }
    this.claims.delete(cue.id);
    cue.outcome = 'withdrawn';
    cue.endedSec ??= round(this.nowSec);
    this.changed(cue);
  }

  private advance(sec: number): void {
    if (sec > this.nowSec) this.nowSec = sec;
    if (this.snoozedUntilSec !== null && this.nowSec >= this.snoozedUntilSec) {
      this.snoozedUntilSec = null;
      this.out.controls(this.controls);
    }
    for (const [id, claim] of this.claims) {
      if (this.nowSec - claim.shownSec > PENDING_SEC && this.current !== claim.cue) this.claims.delete(id);
    }
  }

  /** Why a cue of this kind may not show now, or null when it may. */
  private blockedBy(kind: LiveCueKind): 'rule' | 'urgency' | null {
    const last = this.lastShownSec.get(kind);
    if (
      this.muted.has(kind) ||
      this.snoozedUntilSec !== null ||
      this.count >= this.settings.capPerCall ||
      (last !== undefined && this.nowSec - last < this.settings.cooldownSec[kind])
    ) {
      return 'rule';
    }
    const c = this.current;
    // a cue taken back shows only to be readable: it holds back nothing
    if (c === null || this.claims.get(c.id)?.takenBack === true) return null;
    return URGENCY[c.kind] > URGENCY[kind] ? 'urgency' : null;
  }

  private offer(o: Offer): LiveCue | null {
    const now = this.nowSec;
    const blocked = this.blockedBy(o.kind);
    if (blocked === 'urgency' && (o.kind === 'peakMissed' || o.kind === 'waitedForPause')) {
      // a note after a peak waits for the urgent cue to clear (it is counted when it is shown)
      this.waitingNote = { offer: o, dueSec: now };
      return null;
    }
    if (blocked !== null) {
      this.heldBack++;
      this.out.controls(this.controls);
      return null;
    }
    if (this.current) this.end(this.current, 'replaced');
    const cue: LiveCue = {
      ...o,
      id: this.nextId++,
      atSec: round(now),
      outcome: null,
      endedSec: null,
      wrong: false,
    };
    // a verdict after a peak is final; the other cues wait for the engine to bear them out or take them back
    if (CLAIM_KINDS.has(o.kind)) this.claims.set(cue.id, this.claimFor(cue));
    this.current = cue;
    this.shown.push(cue);
    this.lastShownSec.set(o.kind, now);
    this.count++;
    this.changed(cue);
    return cue;
  }

  private end(c: LiveCue, outcome: LiveCue['outcome']): void {
    const claim = this.claims.get(c.id);
    const takenBack = claim?.takenBack === true;
    if (takenBack) this.claims.delete(c.id);
    c.outcome = takenBack ? 'withdrawn' : outcome;
    c.endedSec = round(this.nowSec);
    if (this.current === c) this.current = null;
    this.changed(c);
    // (a cue replaced by another leaves the screen to it: the note waits on)
    if (outcome === 'cleared' || outcome === 'confirmed' || outcome === 'withdrawn') this.showWaitingNote();
  }

  /** The note a more urgent cue held back, if it is still fresh. */
  private showWaitingNote(): void {
    const w = this.waitingNote;
    this.waitingNote = null;
    if (!w) return;
    if (this.nowSec - w.dueSec > NOTE_WAITS_SEC) {
      this.heldBack++;
      this.out.controls(this.controls);
      return;
    }
    this.offer(w.offer);
  }

  private changed(c: LiveCue): void {
    this.out.cue({ ...c });
  }
}

const round = (s: number): number => Math.round(s * 1000) / 1000;
