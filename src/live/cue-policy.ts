/**
 * Which of the engine's provisional cues and final verdicts the agent sees, and when each goes away.
 *
 * From what agents report about live coaching tools: one cue at a time (the more urgent replaces the
 * less), a cooldown per kind and a cap per call so nobody is nagged, a snooze and a per-kind mute, a
 * cue that clears itself when the behaviour stops, and every cue readable: once shown it stays at least
 * `minShownSec` (a more urgent cue, a snooze or a mute excepted). A cue the engine's final events do not
 * bear out is taken back quietly and gives back its cooldown and its place under the cap, so it never
 * blocks the next real one. Pure: call time in, cue changes out; docs/live.md lists the defaults.
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

/** The engine settings the policy reads: the raised-voice level, and how long a wave waits to be final. */
export type CueEngineSettings = Pick<Settings, 'raisedVoiceDb' | 'peakBridgeSec' | 'minSilenceMs'>;

/** The more urgent cue replaces the less urgent one; a less urgent one waits its turn (held back). */
const URGENCY: Record<LiveCueKind, number> = {
  talkingOver: 4,
  louderThanNormal: 3,
  customerVenting: 2,
  peakMissed: 1,
  waitedForPause: 0,
};

/** The cues the engine's final events bear out or not; the notes after a peak are verdicts already. */
const BORNE_OUT_BY_EVENTS: ReadonlySet<LiveCueKind> = new Set([
  'talkingOver',
  'customerVenting',
  'louderThanNormal',
]);

/** A note after a peak held back by a more urgent cue is still shown when that clears within this long, s. */
const NOTE_WAITS_SEC = 10;
/** Claims still undecided after this long are forgotten (they stay counted), s. */
const PENDING_SEC = 30;
/** A peak or raised-voice span covering a cue may end this much before the cue's time (utterance ends are refined), s. */
const COVER_TOLERANCE_SEC = 0.5;
/**
 * Beyond the engine's own wait for a wave to close (peakBridgeSec + minSilenceMs of quiet), this much more
 * quiet before a venting or raised-voice cue with no peak or span covering it counts as not borne out, s.
 */
const SETTLE_MARGIN_SEC = 0.5;

type Offer = Pick<LiveCue, 'kind' | 'title' | 'detail' | 'positive' | 'provisional'>;

export interface CuePolicyOutput {
  cue(c: LiveCue): void;
  controls(c: CueControls): void;
}

/**
 * A cue shown and not yet borne out by the engine's final events: a talk-over until an interruption
 * confirms one of its onsets (or every onset turns out something else), a venting cue until a customer
 * peak covers it, a louder-voice cue until a raised-voice span does. Taking it back gives back what
 * showing it took: its cooldown and its place under the cap.
 */
interface Claim {
  cue: LiveCue;
  /** When its cooldown started, s. */
  shownSec: number;
  /** The cooldown of its kind before it, to give back. */
  previousShownSec: number | undefined;
  /** Talk-over: the engine onsets (samples) it stands for, each not yet decided. */
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
  /** How long the engine waits, after a party's last loud word, before a wave is final, s. */
  private readonly settleSec: number;

  constructor(
    private readonly rateHz: number,
    private readonly engine: CueEngineSettings,
    private readonly out: CuePolicyOutput,
    private readonly settings: CuePolicySettings = DEFAULT_CUE_POLICY,
  ) {
    this.settleSec = engine.peakBridgeSec + engine.minSilenceMs / 1000 + SETTLE_MARGIN_SEC;
  }

  /** Every cue shown so far, in order, as it stands now. */
  get history(): readonly LiveCue[] {
    return this.shown;
  }

  get controls(): CueControls {
    return { snoozedUntilSec: this.snoozedUntilSec, muted: [...this.muted], heldBack: this.heldBack };
  }

  /** A provisional cue from the engine. */
  engineCue(c: Cue): void {
    this.advance(c.atSample / this.rateHz);
    if (c.type === 'talkingOverDropped') {
      this.settleOnset(c.onsetSample, false);
    } else if (c.type === 'talkingOver') {
      this.talkOver(c.onsetSample);
    } else if (c.type === 'customerVenting') {
      this.offer({
        kind: 'customerVenting',
        title: 'Let them vent',
        detail: 'the customer is well above their calm level; wait for the pause',
        positive: false,
        provisional: false,
      });
    } else {
      this.offer({
        kind: 'louderThanNormal',
        title: 'Lower your voice',
        detail: `+${c.aboveNormalDb.toFixed(0)} dB over your usual level`,
        positive: false,
        provisional: false,
      });
    }
  }

