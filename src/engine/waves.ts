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
}

interface Open {
  start: number;
  end: number;
  lastStart: number;
  aboveSum: number;
  count: number;
  brightnessSum: number;
  brightnessCount: number;
}

/**
 * Groups one party's loud utterances into waves (docs/algorithms.md, section 3): a wave runs from its
 * first loud utterance to its last, across short pauses; an ordinary utterance, a long enough silence,
 * or (as the caller decides) the other party taking a turn ends it.
 */
export class WaveTracker {
  private open: Open | null = null;
  /** The last utterance, when it was nearly loud (within the hysteresis) and no wave was open: a wave's run-up. */
  private runUp: { start: number; end: number; aboveDb: number } | null = null;

  constructor(
    private readonly o: WaveOptions,
    private readonly onWave: (wave: Wave) => void,
  ) {}

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
    const loud = judged >= barDb || (inWave && judged >= barDb - o.hysteresisDb);
    if (loud) {
      if (w && inWave && !breaks(w.end)) {
        w.end = u.endSample;
        w.lastStart = u.startSample;
        w.aboveSum += aboveDb;
        w.count++;
      } else {
        this.close();
        // A wave builds up: the nearly loud sentence just before its first loud one (within the
        // bridge, no turn of the other party between) is its start, as a sentence that much less loud
        // inside a wave belongs to it.
        const r = this.runUp;
        const ramp = r !== null && u.startSample - r.end <= o.bridgeSamples && !breaks(r.end);
        w = {
          start: ramp ? r.start : u.startSample,
          end: u.endSample,
          lastStart: u.startSample,
          aboveSum: aboveDb + (ramp ? r.aboveDb : 0),
          count: ramp ? 2 : 1,
          brightnessSum: 0,
          brightnessCount: 0,
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
      this.runUp =
        !wasOpen && judged >= barDb - o.hysteresisDb
          ? { start: u.startSample, end: u.endSample, aboveDb }
          : null;
    }
    return loud;
  }

  /**
   * Close the open wave once the party has been quiet for longer than the bridge, or has been speaking
   * calmly for `calmVerdictSamples`: this bounds how long a wave waits to be final.
   */
  tick(now: number, active: ActiveUtterance | null, ownLevelDb: number | null, barDb: number): void {
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

  /** Close the open wave now (end of the call, or a calm utterance). */
  close(): void {
    const w = this.open;
    this.open = null;
    if (!w || w.end - w.start < this.o.minSamples) return;
    this.onWave({
      startSample: w.start,
      endSample: w.end,
      lastStartSample: w.lastStart,
      meanAboveDb: w.aboveSum / w.count,
      brightnessRiseHz: w.brightnessCount > 0 ? w.brightnessSum / w.brightnessCount : null,
    });
  }
}
