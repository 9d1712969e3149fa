/**
 * Writes the end-to-end tests' call, test/fixtures/calls/e2e-call.wav (committed): 20 s, 8 kHz, 16-bit PCM,
 * the agent on the right channel. The agent opens; the customer explains (with a backchannel from the
 * agent), gets an answer, then vents and is interrupted at the peak. Line echo, a little noise.
 *
 *   npx tsx test/e2e/make-e2e-call.ts
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeScene, writeStereoWav, type Placement } from '../../scripts/scene/compose.js';

export const E2E_CALL = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/calls/e2e-call.wav');

const placements: Placement[] = [
  { party: 'agent', clip: 'a-kal16-calm-1', atSec: 0.5 },
  { party: 'customer', clip: 'c-slt-calm-1', atSec: 3.8 },
  { party: 'customer', clip: 'c-slt-calm-2', atSec: 6.6 },
  { party: 'agent', clip: 'a-kal16-bc-2', atSec: 7.5, gainDb: -2 },
  { party: 'agent', clip: 'a-kal16-calm-2', atSec: 9.9 },
  { party: 'customer', clip: 'c-slt-angry-1', atSec: 12.6, gainDb: 3 },
  { party: 'customer', clip: 'c-slt-angry-2', atSec: 14.7, gainDb: 3 },
  { party: 'agent', clip: 'a-kal16-int-1', atSec: 15.4 },
  { party: 'agent', clip: 'a-kal16-calm-3', atSec: 17.8 },
];

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const scene = composeScene(placements, {
    sampleRateHz: 8000,
    durationSec: 20,
    echo: { delayMs: 60, gainDb: -25 },
    noiseDb: { agent: -62, customer: -60 },
    seed: 7,
  });
  mkdirSync(dirname(E2E_CALL), { recursive: true });
  writeStereoWav(E2E_CALL, scene, 1);
  console.log(`${E2E_CALL}: 20 s, 8 kHz, agent on the right channel`);
}
