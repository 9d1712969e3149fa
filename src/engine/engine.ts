import { dbfs, LoudnessMeter, SILENCE_LUFS } from '../../dsp/loudness.js';
import type { NoiseFloorTracker } from '../../dsp/noise-floor.js';
import { SpectralFeatures } from '../../dsp/spectral.js';
import { Voicing, type Voiced } from '../../dsp/voicing.js';
import type { SileroStreams } from '../../dsp/silero.js';
import { Conversation } from './conversation.js';
import type { Baselines, CallEvent, Cue } from './events.js';
import { EchoGate, meanSquare } from './echo-gate.js';
import { pitchSemitones } from './effort.js';
import { RULES } from './rules.js';
import type { Settings } from './settings.js';
import type { LevelSeeds } from './survey.js';
import {
  ENGINE_RATE_HZ,
  FRAME_SAMPLES,
  SUB_SAMPLES,
  SUBS_PER_FRAME,
  SpeechTracker,
  newFloorTracker,
  utteranceLevelDb,
  type FrameMeasure,
  type Utterance,
} from './speech-tracker.js';

export const AGENT = 0;
export const CUSTOMER = 1;
/**
 * The gain that brings a party's own level to the model's operating level, modelSpeechDb (1 while it is
 * unknown), linear: what the model hears is then the same at any recording level.
 */
function operatingGain(ownLevelDb: number | null): number {
  if (ownLevelDb === null) return 1;
  const db = Math.min(
    RULES.maxModelGainDb,
    Math.max(-RULES.maxModelGainDb, RULES.modelSpeechDb - ownLevelDb),
  );
  return Math.pow(10, db / 20);
}

/** Frames between timeline points: 3 x 32 ms = 96 ms (about 10 Hz). */
export const TIMELINE_FRAMES = 3;

/** One point of the chart timeline. Levels are K-weighted momentary loudness, dB. */
export interface TimelinePoint {
  sample: number;
  agentDb: number;
  customerDb: number;
  /** K-weighted short-term loudness (3 s window), dB: the slower, steadier curve. */
  agentShortTermDb: number;
  customerShortTermDb: number;
  /** Relative to the party's own baseline (null before one is known), dB. */
  agentRelDb: number | null;
  customerRelDb: number | null;
  agentSpeaking: boolean;
  customerSpeaking: boolean;
}

export interface EngineListener {
  event(e: CallEvent): void;
  cue?(c: Cue): void;
  timeline?(p: TimelinePoint): void;
}

export interface EngineStats {
  frames: number;
  vadStreamFrames: number;
  vadCalls: number;
  echoDelaySamples: number;
}

class PartyChannel {
  readonly meter = new LoudnessMeter({ sampleRateHz: ENGINE_RATE_HZ, blockSamples: FRAME_SAMPLES });
  readonly floor: NoiseFloorTracker;
  readonly tracker: SpeechTracker;
  readonly measure: FrameMeasure;
  readonly previous = new Float32Array(FRAME_SAMPLES);
  /** Cancels the other party's echo from this channel. */
  readonly gate: EchoGate;
  readonly residual = new Float32Array(FRAME_SAMPLES);
  /** The residual at the model's operating level (rules.ts: modelSpeechDb). */
  readonly modelFrame = new Float32Array(FRAME_SAMPLES);
  /** This frame's voicing, when measured (null: not this frame). */
  voiced: Voiced | null = null;
  /** This frame's gain to the operating level (1 until the party's level is known). */
  gain = 1;
  readonly spectral = new SpectralFeatures(FRAME_SAMPLES, ENGINE_RATE_HZ);
  readonly voicing = new Voicing({ sampleRateHz: ENGINE_RATE_HZ }, FRAME_SAMPLES);
  idleFrames = 1000;
  skipped = 0;
  lastProbability = 0;

