/**
 * Which of the engine's provisional cues and final verdicts the agent sees, and when each goes away.
 *
 * From what agents report about live coaching tools: one cue at a time (the more urgent replaces the
 * less), a cooldown per kind and a cap per call so nobody is nagged, a snooze and a per-kind mute, a
 * cue that clears itself when the behaviour stops, and a talk-over that turns out a backchannel or a
 * turn end taken back quietly (it does not count against the cooldown or the cap). Pure: call time in,
 * cue changes out; docs/live.md lists the defaults.
 */
import type { Cue, CallEvent } from '../engine/events.js';
import type { TimelinePoint } from '../engine/engine.js';
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
};

/** The more urgent cue replaces the less urgent one; a less urgent one waits its turn (held back). */
const URGENCY: Record<LiveCueKind, number> = {
  talkingOver: 4,
  louderThanNormal: 3,
  customerVenting: 2,
  peakMissed: 1,
  waitedForPause: 0,
};

/** A note after a peak held back by a more urgent cue is still shown when that clears within this long, s. */
const NOTE_WAITS_SEC = 10;
/** Talk-overs still undecided after this long are forgotten, s. */
const PENDING_SEC = 30;

type Offer = Pick<LiveCue, 'kind' | 'title' | 'detail' | 'positive' | 'provisional'>;

export interface CuePolicyOutput {
  cue(c: LiveCue): void;
  controls(c: CueControls): void;
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
  /** Talk-over cues not yet confirmed or withdrawn: engine onset sample → cue and the cooldown it replaced. */
  private readonly pending = new Map<
    number,
    { cue: LiveCue; shownSec: number; previousShownSec: number | undefined }
  >();

  constructor(
    private readonly rateHz: number,
    /** The raised-voice threshold, dB over the agent's normal level (the engine's setting). */
    private readonly raisedVoiceDb: number,
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

  /** A provisional cue from the engine. */
  engineCue(c: Cue): void {
    this.advance(c.atSample / this.rateHz);
    if (c.type === 'talkingOverDropped') {
      this.withdraw(c.onsetSample);
    } else if (c.type === 'talkingOver') {
      const previousShownSec = this.lastShownSec.get('talkingOver');
      const cue = this.offer({
        kind: 'talkingOver',
        title: 'Let them finish',
        detail: 'you are talking over the customer',
        positive: false,
        provisional: true,
      });
      if (cue) this.pending.set(c.onsetSample, { cue, shownSec: this.nowSec, previousShownSec });
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

  /** A final event from the engine: confirms or withdraws a talk-over, or says how a peak went. */
  event(e: CallEvent): void {
    if (e.type === 'interruption') {
      const p = this.pending.get(e.startSample);
      if (!p) return;
      this.pending.delete(e.startSample);
      p.cue.provisional = false;
      if (p.cue.outcome === 'cleared') p.cue.outcome = 'confirmed';
      this.changed(p.cue);
    } else if (e.type === 'backchannel') {
      this.withdraw(e.startSample);
    } else if (e.type === 'response') {
      this.withdraw(e.onsetSample); // the onset answered the customer (at a turn end): not a talk-over
    } else if (e.type === 'peakVerdict') {
      this.verdict(e);
    }
  }

  /** A timeline point (about 10 per second): time goes on, and a cue whose behaviour stopped clears. */
  point(p: TimelinePoint): void {
    this.advance(p.sample / this.rateHz);
    const now = this.nowSec;
    if (p.agentSpeaking) this.agentLastSpokeSec = now;
    if (p.customerSpeaking) this.customerLastSpokeSec = now;
    if (p.agentSpeaking && p.agentRelDb !== null && p.agentRelDb >= this.raisedVoiceDb)
      this.agentLoudLastSec = now;
    const c = this.current;
    if (!c) return;
    const s = this.settings;
    const quietFor = (lastSec: number): boolean =>
      now - lastSec >= s.stoppedSec && now - c.atSec >= s.stoppedSec;
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
        stop = agentStopped || now - Math.max(this.agentLoudLastSec, c.atSec) >= s.calmedSec;
        break;
      default:
        stop = now - c.atSec >= s.noteSec;
    }
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

  /** The call ended: the cue showing ends with it. */
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

  private advance(sec: number): void {
    if (sec > this.nowSec) this.nowSec = sec;
    if (this.snoozedUntilSec !== null && this.nowSec >= this.snoozedUntilSec) {
      this.snoozedUntilSec = null;
      this.out.controls(this.controls);
    }
    for (const onset of this.pending.keys()) {
      if (this.nowSec - onset / this.rateHz > PENDING_SEC) this.pending.delete(onset);
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
    return this.current !== null && URGENCY[this.current.kind] > URGENCY[kind] ? 'urgency' : null;
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
    this.current = cue;
    this.shown.push(cue);
    this.lastShownSec.set(o.kind, now);
    this.count++;
    this.changed(cue);
    return cue;
  }

  /** A talk-over that was not one: taken back, as if never shown (no cooldown, not counted). */
  private withdraw(onset: number): void {
    const p = this.pending.get(onset);
    if (!p) return;
    this.pending.delete(onset);
    const { cue } = p;
    const wasShowing = this.current === cue;
    if (wasShowing) this.current = null;
    cue.outcome = 'withdrawn';
    cue.endedSec ??= round(this.nowSec);
    this.count--;
    // give back the cooldown it started, unless a later talk-over has started its own
    if (this.lastShownSec.get('talkingOver') === p.shownSec) {
      if (p.previousShownSec === undefined) this.lastShownSec.delete('talkingOver');
      else this.lastShownSec.set('talkingOver', p.previousShownSec);
    }
    this.changed(cue);
    if (wasShowing) this.showWaitingNote();
  }

  private end(c: LiveCue, outcome: LiveCue['outcome']): void {
    c.outcome = outcome;
    c.endedSec = round(this.nowSec);
    if (this.current === c) this.current = null;
    this.changed(c);
    if (outcome === 'cleared' || outcome === 'confirmed') this.showWaitingNote();
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
