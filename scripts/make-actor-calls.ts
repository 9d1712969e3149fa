/**
 * Labelled calls made of real actors' speech (../shared/voices/effort, RAVDESS; evaluation only: read where
 * they lie, never copied into the project), for the accuracy check (`npm run eval`):
 *
 *   npx tsx scripts/make-actor-calls.ts [OUT_DIR] [--voices DIR]      (default bench-out/actors)
 *
 * writes OUT_DIR/mixed/ (calls where the customer vents and the agent at times raises their voice) and
 * OUT_DIR/calm/ (ordinary conversations: nobody vents or shouts), NAME.wav + NAME.truth.json each, in the
 * shared truth format. One actor per party. Calm speech keeps its natural variation (each clip at its
 * recorded level against the actor's own calm median: one person's calm clips spread over 2-11 dB);
 * venting and raised voice are the actor's own angry clips, capped to what a phone line carries (a cap
 * drawn per clip between VENT_CAP_DB: a shout is brought down to it, never a calm clip up). Backchannels
 * are the agent's own first word of a calm clip, at or under their calm level (down to SOFTEST_BC_DB).
 * Half the calls are hard lines: the customer's echo in the agent's channel, a colleague (another actor,
 * well under the agent), keyboard clicks, gain drift, line noise, some as 8 kHz u-law. Everything random
 * comes from the call's seed, so the same clips give the same calls.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  type ActorClip,
  loadActorClips,
  scaledClip,
  SHARED_EFFORT_DIR,
  wordOf,
} from './scene/actor-clips.js';
import { type Clip, composeScene, mulberry32, type SceneOptions } from './scene/compose.js';
import { buildTruth, CallScript, writeTruth } from './scene/truth.js';
import { encodeWav } from '../dsp/wav.js';
import { encodeMulawWav } from './ulaw.js';
import { resampleAudio } from './variants.js';

/** A venting sentence or a raised reply sits this far over the speaker's calm median (the cap drawn per clip), dB. */
export const VENT_CAP_DB: [number, number] = [8, 14];
/** Angry clips quieter than the lowest cap are not used as venting (they are not louder than calm speech can be). */
const MIN_ANGRY_DB = VENT_CAP_DB[0];
/** Backchannels: the agent's first word, between their calm median and this far under it, dB. */
export const SOFTEST_BC_DB = -9;
/** A colleague in the agent's room: this far under the agent's calm median, dB. */
const COLLEAGUE_DB: [number, number] = [-12, -7];

interface Cast {
  name: string;
  customer: string;
  agent: string;
  colleague: string | null;
  hard: boolean;
  calmOnly: boolean;
  ulaw: boolean;
  seed: number;
}

type Rng = () => number;
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)] as T;
const between = (rng: Rng, [lo, hi]: readonly [number, number]): number => lo + (hi - lo) * rng();

/** The clips one call uses, made for it: ids name the call's party and what the clip is. */
class Voices {
  readonly clips: Clip[] = [];
  private n = 0;

  constructor(
    private readonly all: readonly ActorClip[],
    private readonly rng: Rng,
  ) {}

  private add(clip: Clip): string {
    this.clips.push(clip);
    return clip.id;
  }

  /** A calm clip of `actor` at its recorded level (its natural variation kept). */
  calm(actor: string): string {
    const c = pick(
      this.rng,
      this.all.filter((x) => x.actor === actor && x.effort === 'calm'),
    );
    return this.add({ ...c, id: `${c.id}#${this.n++}` });
  }

  /** An angry clip of `actor` loud enough to be venting, brought down to a cap drawn in VENT_CAP_DB. */
  angry(actor: string): string {
    const loud = this.all.filter(
      (x) => x.actor === actor && x.effort !== 'calm' && x.aboveCalmDb >= MIN_ANGRY_DB,
    );
    const c = pick(this.rng, loud);
    const cap = between(this.rng, VENT_CAP_DB);
    return this.add(scaledClip(c, Math.min(0, cap - c.aboveCalmDb), `${c.id}#${this.n++}`));
  }

  /** The first word of a calm clip of `actor` (0.35-0.5 s), as a backchannel. */
  word(actor: string): string {
    const c = pick(
      this.rng,
      this.all.filter((x) => x.actor === actor && x.effort === 'calm'),
    );
    return this.add(wordOf(c, 0.35 + 0.15 * this.rng(), `${c.id}-word#${this.n++}`));
  }
}