  constructor(settings: Settings, floorDb: number | null, echoDb: number | null) {
    this.gate = new EchoGate(true, echoDb);
    this.tracker = new SpeechTracker(settings);
    this.floor = newFloorTracker(settings, floorDb);
    this.measure = {
      frame: 0,
      subDb: new Float64Array(SUBS_PER_FRAME),
      frameDb: -120,
      loudnessDb: SILENCE_LUFS,
      noiseFloorDb: -70,
      probability: 0,
      centroidHz: NaN,
      pitchSt: NaN,
      onsetMinLoudnessDb: -Infinity,
      continueMinLoudnessDb: -Infinity,
    };
  }

  /** Levels of one frame; returns whether it could be speech (worth running the model on). */
  measureFrame(frame: Float32Array, index: number, settings: Settings): boolean {
    const m = this.measure;
    m.frame = index;
    let total = 0;
    for (let j = 0; j < SUBS_PER_FRAME; j++) {
      let e = 0;
      for (let i = j * SUB_SAMPLES; i < (j + 1) * SUB_SAMPLES; i++) {
        const x = frame[i] as number;
        e += x * x;
      }
      total += e;
      m.subDb[j] = dbfs(e / SUB_SAMPLES);
    }
    m.frameDb = dbfs(total / FRAME_SAMPLES);
    this.meter.push(frame);
    m.loudnessDb = this.meter.blockLufs;
    m.noiseFloorDb = this.floor.update(m.frameDb);
    m.probability = 0;
    // the model runs a little under the bar a frame needs to be speech (rules.ts)
    const bar = this.tracker.active
      ? RULES.continueAboveFloorDb - RULES.modelBelowContinueBarDb
      : settings.speechAboveNoiseDb - RULES.modelBelowOnsetBarDb;
    return m.frameDb > m.noiseFloorDb + bar;
  }
}

/**
 * The conversation engine: frames of both parties in (8 kHz, 256 samples, aligned), events out.
 * Per frame: echo cancellation in both channels, levels and noise floors, Silero VAD only where
 * a channel could hold speech (both parties in one batched call), speech trackers, then the
 * turn-taking rules. Causal: nothing looks ahead; every final event is out within 3 s of its end
 * (docs/algorithms.md, section 5).
 */
export class CallEngine {
  private readonly channels: [PartyChannel, PartyChannel];
  private readonly conversation: Conversation;
  private readonly probs = new Float32Array(2);
  private readonly runStreams: number[] = [];
  private readonly runFrames: Float32Array[] = [];
  private readonly warmStreams: number[] = [];
  private readonly warmFrames: Float32Array[] = [];
  private frameIndex = 0;
  /** Start sample of the agent utterance under way once announced, else -1. */
  private agentAnnounced = -1;

  constructor(
    private readonly settings: Settings,
    private readonly vad: SileroStreams,
    private readonly listener: EngineListener,
    seeds?: LevelSeeds,
  ) {
    if (vad.sampleRateHz !== ENGINE_RATE_HZ || vad.streamCount !== 2) {
      throw new RangeError('the engine needs a two-stream Silero VAD at 8000 Hz');
    }
    this.channels = [
      new PartyChannel(settings, seeds?.agentFloorDb ?? null, seeds?.agentEchoDb ?? null),
      new PartyChannel(settings, seeds?.customerFloorDb ?? null, seeds?.customerEchoDb ?? null),
    ];
    this.conversation = new Conversation(
      settings,
      (e) => listener.event(e),
      listener.cue ? (c): void => listener.cue?.(c) : null,
      seeds,
    );
  }

  get stats(): EngineStats {
    return {
      frames: this.frameIndex,
      vadStreamFrames: this.vad.frames,
      vadCalls: this.vad.calls,
      echoDelaySamples: this.channels[AGENT].gate.delaySamples,
    };
  }

  get baselines(): Baselines {
    const c = this.conversation;
    return {
      customerCalmDb: c.calm.db,
      agentNormalDb: c.normal.db,
      customerCalmFrom: c.calmFrom,
      agentNormalFrom: c.normalFrom,
    };
  }

