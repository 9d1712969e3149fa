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
 * scripted ground truth in the shared truth format, scripts/scene/truth.ts).
 * The scene is composed at 16 kHz (the clips' rate) and then resampled, band-limited, to 8 kHz.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StreamingResampler } from '../dsp/resample.js';
import { composeScene, type Scene, writeStereoWav } from './scene/compose.js';
import { buildTruth, CallScript, writeTruth } from './scene/truth.js';

const OUT_DIR = fileURLToPath(new URL('../assets/demo/', import.meta.url));
const COMPOSE_RATE_HZ = 16000;
const RATE_HZ = 8000;
const SEED = 2024;

/** The line gain of both parties: the clips' native level (calm -28 dBFS RMS) lowered a little. */
const LINE_DB = -3;
/** The customer's angry clips are 6 dB louder natively; venting adds this on top. */
const VENT_DB = 2;
/** The agent's raised reply, over their normal level (6 dB and more is a raised voice). */
const RAISED_DB = 9;

const script = new CallScript(0.8, { lineDb: LINE_DB, ventDb: VENT_DB, raisedDb: 6 })
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
const truth = buildTruth(
  {
    file: 'demo-call.wav',
    durationSec,
    agentChannel: 0,
    format: 'pcm16_8k',
    voices: { customer: 'slt', agent: 'kal16' },
  },
  scene.speech,
  script.events,
);
await writeTruth(join(OUT_DIR, 'demo-call.truth.json'), truth, { prettier: true });
const counts = script.events.reduce<Record<string, number>>((acc, e) => {
  acc[e.type] = (acc[e.type] ?? 0) + 1;
  return acc;
}, {});
console.log(`demo-call.wav: ${durationSec} s at ${RATE_HZ} Hz; scripted ${JSON.stringify(counts)}`);
