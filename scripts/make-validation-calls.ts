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
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { composeScene, type SceneOptions, writeStereoWav } from './scene/compose.js';
import { buildTruth, CallScript, writeTruth } from './scene/truth.js';

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
  return new CallScript(0.6, { lineDb: 0, ventDb: 2, raisedDb: 8 })
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
  const truth = buildTruth(
    {
      file: `${call.name}.wav`,
      durationSec,
      agentChannel: 0,
      format: 'pcm16_16k',
      voices: { customer: call.customer, agent: call.agent },
    },
    scene.speech,
    s.events,
  );
  await writeTruth(join(out, `${call.name}.truth.json`), truth);
  console.log(`${call.name}: ${durationSec.toFixed(1)} s, ${s.events.length} events`);
}