  /** Push one aligned frame of each party (FRAME_SAMPLES at ENGINE_RATE_HZ). */
  async pushFrame(agent: Float32Array, customer: Float32Array): Promise<void> {
    const s = this.settings;
    const index = this.frameIndex++;
    const [ag, cu] = this.channels;
    // Each channel may carry the other party's voice as line echo: cancel it, then demand that the
    // channel hold clearly more than the echo the bulk path predicts, so a residual left by an
    // imperfect canceller is never taken for speech. Before a path is measured, assume the worst
    // echo a line may have (-15 dB, within the last 200 ms). Inside an utterance the party already
    // holds, the margin relaxes (hysteresis), so double talk does not chop a turn into pieces.
    // Both the canceller and the model see each party at the operating level (same speech level).
    ag.gain = operatingGain(this.conversation.normal.db);
    cu.gain = operatingGain(this.conversation.calm.db);
    const agentEnergy = meanSquare(agent) * ag.gain * ag.gain;
    const customerEnergy = meanSquare(customer) * cu.gain * cu.gain;
    const agentCandidate = this.cleanChannel(ag, cu, agent, customer, agentEnergy, customerEnergy, index);
    const customerCandidate = this.cleanChannel(cu, ag, customer, agent, customerEnergy, agentEnergy, index);
    this.scaleForModel(ag);
    this.scaleForModel(cu);
    await this.runVad(agentCandidate, customerCandidate);
    if (agentCandidate) this.hearVoicing(ag, this.conversation.normal.db, agentEnergy, customerEnergy, index);
    if (customerCandidate)
      this.hearVoicing(cu, this.conversation.calm.db, customerEnergy, agentEnergy, index);
    ag.previous.set(ag.modelFrame);
    cu.previous.set(cu.modelFrame);
    // Voice brightness (Meyda's spectral centroid) on one likely-speech frame in centroidEveryFrames: few
    // enough to be cheap, enough that a sentence's mean does not hang on which of its sounds were measured.
    for (const ch of this.channels) {
      const m = ch.measure;
      const likely = m.probability >= s.vadOffThreshold && m.frameDb > m.noiseFloorDb + s.speechAboveNoiseDb;
      m.centroidHz =
        likely && index % RULES.centroidEveryFrames === 0 ? ch.spectral.centroidHz(ch.residual) : NaN;
      // Pitch (for vocal effort: a raised voice rises in pitch as well as level) on one in pitchEveryFrames
      m.pitchSt = NaN;
      if (likely && (index % RULES.pitchEveryFrames === 0 || ch.voiced !== null)) {
        const v = ch.voiced ?? ch.voicing.measure(ch.residual);
        if (v.strength >= RULES.pitchedStrength) m.pitchSt = pitchSemitones(v.f0Hz);
      }
      ch.voiced = null;
    }

    // A colleague in the room is much quieter than the agent's close-talking voice: agent speech
    // may only begin on a frame near the agent's own level (any frame, before that is known).
    ag.measure.onsetMinLoudnessDb = this.agentFloorDb() - RULES.onsetSlackDb;
    ag.measure.continueMinLoudnessDb = ag.measure.onsetMinLoudnessDb;
    const customerEnded = cu.tracker.push(cu.measure);
    const agentEnded = ag.tracker.push(ag.measure);
    if (customerEnded) this.conversation.customerEnded(customerEnded);
    this.handleAgent(agentEnded);
    this.conversation.setActive(
      cu.tracker.active,
      this.agentAnnounced >= 0 ? ag.tracker.active : null,
      ag.tracker.active,
    );
    const now = (index + 1) * FRAME_SAMPLES;
    this.conversation.tick(now);
    if (index % TIMELINE_FRAMES === TIMELINE_FRAMES - 1) this.emitTimeline(now);
  }