  /** A final event from the engine: bears out or takes back a cue, or says how a peak went. */
  event(e: CallEvent): void {
    switch (e.type) {
      case 'interruption':
        this.settleOnset(e.startSample, true);
        break;
      case 'backchannel':
        this.settleOnset(e.startSample, false);
        break;
      case 'response':
        this.settleOnset(e.onsetSample, false); // the onset answered the customer (at a turn end): not a talk-over
        break;
      case 'customerPeak':
        this.settleSpan('customerVenting', e.startSample, e.endSample);
        break;
      case 'raisedVoice':
        this.settleSpan('louderThanNormal', e.startSample, e.endSample);
        break;
      case 'peakVerdict':
        this.verdict(e);
        break;
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
    this.settleQuiet();
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

  /**
   * The call ended (after the engine's last events): the cue showing ends with it, and a venting or
   * louder-voice cue that no peak or raised-voice span bore out is taken back.
   */
  finish(): void {
    if (this.current) this.end(this.current, 'callEnded');
    for (const claim of [...this.claims.values()]) {
      if (claim.cue.kind !== 'talkingOver') this.takeBack(claim);
    }
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
   * The engine heard a talk-over at `onset`. While a talk-over cue shows (checking, confirmed, or taken
   * back but still readable), the onset joins it: the agent keeps seeing one cue, not a flicker of new
   * ones. Otherwise a new cue, as any other.
   */
  private talkOver(onset: number): void {
    for (const claim of this.claims.values()) if (claim.onsets.has(onset)) return; // cued already
    const c = this.current;
    if (c?.kind === 'talkingOver') {
      // (a cue already confirmed needs nothing more: it shows what it says)
      const claim = this.claims.get(c.id);
      if (!claim) return;
      claim.onsets.add(onset);
      if (claim.takenBack) {
        // it stands for a talk-over again: it takes a cooldown and its place under the cap back
        claim.takenBack = false;
        claim.previousShownSec = this.lastShownSec.get('talkingOver');
        claim.shownSec = this.nowSec;
        this.lastShownSec.set('talkingOver', this.nowSec);
        this.count++;
      }
      this.changed(c);
      return;
    }
    const cue = this.offer({
      kind: 'talkingOver',
      title: 'Let them finish',
      detail: 'you are talking over the customer',
      positive: false,
      provisional: true,
    });
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

  /** The engine decided what the agent onset at `onset` was: a talk-over (`confirmed`) or not. */
  private settleOnset(onset: number, confirmed: boolean): void {
    for (const claim of this.claims.values()) {
      if (!claim.onsets.delete(onset)) continue;
      if (confirmed) {
        this.claims.delete(claim.cue.id);
        const cue = claim.cue;
        cue.provisional = false;
        if (cue.outcome === 'cleared' || cue.outcome === 'withdrawn') cue.outcome = 'confirmed';
        this.changed(cue);
      } else if (claim.onsets.size === 0) {
        this.takeBack(claim);
      }
      return;
    }
  }

  /** A peak or raised-voice span: it bears out the cue of `kind` it covers, and any earlier one it does not is taken back. */
  private settleSpan(kind: 'customerVenting' | 'louderThanNormal', start: number, end: number): void {
    const from = start / this.rateHz - COVER_TOLERANCE_SEC;
    const to = end / this.rateHz + COVER_TOLERANCE_SEC;
    for (const claim of [...this.claims.values()]) {
      if (claim.cue.kind !== kind) continue;
      const at = claim.cue.atSec;
      if (at >= from && at <= to) {
        this.claims.delete(claim.cue.id);
        if (claim.takenBack) this.restore(claim); // taken back too soon, and still on screen: it stands
      } else if (at < from) {
        this.takeBack(claim); // waves are final in order: the one this cue was about has closed without it
      }
    }
  }

  /** A venting or louder-voice cue whose party has been quiet longer than the engine waits for a wave: not borne out. */
  private settleQuiet(): void {
    for (const claim of [...this.claims.values()]) {
      const kind = claim.cue.kind;
      if (kind !== 'customerVenting' && kind !== 'louderThanNormal') continue;
      if (claim.takenBack) continue;
      const last = kind === 'customerVenting' ? this.customerLastSpokeSec : this.agentLastSpokeSec;
      const quietSince = Math.max(last, claim.cue.atSec);
      if (this.nowSec - quietSince >= this.settleSec) this.takeBack(claim);
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

  /** A claim taken back while its cue still shows turned out right after all: it takes back what it gave. */
  private restore(claim: Claim): void {
    claim.takenBack = false;
    this.count++;
    const last = this.lastShownSec.get(claim.cue.kind);
    if (last === undefined || last < claim.shownSec) this.lastShownSec.set(claim.cue.kind, claim.shownSec);
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
    // a verdict after a peak is final; the other cues wait for the engine's final events to bear them out
    if (BORNE_OUT_BY_EVENTS.has(o.kind)) this.claims.set(cue.id, this.claimFor(cue));
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
