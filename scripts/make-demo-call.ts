/**
 * The bundled demo call (assets/demo/): one short, unambiguous call that shows every rule once.
 *
 *   npx tsx scripts/make-demo-call.ts        (npm run make-demo)
 *
 * A billing complaint, agent flite kal16 on the left channel, customer flite slt on the right: a calm
 * opening (with one "mm hmm" backchannel while the customer explains), a venting customer the agent talks
 * over (an interruption at the peak), the customer going on and the agent waiting for the pause before a
 * soft reply (a complied peak), a second outburst the agent answers loudly (a raised voice, a peak not
 * complied with), and a calm close. A little line echo of the customer in the agent channel and light
 * line noise; everything is deterministic (fixed seed), so every run writes the same bytes.
 *
 * Writes demo-call.wav (two-channel PCM16 at 8 kHz, agent on channel 0) and demo-call.truth.json (the
 * scripted ground truth in the shared truth format, as scripts/make-validation-calls.ts writes it).
 * The scene is composed at 16 kHz (the clips' rate) and then resampled, band-limited, to 8 kHz.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { StreamingResampler } from '../dsp/resample.js';
import {
  clipDurationSec,
  composeScene,
  loadClips,
  type Clip,
  type Placement,
  type Scene,
  writeStereoWav,
} from './scene/compose.js';

const OUT_DIR = fileURLToPath(new URL('../assets/demo/', import.meta.url));
const COMPOSE_RATE_HZ = 16000;
const RATE_HZ = 8000;
const SEED = 2024;

/** The line gain of both parties: the clips' native level (calm -28 dBFS RMS) lowered a little. */
const LINE_DB = -3;
/** The customer's angry clips are 6 dB louder natively; venting adds this on top. */
const VENT_DB = 2;
/** The agent's raised reply, over their normal level. */
const RAISED_DB = 9;

type TruthEvent = { type: string; start: number; end: number; [k: string]: unknown };

const clips = loadClips();
function clip(id: string): Clip {
  const c = clips.find((x) => x.id === id);
  if (!c) throw new Error(`no clip ${id}`);
  return c;
}
const dur = (id: string): number => clipDurationSec(clip(id));
const r3 = (x: number): number => Math.round(x * 1000) / 1000;

/** The first `seconds` of a clip, faded out over 10 ms: a speaker who stops mid-sentence. */
function cut(id: string, seconds: number): Clip {
  const c = clip(id);
  const n = Math.min(c.samples.length, Math.round(seconds * c.sampleRateHz));
  const samples = c.samples.slice(0, n);
  const fade = Math.round(0.01 * c.sampleRateHz);
  for (let i = 0; i < fade; i++) samples[n - 1 - i] = (samples[n - 1 - i] as number) * (i / fade);
  return { ...c, id: `${id}-cut`, samples };
}

/**
 * The call as a script: turns placed one after another, the truth written down as they are placed.
 * `t` is the end of the last turn; every turn starts `gapSec` after it.
 */
class DemoScript {
  t = 0.8;
  readonly placements: Placement[] = [];
  readonly events: TruthEvent[] = [];
  /** who spoke last, when the customer stopped and whether that sentence was loud */
  private last: 'agent' | 'customer' | null = null;
  private customerEnd = 0;
  private customerLoud = false;

  /** An agent turn: sentences 0.3 s apart, `gainDb` over the agent's normal level (>= 6 dB: raised). */
  agent(ids: string[], gapSec: number, gainDb = 0): this {
    const start = this.t + gapSec;
    if (this.last === 'customer') {
      this.events.push({
        type: 'response',
        start: r3(this.customerEnd),
        end: r3(start),
        gapSec: r3(start - this.customerEnd),
        afterPeak: this.customerLoud,
      });
    }
    let t = start;
    for (const [i, id] of ids.entries()) {
      if (i > 0) t += 0.3;
      this.placements.push({ party: 'agent', clip: id, atSec: t, gainDb: LINE_DB + gainDb });
      t += dur(id);
    }
    if (gainDb >= 6) this.events.push({ type: 'raisedVoice', start: r3(start), end: r3(t) });
    this.t = t;
    this.last = 'agent';
    return this;
  }

  /**
   * A customer turn: sentences 0.25 s apart; `angry`: venting, a peak over the whole turn.
   * `backchannel`: the agent's short clip `afterSec` into the turn while the customer goes on.
   * `interrupt`: the agent comes in `afterSec` into the turn; the customer gives up 0.5 s later,
   * mid-sentence, and the agent's sentence goes on.
   */
  customer(
    ids: string[],
    gapSec: number,
    opts: {
      angry?: boolean;
      backchannel?: { id: string; afterSec: number };
      interrupt?: { id: string; afterSec: number };
    } = {},
  ): this {
    const start = this.t + gapSec;
    const gainDb = LINE_DB + (opts.angry ? VENT_DB : 0);
    const stopAt = opts.interrupt ? start + opts.interrupt.afterSec + 0.5 : Infinity;
    let t = start;
    for (const [i, id] of ids.entries()) {
      if (i > 0) t += 0.25;
      if (t >= stopAt) break;
      if (t + dur(id) > stopAt) {
        this.placements.push({ party: 'customer', clip: cut(id, stopAt - t), atSec: t, gainDb });
        t = stopAt;
        break;
      }
      this.placements.push({ party: 'customer', clip: id, atSec: t, gainDb });
      t += dur(id);
    }
    if (opts.angry) this.events.push({ type: 'customerPeak', start: r3(start), end: r3(t) });
    if (opts.backchannel) {
      const at = start + opts.backchannel.afterSec;
      this.placements.push({ party: 'agent', clip: opts.backchannel.id, atSec: at, gainDb: LINE_DB });
      this.events.push({ type: 'backchannel', start: r3(at), end: r3(at + dur(opts.backchannel.id)) });
    }
    this.customerEnd = t;
    this.customerLoud = opts.angry === true;
    this.last = 'customer';
    this.t = t;
    if (opts.interrupt) {
      const at = start + opts.interrupt.afterSec;
      const end = at + dur(opts.interrupt.id);
      this.placements.push({ party: 'agent', clip: opts.interrupt.id, atSec: at, gainDb: LINE_DB });
      this.events.push({
        type: 'interruption',
        start: r3(at),
        end: r3(Math.min(t, end)),
        atPeak: opts.angry === true,
      });
      this.t = Math.max(t, end);
      this.last = 'agent';
    }
    return this;
  }
}