  /** End of stream: close utterances and decide everything still open. */
  finish(): void {
    const last = this.frameIndex - 1;
    const [ag, cu] = this.channels;
    const c = cu.tracker.flush(last);
    if (c) this.conversation.customerEnded(c);
    this.handleAgent(ag.tracker.flush(last));
    this.conversation.setActive(null, null);
    this.conversation.finish(this.frameIndex * FRAME_SAMPLES);
  }

  /** Energies are at the operating level (times each channel's gain squared). */
  private cleanChannel(
    ch: PartyChannel,
    otherCh: PartyChannel,
    own: Float32Array,
    other: Float32Array,
    ownEnergy: number,
    otherEnergy: number,
    index: number,
  ): boolean {
    ch.gate.cancel(own, other, ch.residual, ch.gain, otherCh.gain);
    const candidate = ch.measureFrame(ch.residual, index, this.settings);
    const clear = ch.gate.exceedsEcho(
      ownEnergy,
      otherEnergy,
      index,
      ch.tracker.speaking ? RULES.echoMarginSpeakingPower : RULES.echoMarginPower,
      (ch.gain * ch.gain) / (otherCh.gain * otherCh.gain),
    );
    return candidate && clear;
  }

  /**
   * The model hears each party at the same level whatever the recording's: the residual scaled so the
   * party's own level sits at modelSpeechDb (unscaled until that level is known). Only the model's
   * input; every level the rules compare is measured on the residual itself.
   */
  private scaleForModel(ch: PartyChannel): void {
    const g = ch.gain;
    const x = ch.residual;
    const y = ch.modelFrame;
    for (let i = 0; i < x.length; i++) y[i] = (x[i] as number) * g;
  }

  /**
   * A loud, strongly voiced frame the model missed is speech all the same: shouting over a telephone line
   * gets a probability near 0 from the model at 8 kHz, but its vowels are strongly voiced (voicedStrength).
   * It must be at least at the party's own level (or voicedAboveFloorDb over the line's noise before that
   * is known) and stand voicedOverEchoPower over the echo expected in it (echo is voiced too); it then
   * counts with voicedProbability.
   */
  private hearVoicing(
    ch: PartyChannel,
    ownLevelDb: number | null,
    ownEnergy: number,
    otherEnergy: number,
    index: number,
  ): void {
    const m = ch.measure;
    if (m.probability >= this.settings.vadOnThreshold) return;
    const bar = ownLevelDb ?? m.noiseFloorDb + RULES.voicedAboveFloorDb;
    const other = this.channels[ch === this.channels[AGENT] ? CUSTOMER : AGENT] as PartyChannel;
    const scale = (ch.gain * ch.gain) / (other.gain * other.gain);
    if (
      m.loudnessDb < bar ||
      !ch.gate.exceedsEcho(ownEnergy, otherEnergy, index, RULES.voicedOverEchoPower, scale)
    )
      return;
    ch.voiced = ch.voicing.measure(ch.residual);
    if (ch.voiced.strength >= RULES.voicedStrength) {
      m.probability = Math.max(m.probability, RULES.voicedProbability);
    }
  }

  /** The agent channel's frame is at the agent's own level (not a quieter colleague). */
  private nearAgentLevel(ch: PartyChannel): boolean {
    const normal = this.conversation.normal.db;
    return normal !== null && ch.measure.loudnessDb >= normal - RULES.nearAgentLevelDb;
  }

