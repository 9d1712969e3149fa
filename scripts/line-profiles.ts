/**
 * Agent profiles for the labelled calls of a folder, for the live benchmark and the engine-only study: each
 * call taken as one of an agent's calls on one line, with the profile as it would stand after the others.
 * The agent's normal level is the one the first pass measures on this call (the same agent, the same
 * headset); the customers' calm level on the line is the mean of what the first pass measures on the
 * folder's other calls (other customers on the same line). Nothing of the call's own customer goes in.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { surveyLevels } from '../src/analysis.js';
import type { Settings } from '../src/engine/settings.js';
import type { LevelSeeds } from '../src/engine/survey.js';
import { openStereoCall } from '../src/node/audio-source.js';

export type LineProfile = Required<Pick<LevelSeeds, 'agentProfileDb' | 'customerPriorDb'>>;

/** The profile for each of `names`, from every labelled call (NAME.wav + NAME.truth.json) in `callsDir`. */
export async function lineProfiles(
  callsDir: string,
  names: readonly string[],
  settings: Settings,
): Promise<Map<string, LineProfile>> {
  const all = readdirSync(callsDir)
    .filter((f) => f.endsWith('.truth.json'))
    .map((f) => f.replace(/\.truth\.json$/, ''));
  const measured = new Map<string, LevelSeeds>();
  for (const name of all) {
    const truth = JSON.parse(readFileSync(join(callsDir, `${name}.truth.json`), 'utf8')) as {
      agentChannel: 0 | 1;
    };
    const source = await openStereoCall(join(callsDir, `${name}.wav`), truth.agentChannel);
    measured.set(name, await surveyLevels(source.blocks(), source.info.sampleRateHz, settings));
  }
  const profiles = new Map<string, LineProfile>();
  for (const name of names) {
    const others = all
      .filter((n) => n !== name)
      .map((n) => measured.get(n)?.customerCalmDb)
      .filter((x): x is number => typeof x === 'number');
    profiles.set(name, {
      agentProfileDb: measured.get(name)?.agentNormalDb ?? null,
      customerPriorDb: others.length > 0 ? others.reduce((a, b) => a + b, 0) / others.length : null,
    });
  }
  return profiles;
}
