import { utteranceLevelDb, type ActiveUtterance, type Utterance } from './speech-tracker.js';

/** A run of loud utterances of one party: a customer's peak, an agent's raised voice. */
export interface Wave {
  startSample: number;
  endSample: number;
  /** Start of its last utterance (what a reply to the wave answers). */
  lastStartSample: number;
  /** Mean, over its utterances, of their level above the party's own level, dB. */
  meanAboveDb: number;
  /** Mean brightness (spectral centroid) above the party's calm voice, Hz; null if not measured. */
  brightnessRiseHz: number | null;
  /** The start of each of its utterances, in order: a live cue given on one of them is borne out. */
  utteranceStarts: number[];
}

/** How loud one utterance was heard, against the party's own level. */
export interface Heard {
  /** Its level over the party's own, dB. */
  aboveDb: number;
  /** What its vocal effort adds to that (effort.ts), dB. */
  effortDb: number;
  /** It is loud from this far over the party's own level, dB. */
  barDb: number;
  /** Its brightness over the party's calm voice, Hz; null where not measured. */
  brightnessHz: number | null;
}

export interface WaveOptions {
  /** Inside a wave, an utterance this much less loud still belongs to it, dB. */
  hysteresisDb: number;
  /** Loud utterances at most this far apart form one wave, samples. */
  bridgeSamples: number;
  /** Shorter waves are dropped, samples. */
  minSamples: number;
  /** An ordinary utterance shorter than this does not end a wave, samples. */
  ignoreShorterThanSamples: number;
  /** With nobody speaking this long after the wave's end, the wave is over, samples. */
  closeAfterSamples: number;
  /** An utterance under way this long, and not loud by `calmBelowDb` margin, ends the wave, samples. */
  calmVerdictSamples: number;
  calmBelowDb: number;
  /** An utterance under way this long whose level so far is loud is cued (the live cue), samples. */
  cueAfterSamples: number;
}

/** Where the live cue of loud speech goes: given on an utterance under way, and taken back. */
export interface WaveCueOutput {
  /** The utterance under way from `onset` is loud so far: the cue, at `now`. */
  cued(onset: number, now: number): void;
  /** What was cued at `onset` did not become part of a wave that was kept: the cue is taken back. */
  takenBack(onset: number, now: number): void;
}

interface Open {
  start: number;
  end: number;
  lastStart: number;
  aboveSum: number;
  count: number;
  brightnessSum: number;
  brightnessCount: number;
  starts: number[];
}

/**
 * Groups one party's loud utterances into waves (docs/algorithms.md, section 3): a wave runs from its
 * first loud utterance to its last, across short pauses; an ordinary utterance, a long enough silence,
 * or (as the caller decides) the other party taking a turn ends it.
 *
 * It also owns the live cue of that loud speech (a venting or a louder-than-normal cue): the same
 * decision made early, on the utterance under way (`hear`): loud so far, by the same bar, effort and
 * hysteresis as when it ends, once it has lasted cueAfterSamples. Every utterance cued is then either
 * part of a wave that is kept (the wave names its utterances) or taken back, once: it ended not loud, its
 * wave was shorter than minSamples, or, as a run-up, no loud sentence followed it.
 */
export class WaveTracker {
  private open: Open | null = null;
  /** The last utterance, when it was nearly loud (within the hysteresis) and no wave was open: a wave's run-up. */
  private runUp: { start: number; end: number; aboveDb: number } | null = null;
  /** Utterances cued (their starts) and neither in a wave kept nor taken back yet. */
  private readonly cued = new Set<number>();
  /** The latest time heard, samples. */
  private now = 0;

  constructor(
    private readonly o: WaveOptions,
    private readonly onWave: (wave: Wave) => void,
    private readonly cueOut: WaveCueOutput | null = null,
  ) {}

  /**
   * Whether an utterance from `start`, heard as `heard`, is loud: at the bar with its effort, or, within the
   * bridge of an open wave, at the bar less the hysteresis. The one rule for an utterance ended (add) and
   * one under way (hear).
   */
  private isLoud(start: number, heard: Heard): boolean {
    const judged = heard.aboveDb + heard.effortDb;
    const w = this.open;
    const inWave = w !== null && start - w.end <= this.o.bridgeSamples;
    return judged >= heard.barDb || (inWave && judged >= heard.barDb - this.o.hysteresisDb);
  }

  /**
   * The utterance under way, as heard so far, at `now`: cued once it has lasted cueAfterSamples and is loud
   * so far (add's rule), once per utterance, and once per wave: an utterance that would go on with a wave
   * (or a run-up) already cued is not cued again, that cue stands for the wave. (The caller discounts what
   * it has heard so far: the whole utterance may be less loud.) `breaks` as for add.
   */
  hear(active: ActiveUtterance, heard: Heard, breaks: (waveEnd: number) => boolean, now: number): void {
    this.now = Math.max(this.now, now);
    const onset = active.startSample;
    if (!this.cueOut || this.cued.has(onset) || now - onset < this.o.cueAfterSamples) return;
    if (!this.isLoud(onset, heard)) return;
    const w = this.open;
    const r = this.runUp;
    const within = (end: number): boolean => onset - end <= this.o.bridgeSamples && !breaks(end);
    if (w && within(w.end) && w.starts.some((start) => this.cued.has(start))) return;
    if (r && within(r.end) && this.cued.has(r.start)) return;
    this.cued.add(onset);
    this.cueOut.cued(onset, now);
  }