  /** Runs the model where it is wanted; no allocation (reused lists). */
  private async runVad(agentCandidate: boolean, customerCandidate: boolean): Promise<void> {
    const streams = this.runStreams;
    const frames = this.runFrames;
    const warm = this.warmStreams;
    const warmFrames = this.warmFrames;
    streams.length = 0;
    frames.length = 0;
    warm.length = 0;
    warmFrames.length = 0;
    for (let p = AGENT; p <= CUSTOMER; p++) {
      const ch = this.channels[p] as PartyChannel;
      if (!(p === AGENT ? agentCandidate : customerCandidate)) {
        ch.idleFrames++;
        continue;
      }
      // Inside confirmed, clearly loud speech the model runs on one frame in vadStrideFrames; skipped
      // frames keep the last probability (onsets and quiet stretches always get the model). It rests
      // altogether once a sentence is well under way and the model was sure, until the level dips:
      // in the customer's channel (one voice, no room, echo removed), and in the agent's while the
      // level stays at the agent's own (a quieter colleague keeps the model awake).
      if (
        ch.tracker.speaking &&
        ch.idleFrames === 0 &&
        ch.measure.frameDb >
          ch.measure.noiseFloorDb + this.settings.speechAboveNoiseDb + RULES.clearlyLoudOverOnsetDb &&
        (ch.skipped < RULES.vadStrideFrames - 1 ||
          (ch.lastProbability >= RULES.sureProbability &&
            (ch.tracker.active?.speechFrames ?? 0) >= RULES.sentenceUnderWayFrames &&
            (p === CUSTOMER || this.nearAgentLevel(ch))))
      ) {
        ch.skipped++;
        ch.measure.probability = ch.lastProbability;
        continue;
      }
      ch.skipped = 0;
      if (ch.idleFrames > 1) {
        // Re-entering speech after skipped frames: start the model fresh on the frame before.
        this.vad.reset(p);
        warm.push(p);
        warmFrames.push(ch.previous);
      }
      ch.idleFrames = 0;
      streams.push(p);
      frames.push(ch.modelFrame);
    }
    if (warm.length > 0) await this.vad.run(warm, warmFrames, this.probs);
    if (streams.length > 0) await this.vad.run(streams, frames, this.probs);
    for (const p of streams) {
      const ch = this.channels[p] as PartyChannel;
      ch.measure.probability = this.probs[p] as number;
      ch.lastProbability = ch.measure.probability;
    }
  }

  /** The quietest utterance level still taken for the agent (Conversation.agentFloorDb). */
  private agentFloorDb(): number {
    return this.conversation.agentFloorDb;
  }

  /** Accept agent-channel speech as the agent's only when it is near the agent's own level. */
  private handleAgent(ended: Utterance | null): void {
    const ag = this.channels[AGENT] as PartyChannel;
    const floorDb = this.agentFloorDb();
    if (ended) {
      const announced = this.agentAnnounced === ended.startSample;
      this.agentAnnounced = -1;
      if (ended.levelDb >= floorDb) {
        if (!announced) this.conversation.agentStarted(ended.startSample);
        this.conversation.agentEnded(ended);
      } else if (announced) {
        this.conversation.agentRejected(ended.startSample, this.frameIndex * FRAME_SAMPLES);
      }
    }
    const a = ag.tracker.active;
    if (a && a.confirmed && this.agentAnnounced !== a.startSample) {
      const level = utteranceLevelDb(a);
      if (level >= floorDb) {
        this.agentAnnounced = a.startSample;
        this.conversation.agentStarted(a.startSample);
      } else {
        // Its first moments are far below the agent's own level: a colleague, not the agent.
        // Dropping it keeps it from running on into (and being averaged with) the agent's speech.
        ag.tracker.discardActive();
      }
    }
  }

  private emitTimeline(now: number): void {
    if (!this.listener.timeline) return;
    const [ag, cu] = this.channels;
    const agentDb = ag.meter.momentaryLufs;
    const customerDb = cu.meter.momentaryLufs;
    const b = this.baselines;
    this.listener.timeline({
      sample: now,
      agentDb,
      customerDb,
      agentShortTermDb: ag.meter.shortTermLufs,
      customerShortTermDb: cu.meter.shortTermLufs,
      agentRelDb: b.agentNormalDb === null ? null : agentDb - b.agentNormalDb,
      customerRelDb: b.customerCalmDb === null ? null : customerDb - b.customerCalmDb,
      agentSpeaking: this.agentAnnounced >= 0 && ag.tracker.speaking,
      customerSpeaking: cu.tracker.speaking,
    });
  }
}