/** The script of one call: turns with natural gaps; venting, replies, backchannels and talk-overs. */
function script(cast: Cast, v: Voices, rng: Rng): CallScript {
  const s = new CallScript(0.5 + rng(), { lineDb: 0, ventDb: 0, raisedDb: Infinity }, v.clips);
  const a = (): string => v.calm(cast.agent);
  const c = (): string => v.calm(cast.customer);
  const vent = (): string => (cast.calmOnly ? v.calm(cast.customer) : v.angry(cast.customer));
  const angry = !cast.calmOnly;
  const bc = (afterSec: number): { id: string; afterSec: number; gainDb: number } => ({
    id: v.word(cast.agent),
    afterSec,
    gainDb: SOFTEST_BC_DB * rng(),
  });
  const raised = (): [string[], boolean] => (cast.calmOnly ? [[a()], false] : [[v.angry(cast.agent)], true]);
  const gap = (lo: number, hi: number): number => lo + (hi - lo) * rng();

  s.agent([a()], 0);
  s.customer([c(), c()], gap(0.5, 0.9), { backchannel: bc(1.6 + rng()) });
  s.agent([a()], gap(0.4, 0.8));
  s.customer([c(), c(), c()], gap(0.5, 0.9));
  s.agent([a(), a()], gap(0.4, 0.8));
  // the first wave: the agent gives a backchannel and waits
  s.customer([vent(), vent(), vent()], gap(0.5, 0.8), { angry, backchannel: bc(2 + rng()) });
  s.agent([a()], gap(1.3, 1.9));
  s.customer([c(), c()], gap(0.6, 1.0));
  s.agent([a()], gap(0.4, 0.8));
  // the second: the agent talks over it
  s.customer([vent(), vent(), vent()], gap(0.5, 0.8), { angry, interrupt: { id: a(), afterSec: 3 + rng() } });
  s.customer([c()], gap(0.7, 1.0));
  const [ids, isRaised] = raised();
  s.agent(ids, gap(0.5, 0.8), 0, isRaised);
  // the third: answered too soon
  s.customer([vent(), vent()], gap(0.6, 0.9), { angry });
  s.agent([a()], gap(0.4, 0.7));
  s.customer([c(), c()], gap(0.6, 0.9), { backchannel: bc(1.2 + rng()) });
  const [ids2, isRaised2] = raised();
  s.agent(ids2, gap(0.5, 0.9), 0, isRaised2);
  // the fourth: answered after the pause
  s.customer([vent(), vent(), vent()], gap(0.5, 0.8), { angry });
  s.agent([a(), a()], gap(1.3, 2.0));
  s.customer([c(), c()], gap(0.6, 1.0), { interrupt: { id: a(), afterSec: 1.5 + rng() } });
  s.customer([c()], gap(0.7, 1.0));
  s.agent([a()], gap(0.5, 0.9));
  return s;
}

const ACTORS = ['a01', 'a02', 'a05', 'a06', 'a09', 'a10', 'a13', 'a14', 'a17', 'a18', 'a21', 'a22'];

/** The calls: every actor the customer once in a call with venting, and in a calm call every other time. */
export function casts(): Cast[] {
  const out: Cast[] = [];
  ACTORS.forEach((customer, i) => {
    const agent = ACTORS[(i + 5) % ACTORS.length] as string;
    const hard = i % 2 === 1;
    out.push({
      name: `actors_${hard ? 'hard' : 'clean'}_${customer}_${agent}`,
      customer,
      agent,
      colleague: hard ? (ACTORS[(i + 3) % ACTORS.length] as string) : null,
      hard,
      calmOnly: false,
      ulaw: hard && i % 4 === 3,
      seed: 100 + i,
    });
  });
  ACTORS.forEach((customer, i) => {
    if (i % 2 === 1) return;
    const agent = ACTORS[(i + 7) % ACTORS.length] as string;
    const hard = i % 4 === 2;
    out.push({
      name: `calm_${hard ? 'hard' : 'clean'}_${customer}_${agent}`,
      customer,
      agent,
      colleague: hard ? (ACTORS[(i + 3) % ACTORS.length] as string) : null,
      hard,
      calmOnly: true,
      ulaw: false,
      seed: 200 + i,
    });
  });
  return out;
}

/** An actor's calm level: the middle (upper middle for an even count) of their calm clips' levels, dB. */
function calmLevelDb(all: readonly ActorClip[], actor: string): number {
  const xs = all.filter((x) => x.actor === actor && x.effort === 'calm').map((x) => x.levelDb);
  return xs.sort((p, q) => p - q)[xs.length >> 1] as number;
}

