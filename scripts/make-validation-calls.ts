/**
 * Labelled validation calls of our own, unlike the shared dev set: other voices (espeak-ng as well as
 * flite), other echo delays, colleagues, clicks, noise and drift. Each call is written as NAME.wav
 * (agent on channel 0) with NAME.truth.json in the shared truth format, so the shared scorer reads them:
 *
 *   npx tsx scripts/make-validation-calls.ts [OUT_DIR]        (default bench-out/validation)
 *   for f in OUT_DIR/*.wav; do npx softspoken analyze $f --json REPORTS/$(basename $f .wav).json --quiet; done
 *   node ../shared/eval/score.mjs OUT_DIR REPORTS
 *
 * The truth comes from the script itself: where clips are placed, who yields, which turns are loud.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  clipDurationSec,
  composeScene,
  loadClips,
  type Clip,
  type Placement,
  type SceneOptions,
  writeStereoWav,
} from './scene/compose.js';

type TruthEvent = { type: string; start: number; end: number; [k: string]: unknown };

const clips = loadClips();
const clip = (id: string): Clip => {
  const c = clips.find((x) => x.id === id);
  if (!c) throw new Error(`no clip ${id}`);
  return c;
};
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

class CallScript {
  t = 0.6;
  readonly placements: Placement[] = [];
  readonly events: TruthEvent[] = [];
  private last: 'agent' | 'customer' | null = null;
  private lastCustomerEnd = 0;
  private lastCustomerLoud = false;

  agent(ids: string[], gapSec: number, gainDb = 0): this {
    const start = this.t + gapSec;
    if (this.last === 'customer') {
      this.events.push({
        type: 'response',
        start: r3(this.lastCustomerEnd),
        end: r3(start),
        gapSec: r3(start - this.lastCustomerEnd),
        afterPeak: this.lastCustomerLoud,
      });
    }
    let t = start;
    for (const [i, id] of ids.entries()) {
      if (i > 0) t += 0.3;
      this.placements.push({ party: 'agent', clip: id, atSec: t, gainDb });
      t += clipDurationSec(clip(id));
    }
    if (gainDb >= 8) this.events.push({ type: 'raisedVoice', start: r3(start), end: r3(t) });
    this.t = t;
    this.last = 'agent';
    return this;
  }

  /**
   * A customer turn of sentences 0.25 s apart. `angry`: a peak over the whole turn. `backchannel`:
   * the agent's clip `afterSec` into the turn, the customer going on. `interrupt`: the agent's clip
   * `afterSec` into the turn; the customer stops 0.5 s later and the agent's turn goes on.
   */
  customer(
    ids: string[],
    gapSec: number,
    opts: {
      angry?: boolean;
      backchannel?: { id: string; afterSec: number };
      interrupt?: { id: string; afterSec: number; gainDb?: number };
    } = {},
  ): this {
    const start = this.t + gapSec;
    let t = start;
    let stopAt = Infinity;
    if (opts.interrupt) stopAt = start + opts.interrupt.afterSec + 0.5;
    for (const [i, id] of ids.entries()) {
      if (i > 0) t += 0.25;
      if (t >= stopAt) break;
      const dur = clipDurationSec(clip(id));
      if (t + dur > stopAt) {
        this.placements.push({
          party: 'customer',
          clip: cut(id, stopAt - t),
          atSec: t,
          gainDb: opts.angry ? 2 : 0,
        });
        t = stopAt;
        break;
      }
      this.placements.push({ party: 'customer', clip: id, atSec: t, gainDb: opts.angry ? 2 : 0 });
      t += dur;
    }
    if (opts.angry) this.events.push({ type: 'customerPeak', start: r3(start), end: r3(t) });
    if (opts.backchannel) {
      const at = start + opts.backchannel.afterSec;
      const end = at + clipDurationSec(clip(opts.backchannel.id));
      this.placements.push({ party: 'agent', clip: opts.backchannel.id, atSec: at });
      this.events.push({ type: 'backchannel', start: r3(at), end: r3(end) });
    }
    this.lastCustomerEnd = t;
    this.lastCustomerLoud = opts.angry === true;
    this.last = 'customer';
    this.t = t;
    if (opts.interrupt) {
      const at = start + opts.interrupt.afterSec;
      const gain = opts.interrupt.gainDb ?? 0;
      this.placements.push({ party: 'agent', clip: opts.interrupt.id, atSec: at, gainDb: gain });
      const end = at + clipDurationSec(clip(opts.interrupt.id));
      this.events.push({
        type: 'interruption',
        start: r3(at),
        end: r3(Math.min(t, end)),
        atPeak: opts.angry === true,
      });
      if (gain >= 8) this.events.push({ type: 'raisedVoice', start: r3(at), end: r3(end) });
      this.t = Math.max(t, end);
      this.last = 'agent';
    }
    return this;
  }
}

