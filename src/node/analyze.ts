import { readFileSync } from 'node:fs';
import { CallEngine } from '../engine/engine.js';
import type { Cue } from '../engine/events.js';
import { CallFeeder } from '../engine/feeder.js';
import type { Settings } from '../engine/settings.js';
import { ReportBuilder } from '../report/builder.js';
import type { Report } from '../report/schema.js';
import type { CallSource } from './audio-source.js';
import { createNodeVad } from './onnx-vad.js';

/** The package version, read once from package.json. */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

const SILENT_PEAK = 1e-4; // -80 dBFS: a channel whose loudest sample is below this holds nothing

export interface AnalyzeOptions {
  settings: Settings;
  /** Which source channel is the agent, for the report (null for two mono files). */
  agentChannel: number | null;
  /** Live cues, for callers that show them (the report holds only final events). */
  onCue?: (cue: Cue) => void;
  /** Progress: seconds of audio analyzed so far. */
  onProgress?: (seconds: number) => void;
}

/** Decode, analyze and report one call. Streams: memory does not grow with the call's length. */
export async function analyzeSource(source: CallSource, options: AnalyzeOptions): Promise<Report> {
  const vad = await createNodeVad(8000, 2);
  const builder = new ReportBuilder();
  const engine = new CallEngine(options.settings, vad, {
    event: (e) => builder.event(e),
    timeline: (p) => builder.point(p),
    ...(options.onCue ? { cue: options.onCue } : {}),
  });
  const feeder = new CallFeeder(engine, source.info.sampleRateHz);
  const peaks = [0, 0];
  for await (const block of source.blocks()) {
    peaks[0] = Math.max(peaks[0] as number, peakAbs(block.agent));
    peaks[1] = Math.max(peaks[1] as number, peakAbs(block.customer));
    await feeder.push(block.agent, block.customer);
    options.onProgress?.(feeder.samplesIn / source.info.sampleRateHz);
  }
  await feeder.end();
  const durationSec = feeder.samplesIn / source.info.sampleRateHz;
  const warnings = [...source.warnings];
  if ((peaks[0] as number) < SILENT_PEAK && (peaks[1] as number) < SILENT_PEAK) {
    warnings.push('the call is silent in both channels: the report has no speech');
  } else {
    if ((peaks[0] as number) < SILENT_PEAK)
      warnings.push('the agent channel is silent (wrong channel, or a one-sided recording?)');
    if ((peaks[1] as number) < SILENT_PEAK)
      warnings.push('the customer channel is silent (wrong channel, or a one-sided recording?)');
  }
  const report = builder.build({
    version: VERSION,
    source: {
      files: source.info.files,
      codec: source.info.codecName,
      sampleRateHz: source.info.sampleRateHz,
      channels: source.info.channels,
      agentChannel: options.agentChannel,
      durationSec: Math.round(durationSec * 1000) / 1000,
    },
    settings: options.settings,
    warnings,
    baselines: engine.baselines,
  });
  if (
    report.speech.agent.length === 0 &&
    report.speech.customer.length === 0 &&
    !warnings.some((w) => w.includes('silent'))
  ) {
    report.warnings.push('no speech was found in either channel');
  }
  return report;
}

function peakAbs(x: Float32Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const v = Math.abs(x[i] as number);
    if (v > m) m = v;
  }
  return m;
}