/** The line around the script: levels, and for hard lines echo, a colleague, clicks, drift and noise. */
function lineOptions(
  cast: Cast,
  v: Voices,
  all: readonly ActorClip[],
  durationSec: number,
  rng: Rng,
): SceneOptions {
  const calmOf = (actor: string): number => calmLevelDb(all, actor);
  if (!cast.hard)
    return {
      durationSec,
      noiseDb: { agent: calmOf(cast.agent) - 45, customer: calmOf(cast.customer) - 45 },
      seed: cast.seed,
    };
  const room: NonNullable<SceneOptions['room']> = [];
  if (cast.colleague) {
    const under = between(rng, COLLEAGUE_DB);
    const shift = calmOf(cast.agent) - calmOf(cast.colleague) + under;
    for (let t = 3 + 6 * rng(); t < durationSec - 4; t += 12 + 10 * rng()) {
      const id = v.calm(cast.colleague);
      room.push({
        clip: scaledClip(v.clips.find((x) => x.id === id) as Clip, shift, `${id}-room`),
        atSec: t,
        gainDb: 0,
      });
    }
  }
  const clicks = Array.from({ length: Math.floor(durationSec / 2) }, (_, i) => ({
    atSec: 1 + i * 2 + rng(),
    gainDb: calmOf(cast.agent) - 6 + 6 * rng(),
  }));
  return {
    durationSec,
    echo: { delayMs: 40 + 110 * rng(), gainDb: -25 + 7 * rng() },
    room,
    clicks,
    noiseDb: { agent: calmOf(cast.agent) - 35 - 5 * rng(), customer: calmOf(cast.customer) - 35 - 5 * rng() },
    gainDriftDb: { agent: 3 * (2 * rng() - 1), customer: 3 * (2 * rng() - 1) },
    seed: cast.seed,
  };
}

/** Writes every call of `casts()` into OUT/mixed and OUT/calm; returns the folders. */
export async function makeActorCalls(out: string, voicesDir: string = SHARED_EFFORT_DIR): Promise<string[]> {
  const all = await loadActorClips(voicesDir);
  const dirs = new Set<string>();
  for (const cast of casts()) {
    const rng = mulberry32(cast.seed);
    const v = new Voices(all, rng);
    const s = script(cast, v, rng);
    const durationSec = s.t + 1.5;
    const scene = composeScene(s.placements, {
      ...lineOptions(cast, v, all, durationSec, rng),
      sampleRateHz: 16000,
      clips: v.clips,
    });
    // each party's line gain: its calm median somewhere between -34 and -18 dBFS (the clips are recorded quietly)
    const dir = path.join(out, cast.calmOnly ? 'calm' : 'mixed');
    mkdirSync(dir, { recursive: true });
    dirs.add(dir);
    const lift = (actor: string): number => -34 + 16 * rng() - calmLevelDb(all, actor);
    const agentGain = 10 ** (lift(cast.agent) / 20);
    const customerGain = 10 ** (lift(cast.customer) / 20);
    const audio = resampleAudio(
      {
        sampleRateHz: scene.sampleRateHz,
        channels: [scene.agent.map((x) => x * agentGain), scene.customer.map((x) => x * customerGain)],
      },
      cast.ulaw || cast.hard ? 8000 : 16000,
    );
    const file = `${cast.name}.wav`;
    writeFileSync(
      path.join(dir, file),
      cast.ulaw
        ? encodeMulawWav(audio.channels, audio.sampleRateHz)
        : encodeWav(audio.channels, audio.sampleRateHz),
    );
    const truth = buildTruth(
      {
        file,
        durationSec,
        agentChannel: 0,
        format: `${cast.ulaw ? 'ulaw' : 'pcm16'}_${audio.sampleRateHz / 1000}k`,
        voices: { customer: `ravdess:${cast.customer}`, agent: `ravdess:${cast.agent}` },
      },
      scene.speech,
      s.events,
    );
    await writeTruth(path.join(dir, `${cast.name}.truth.json`), truth);
  }
  return [...dirs].sort();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { voices: { type: 'string' } },
  });
  const out = positionals[0] ?? 'bench-out/actors';
  rmSync(out, { recursive: true, force: true });
  const dirs = await makeActorCalls(out, values.voices ?? SHARED_EFFORT_DIR);
  for (const d of dirs) console.log(d);
}