interface Call {
  name: string;
  agent: 'kal16' | 'gbm3';
  customer: 'slt' | 'usf3';
  options: Omit<SceneOptions, 'durationSec' | 'sampleRateHz'>;
}

const CALLS: Call[] = [
  {
    name: 'val_espeak_both',
    agent: 'gbm3',
    customer: 'usf3',
    options: { echo: { delayMs: 70, gainDb: -22 }, noiseDb: { agent: -58, customer: -62 }, seed: 3 },
  },
  {
    name: 'val_slt_gbm3_room',
    agent: 'gbm3',
    customer: 'slt',
    options: {
      echo: { delayMs: 120, gainDb: -20 },
      noiseDb: { agent: -50, customer: -55 },
      gainDriftDb: { agent: -3, customer: 4 },
      seed: 5,
    },
  },
  {
    name: 'val_usf3_kal16_clicks',
    agent: 'kal16',
    customer: 'usf3',
    options: { echo: { delayMs: 40, gainDb: -25 }, noiseDb: { agent: -55, customer: -50 }, seed: 9 },
  },
];

function script(call: Call): CallScript {
  const a = (n: number): string => `a-${call.agent}-calm-${n}`;
  const c = (kind: 'calm' | 'angry', n: number): string => `c-${call.customer}-${kind}-${n}`;
  const bc = call.agent === 'kal16' ? ['a-kal16-bc-1', 'a-kal16-bc-4'] : ['a-gbm3-bc-1', 'a-gbm3-bc-2'];
  const int = `a-${call.agent}-int-1`;
  return new CallScript()
    .agent([a(1)], 0)
    .customer([c('calm', 1), c('calm', 2)], 0.7)
    .agent([a(2)], 0.6)
    .customer([c('calm', 3), c('calm', 1), c('calm', 2)], 0.8, {
      backchannel: { id: bc[0] as string, afterSec: 2.7 },
    })
    .agent([a(3)], 0.5)
    .customer([c('angry', 1), c('angry', 2), c('angry', 3)], 0.9, {
      angry: true,
      backchannel: { id: bc[1] as string, afterSec: 2.3 },
    })
    .agent([a(1), a(2)], 1.6)
    .customer([c('angry', 2), c('angry', 3), c('angry', 1)], 0.7, {
      angry: true,
      interrupt: { id: int, afterSec: 3.2 },
    })
    .customer([c('calm', 2)], 0.9)
    .agent([a(3)], 0.45, 10)
    .customer([c('angry', 1), c('angry', 3)], 0.8, { angry: true })
    .agent([a(2), a(1)], 0.7, 10)
    .customer([c('calm', 3), c('calm', 1)], 0.9, { interrupt: { id: int, afterSec: 1.4 } })
    .customer([c('calm', 2)], 1.0)
    .agent([a(1)], 1.2);
}

const out = process.argv[2] ?? 'bench-out/validation';
mkdirSync(out, { recursive: true });
for (const call of CALLS) {
  const s = script(call);
  const durationSec = s.t + 1.5;
  const room = call.name.includes('room')
    ? [
        { clip: 'r-rms-calm-1', atSec: 1.0, gainDb: -12 },
        { clip: 'r-awb-calm-1', atSec: durationSec - 8, gainDb: -12 },
      ]
    : [];
  const clicks = call.name.includes('clicks')
    ? Array.from({ length: 40 }, (_, i) => ({ atSec: 2 + i * 0.9, gainDb: -30 + (i % 5) * 3 }))
    : [];
  const scene = composeScene(s.placements, {
    ...call.options,
    room,
    clicks,
    durationSec,
    sampleRateHz: 16000,
  });
  writeStereoWav(join(out, `${call.name}.wav`), scene, 0);
  const truth = {
    schema: 'softspoken.truth/1',
    file: `${call.name}.wav`,
    durationSec: r3(durationSec),
    agentChannel: 0,
    format: 'pcm16_16k',
    voices: { customer: call.customer, agent: call.agent },
    speech: {
      agent: scene.speech.agent.map(([x, y]) => [r3(x), r3(y)]),
      customer: scene.speech.customer.map(([x, y]) => [r3(x), r3(y)]),
    },
    events: s.events.sort((x, y) => x.start - y.start),
  };
  writeFileSync(join(out, `${call.name}.truth.json`), JSON.stringify(truth, null, 1));
  console.log(`${call.name}: ${durationSec.toFixed(1)} s, ${s.events.length} events`);
}
