import type { SileroStreams } from '../dsp/silero.js';
import { CallEngine, type EngineListener } from './engine/engine.js';
import type { Baselines } from './engine/events.js';
import { CallFeeder } from './engine/feeder.js';
import type { Settings } from './engine/settings.js';
import { LevelSurvey, type LevelSeeds } from './engine/survey.js';
import { ReportBuilder } from './report/builder.js';
import type { Report, SourceInfoReport } from './report/schema.js';

const SILENT_PEAK = 1e-4; // -80 dBFS: a channel whose loudest sample is below this holds nothing

/**
 * One call's analysis, from aligned blocks to the report: the engine, its feeder and the report builder
 * wired together, plus the checks that only the whole call can make (a silent channel, no speech at all).
 * Portable: the file CLI, the tests and (later) the app's worker all go through here.
 */
export class CallAnalysis {
  private readonly engine: CallEngine;
  private readonly feeder: CallFeeder;
  private readonly builder = new ReportBuilder();
  private readonly peaks = [0, 0];

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
    this.peaks[0] = Math.max(this.peaks[0] as number, peakAbs(agent));
    this.peaks[1] = Math.max(this.peaks[1] as number, peakAbs(customer));
    await this.feeder.push(agent, customer);
  }

  /** End of the call: decide what is open and build the report. `warnings` come from the source. */
  async finish(version: string, warnings: readonly string[] = []): Promise<Report> {
    await this.feeder.end();
    const all = [...warnings];
    const [agentPeak, customerPeak] = this.peaks as [number, number];
    if (agentPeak < SILENT_PEAK && customerPeak < SILENT_PEAK) {
      all.push('the call is silent in both channels: the report has no speech');
    } else {
      if (agentPeak < SILENT_PEAK)
        all.push('the agent channel is silent (wrong channel, or a one-sided recording?)');
      if (customerPeak < SILENT_PEAK) {
        all.push('the customer channel is silent (wrong channel, or a one-sided recording?)');
      }
    }
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
      all.length === warnings.length
    ) {
      report.warnings.push('no speech was found in either channel');
    }
    return report;
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

function peakAbs(x: Float32Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const v = Math.abs(x[i] as number);
    if (v > m) m = v;
  }
  return m;
}