  /** An utterance the caller does not judge (an agent's backchannel, a colleague's): a cue on it is taken back. */
  pass(start: number): void {
    this.takeBack(start);
  }

  /**
   * Take in a finished utterance (`heard`: its level over the party's own, what its vocal effort adds, the
   * bar for loud). `breaks(waveEnd)` says whether the other party took a turn since the open wave's last
   * utterance. Returns whether it was loud.
   */
  add(u: Utterance, heard: Heard, breaks: (waveEnd: number) => boolean): boolean {
    const o = this.o;
    const { aboveDb, barDb, brightnessHz } = heard;
    const judged = aboveDb + heard.effortDb;
    let w = this.open;
    const inWave = w !== null && u.startSample - w.end <= o.bridgeSamples;
    const loud = this.isLoud(u.startSample, heard);
    if (loud) {
      if (w && inWave && !breaks(w.end)) {
        w.end = u.endSample;
        w.lastStart = u.startSample;
        w.aboveSum += aboveDb;
        w.count++;
        w.starts.push(u.startSample);
      } else {
        this.close();
        // A wave builds up: the nearly loud sentence just before its first loud one (within the
        // bridge, no turn of the other party between) is its start, as a sentence that much less loud
        // inside a wave belongs to it.
        const r = this.runUp;
        const ramp = r !== null && u.startSample - r.end <= o.bridgeSamples && !breaks(r.end);
        if (r && !ramp) this.takeBack(r.start);
        w = {
          start: ramp ? r.start : u.startSample,
          end: u.endSample,
          lastStart: u.startSample,
          aboveSum: aboveDb + (ramp ? r.aboveDb : 0),
          count: ramp ? 2 : 1,
          brightnessSum: 0,
          brightnessCount: 0,
          starts: ramp ? [r.start, u.startSample] : [u.startSample],
        };
        this.open = w;
      }
      this.runUp = null;
      if (brightnessHz !== null) {
        w.brightnessSum += brightnessHz;
        w.brightnessCount++;
      }
    } else if (u.endSample - u.startSample >= o.ignoreShorterThanSamples) {
      const wasOpen = this.open !== null;
      this.close();
      if (this.runUp) this.takeBack(this.runUp.start);
      this.runUp =
        !wasOpen && judged >= barDb - o.hysteresisDb
          ? { start: u.startSample, end: u.endSample, aboveDb }
          : null;
      // a cue on it stands while it may still be a wave's run-up
      if (this.runUp === null) this.takeBack(u.startSample);
    } else {
      this.takeBack(u.startSample);
    }
    return loud;
  }

  /**
   * Close the open wave once the party has been quiet for longer than the bridge, or has been speaking
   * calmly for `calmVerdictSamples`: this bounds how long a wave waits to be final.
   */
  tick(now: number, active: ActiveUtterance | null, ownLevelDb: number | null, barDb: number): void {
    this.now = Math.max(this.now, now);
    // a run-up no sentence can follow any more (none began within the bridge) is not a wave's start
    const r = this.runUp;
    if (
      r &&
      now - r.end > this.o.closeAfterSamples &&
      !(active && active.startSample - r.end <= this.o.bridgeSamples)
    ) {
      this.runUp = null;
      this.takeBack(r.start);
    }
    const w = this.open;
    if (!w || now - w.end <= this.o.closeAfterSamples) return;
    if (active && active.confirmed) {
      // (one under way may even have begun just before the wave's last utterance ended: boundaries
      // are refined separately; it is judged like any later one)
      if (now - active.startSample < this.o.calmVerdictSamples || ownLevelDb === null) return;
      const level = utteranceLevelDb(active);
      if (level - ownLevelDb >= barDb - this.o.calmBelowDb) return;
    }
    this.close();
  }

  /** Close the open wave now (a calm utterance, the end of the call). */
  close(): void {
    const w = this.open;
    this.open = null;
    if (!w) return;
    if (w.end - w.start < this.o.minSamples) {
      for (const start of w.starts) this.takeBack(start);
      return;
    }
    for (const start of w.starts) this.cued.delete(start); // borne out: the wave names them
    this.onWave({
      startSample: w.start,
      endSample: w.end,
      lastStartSample: w.lastStart,
      meanAboveDb: w.aboveSum / w.count,
      brightnessRiseHz: w.brightnessCount > 0 ? w.brightnessSum / w.brightnessCount : null,
      utteranceStarts: w.starts,
    });
  }

  /** End of the call: the open wave closes, and every cue not borne out by then is taken back. */
  finish(now: number): void {
    this.now = Math.max(this.now, now);
    this.close();
    this.runUp = null;
    for (const start of [...this.cued]) this.takeBack(start);
  }

  private takeBack(start: number): void {
    if (this.cued.delete(start)) this.cueOut?.takenBack(start, this.now);
  }
}
