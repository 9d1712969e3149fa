import { ClipCounter } from '../dsp/clipping.js';
import type { SileroStreams } from '../dsp/silero.js';
import { CallEngine, type EngineListener } from './engine/engine.js';
import type { Baselines } from './engine/events.js';
import { CallFeeder } from './engine/feeder.js';
import type { Settings } from './engine/settings.js';
import { LevelSurvey, type LevelSeeds } from './engine/survey.js';
import { ReportBuilder } from './report/builder.js';
import type { Report, SourceInfoReport } from './report/schema.js';

const SILENT_PEAK = 1e-4; // -80 dBFS: a channel whose loudest sample (its DC offset removed) is below this holds nothing
/**
 * A DC offset this large (-40 dBFS, 1 % of full scale; 328 in 16-bit units) is a fault of the line or the
 * headset worth naming: the analysis removes it either way (CallFeeder), so smaller ones go unsaid.
 */
const NOTABLE_OFFSET = 0.01;
/**
 * A channel with this share of its samples at full scale (0.1 %) is clipped: its loudest moments read
 * quieter than they were (CallFeeder redraws short flat tops, which gives most of it back). Speech
 * peak-normalised to 0 dBFS has a handful of samples there, not 1 in 1000.
 */
const CLIPPED_FRACTION = 0.001;
const PARTIES = ['agent', 'customer'] as const;

/**
 * One call's analysis, from aligned blocks to the report: the engine, its feeder and the report builder
 * wired together, plus the checks that only the whole call can make (a silent channel, no speech at all).
 * Portable: the file CLI, the tests and (later) the app's worker all go through here.
 */
export class CallAnalysis {
  private readonly engine: CallEngine;
  private readonly feeder: CallFeeder;
  private readonly builder = new ReportBuilder();
  private readonly clipping = [new ClipCounter(), new ClipCounter()] as const;

  constructor(
    private readonly settings: Settings,
    vad: SileroStreams,
    private readonly source: Omit<SourceInfoReport, 'durationSec'>,
    /** Another reader of the engine's stream (cues, events, timeline), beside the report builder. */
    observer?: Partial<EngineListener>,
    seeds?: LevelSeeds,
  ) {
    this.engine = new CallEngine(
      settings,
      vad,
      {
        event: (e) => {
          this.builder.event(e);
          observer?.event?.(e);
        },
        timeline: (p) => {
          this.builder.point(p);
          observer?.timeline?.(p);
        },
        ...(observer?.cue ? { cue: observer.cue } : {}),
      },
      seeds,
    );
    this.feeder = new CallFeeder(this.engine, source.sampleRateHz);
  }

  /** Each party's own level as the engine knows it now. */
  get baselines(): Baselines {
    return this.engine.baselines;
  }

  /** Seconds of audio taken in so far. */
  get secondsIn(): number {
    return this.feeder.samplesIn / this.source.sampleRateHz;
  }

  /** Aligned agent and customer samples at the source rate, any block length. */
  async push(agent: Float32Array, customer: Float32Array): Promise<void> {
    this.clipping[0].process(agent);
    this.clipping[1].process(customer);
    await this.feeder.push(agent, customer);
  }

  /** End of the call: decide what is open and build the report. `warnings` come from the source. */
  async finish(version: string, warnings: readonly string[] = []): Promise<Report> {
    await this.feeder.end();
    const all = [...warnings, ...this.signalWarnings()];
    const report = this.builder.build({
      version,
      source: { ...this.source, durationSec: Math.round(this.secondsIn * 1000) / 1000 },
      settings: this.settings,
      warnings: all,
      baselines: this.engine.baselines,
    });
    if (
      report.speech.agent.length === 0 &&
      report.speech.customer.length === 0 &&
      !this.silentChannels().includes(true)
    ) {
      report.warnings.push('no speech was found in either channel');
    }
    return report;
  }

  /** Whether each party's channel, agent then customer, is silent once its DC offset is removed. */
  private silentChannels(): [boolean, boolean] {
    const [agent, customer] = this.feeder.peakLevels;
    return [agent < SILENT_PEAK, customer < SILENT_PEAK];
  }

  /** What the whole call's samples say about its channels: silent, a DC offset, clipped. */
  private signalWarnings(): string[] {
    const out: string[] = [];
    const silent = this.silentChannels();
    const offsets = this.feeder.offsets;
    if (silent[0] && silent[1]) out.push('the call is silent in both channels: the report has no speech');
    PARTIES.forEach((party, k) => {
      const offset = Math.abs(offsets[k] as number);
      const dc = offset >= NOTABLE_OFFSET ? `DC at ${(20 * Math.log10(offset)).toFixed(0)} dBFS` : null;
      if (silent[k]) {
        if (dc !== null) out.push(`the ${party} channel holds only a constant offset (${dc}): no sound`);
        if (!(silent[0] && silent[1]))
          out.push(`the ${party} channel is silent (wrong channel, or a one-sided recording?)`);
      } else if (dc !== null) {
        out.push(
          `the ${party} channel carries a constant offset (${dc}, a fault of the line or headset): removed before the analysis`,
        );
      }
      const clip = (this.clipping[k] as ClipCounter).fraction;
      if (clip >= CLIPPED_FRACTION) {
        out.push(
          `the ${party} channel is clipped: ${(100 * clip).toFixed(1)} % of its samples are at full scale ` +
            '(recorded too loud): the flat tops were redrawn for the analysis, but its loudest moments may read quieter than they were',
        );
      }
    });
    return out;
  }
}

/**
 * The offline first pass (LevelSurvey): the whole call's aligned blocks at `sampleRateHz`, through the
 * same feeder the engine uses, to where each party's own level lies. Costs a fraction of the analysis.
 */
export async function surveyLevels(
  blocks: AsyncIterable<{ agent: Float32Array; customer: Float32Array }>,
  sampleRateHz: number,
  settings: Settings,
): Promise<LevelSeeds> {
  const survey = new LevelSurvey(settings);
  const feeder = new CallFeeder(survey, sampleRateHz);
  for await (const b of blocks) await feeder.push(b.agent, b.customer);
  await feeder.end();
  return survey.seeds;
}
