/**
 * Runs a composed scene through the real analysis pipeline in-process: Silero (onnxruntime-node),
 * CallEngine, CallFeeder and ReportBuilder, as src/node/analyze.ts does for a file, but fed from the
 * scene's arrays in fixed-size blocks.
 */
import {
  type Clip,
  clipDurationSec,
  composeScene,
  loadClips,
  type Placement,
  type Scene,
  type SceneOptions,
} from '../../scripts/scene/compose.js';
import { CallAnalysis, surveyLevels } from '../../src/analysis.js';
import type { Cue } from '../../src/engine/events.js';
import { DEFAULT_SETTINGS, type Settings } from '../../src/engine/settings.js';
import type { LevelSeeds } from '../../src/engine/survey.js';
import type { Report } from '../../src/report/schema.js';
import { createNodeVad } from '../../src/node/onnx-vad.js';

export const SCENE_RATE_HZ = 16000;
export const BLOCK_SAMPLES = 4096;

export interface SceneRun {
  scene: Scene;
  report: Report;
  cues: Cue[];
}

/**
 * How a scene is judged: with a first pass over it (as a recording, the default), or with none, as a live
 * call is (`firstPass: false`), with what an agent's profile gives (`profile`).
 */
export interface SceneJudging {
  firstPass?: boolean;
  profile?: Pick<LevelSeeds, 'agentProfileDb' | 'customerPriorDb'>;
}

/** Analyzes the two channels of an already composed scene; returns the report and the live cues. */
export async function analyzeScene(
  scene: Scene,
  settings: Settings = { ...DEFAULT_SETTINGS },
  blockSamples = BLOCK_SAMPLES,
  judging: SceneJudging = {},
): Promise<{ report: Report; cues: Cue[] }> {
  const vad = await createNodeVad(8000, 2);
  const cues: Cue[] = [];
  const n = Math.min(scene.agent.length, scene.customer.length);
  async function* blocks(): AsyncGenerator<{ agent: Float32Array; customer: Float32Array }> {
    for (let at = 0; at < n; at += blockSamples) {
      const end = Math.min(n, at + blockSamples);
      yield { agent: scene.agent.slice(at, end), customer: scene.customer.slice(at, end) };
    }
  }
  const seeds: LevelSeeds = {
    ...(judging.firstPass === false
      ? { agentNormalDb: null, customerCalmDb: null }
      : await surveyLevels(blocks(), scene.sampleRateHz, settings)),
    ...judging.profile,
  };
  const analysis = new CallAnalysis(
    settings,
    vad,
    { files: ['scene'], codec: 'PCM float', sampleRateHz: scene.sampleRateHz, channels: 2, agentChannel: 0 },
    { cue: (c) => void cues.push(c) },
    seeds,
  );
  for await (const b of blocks()) await analysis.push(b.agent, b.customer);
  const report = await analysis.finish('test');
  return { report, cues };
}

/** Composes a scene at 16 kHz and analyzes it. */
export async function runScene(
  placements: Placement[],
  options: Omit<SceneOptions, 'sampleRateHz'>,
  settings?: Settings,
  judging?: SceneJudging,
): Promise<SceneRun> {
  const scene = composeScene(placements, { ...options, sampleRateHz: SCENE_RATE_HZ });
  const { report, cues } = await analyzeScene(scene, settings, BLOCK_SAMPLES, judging);
  return { scene, report, cues };
}

/** A fixture clip by id (test/fixtures/voices/index.json). */
export function fixtureClip(id: string): Clip {
  const clip = loadClips().find((c) => c.id === id);
  if (!clip) throw new Error(`no fixture clip '${id}'`);
  return clip;
}

/** Duration of a fixture clip, s. */
export const clipSec = (id: string): number => clipDurationSec(fixtureClip(id));

/**
 * The first `seconds` of a fixture clip, ending in a 10 ms fade (a speaker who stops mid-sentence,
 * without the click of a hard cut).
 */
export function trimClip(id: string, seconds: number): Clip {
  const clip = fixtureClip(id);
  const n = Math.round(seconds * clip.sampleRateHz);
  if (n > clip.samples.length) throw new RangeError(`${id} is shorter than ${seconds} s`);
  const samples = clip.samples.slice(0, n);
  const fade = Math.round(0.01 * clip.sampleRateHz);
  for (let i = 0; i < fade; i++) samples[n - 1 - i] = (samples[n - 1 - i] as number) * (i / fade);
  return { ...clip, id: `${id}-first-${seconds}s`, samples };
}