const script = new DemoScript()
  // Calm opening: the agent greets, the customer explains (the agent says "mm hmm" as they go on).
  .agent(['a-kal16-calm-1'], 0) //                     Thanks for calling, how can I help today?
  .customer(['c-slt-calm-1', 'c-slt-calm-2', 'c-slt-calm-3'], 0.7, {
    backchannel: { id: 'a-kal16-bc-1', afterSec: 3.3 }, // Mm hmm.
  })
  .agent(['a-kal16-calm-2'], 0.8) //                    I can see the charge on your account now.
  .customer(['c-slt-calm-2'], 0.7) //                   It says I owe forty pounds more than usual.
  .agent(['a-kal16-int-2'], 0.9) //                     Let me explain.
  // The customer vents; the agent talks over them at the peak and the customer gives up mid-sentence.
  .customer(['c-slt-angry-1', 'c-slt-angry-2'], 0.6, {
    angry: true,
    interrupt: { id: 'a-kal16-int-1', afterSec: 2.9 }, // Sorry, can I just stop you there?
  })
  // The customer goes on venting; the agent waits for the pause and replies at their normal level.
  .customer(['c-slt-angry-2', 'c-slt-angry-3'], 0.6, { angry: true })
  .agent(['a-kal16-calm-3'], 1.6) //                    I will raise a refund for you straight away.
  .customer(['c-slt-calm-3'], 0.8) //                   I did check the account online this morning.
  .agent(['a-kal16-calm-2'], 0.9) //                    I can see the charge on your account now.
  // A second outburst, answered loudly: a raised voice, a peak not complied with.
  .customer(['c-slt-angry-1', 'c-slt-angry-3'], 0.7, { angry: true })
  .agent(['a-kal16-int-2', 'a-kal16-calm-3'], 1.2, RAISED_DB) // Let me explain. I will raise a refund...
  // A calm close.
  .customer(['c-slt-calm-2'], 1.0) //                   It says I owe forty pounds more than usual.
  .agent(['a-kal16-calm-3'], 0.9) //                    I will raise a refund for you straight away.
  .customer(['c-slt-calm-1', 'c-slt-calm-3'], 0.8) //   Hi, I'm calling about my last bill. I did check...
  .agent(['a-kal16-calm-2'], 0.8); //                   I can see the charge on your account now.

/** One channel from COMPOSE_RATE_HZ to RATE_HZ, band-limited, exactly `frames` long. */
function toEngineRate(samples: Float32Array, frames: number): Float32Array {
  const resampler = new StreamingResampler({ fromHz: COMPOSE_RATE_HZ, toHz: RATE_HZ, quality: 'good' });
  const head = resampler.process(samples);
  const tail = resampler.flush();
  const out = new Float32Array(frames);
  out.set(head.subarray(0, frames));
  if (head.length < frames) out.set(tail.subarray(0, frames - head.length), head.length);
  return out;
}

const durationSec = Math.round((script.t + 1.5) * 10) / 10;
const composed = composeScene(script.placements, {
  sampleRateHz: COMPOSE_RATE_HZ,
  durationSec,
  echo: { delayMs: 60, gainDb: -24 },
  noiseDb: { agent: -62, customer: -60 },
  seed: SEED,
});
const frames = Math.round(durationSec * RATE_HZ);
const scene: Scene = {
  ...composed,
  sampleRateHz: RATE_HZ,
  agent: toEngineRate(composed.agent, frames),
  customer: toEngineRate(composed.customer, frames),
};

mkdirSync(OUT_DIR, { recursive: true });
writeStereoWav(join(OUT_DIR, 'demo-call.wav'), scene, 0);
const truth = {
  schema: 'softspoken.truth/1',
  file: 'demo-call.wav',
  durationSec,
  agentChannel: 0,
  format: 'pcm16_8k',
  voices: { customer: 'slt', agent: 'kal16' },
  speech: {
    agent: scene.speech.agent.map(([x, y]) => [r3(x), r3(y)]),
    customer: scene.speech.customer.map(([x, y]) => [r3(x), r3(y)]),
  },
  events: [...script.events].sort((x, y) => x.start - y.start),
};
const truthPath = join(OUT_DIR, 'demo-call.truth.json');
const prettierOptions = (await resolveConfig(truthPath)) ?? {};
writeFileSync(truthPath, await format(JSON.stringify(truth), { ...prettierOptions, filepath: truthPath }));
const counts = script.events.reduce<Record<string, number>>((acc, e) => {
  acc[e.type] = (acc[e.type] ?? 0) + 1;
  return acc;
}, {});
console.log(`demo-call.wav: ${durationSec} s at ${RATE_HZ} Hz; scripted ${JSON.stringify(counts)}`);
