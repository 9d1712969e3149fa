import { runScene } from './run-scene.ts';
import { loadClips, type Clip } from '../../scripts/scene/compose.ts';
const clips = loadClips();
const clip = (id: string) => clips.find(c => c.id === id)!;
function trim(id: string, sec: number): Clip { const c = clip(id); const n = Math.round(sec*c.sampleRateHz); const s = c.samples.slice(0,n); const f=Math.round(0.01*c.sampleRateHz); for(let i=0;i<f;i++) s[n-1-i]*=i/f; return {...c, id: c.id+'-trim', samples: s}; }
const scenes: Record<string, () => ReturnType<typeof runScene>> = {
  response: () => runScene([
    { party: 'agent', clip: 'a-kal16-calm-2', atSec: 0.5 },
    { party: 'customer', clip: 'c-slt-calm-2', atSec: 3.2 },
    { party: 'agent', clip: 'a-kal16-calm-3', atSec: 3.2+2.662+1.2 },
  ], { durationSec: 10.5 }),
  interruption: () => runScene([
    { party: 'customer', clip: 'c-usf3-calm-1', atSec: 0.5 },
    { party: 'customer', clip: trim('c-usf3-calm-2', 1.2), atSec: 2.9 },
    { party: 'agent', clip: 'a-kal16-calm-3', atSec: 3.6 },
  ], { durationSec: 7 }),
  interjection: () => runScene([
    { party: 'customer', clip: 'c-slt-calm-2', atSec: 0.5 },
    { party: 'customer', clip: trim('c-slt-calm-3', 1.0), atSec: 3.4 },
    { party: 'agent', clip: trim('a-kal16-int-1', 0.45), atSec: 4.1 },
  ], { durationSec: 7 }),
  backchannel: () => runScene([
    { party: 'customer', clip: 'c-usf3-calm-1', atSec: 0.5 },
    { party: 'customer', clip: 'c-usf3-calm-2', atSec: 2.9 },
    { party: 'customer', clip: 'c-usf3-calm-3', atSec: 5.3 },
    { party: 'agent', clip: 'a-kal16-bc-1', atSec: 3.6 },
  ], { durationSec: 9 }),
  peak: () => runScene([
    { party: 'customer', clip: 'c-slt-calm-2', atSec: 0.5 },
    { party: 'customer', clip: 'c-slt-calm-3', atSec: 3.4 },
    { party: 'agent', clip: 'a-kal16-calm-3', atSec: 6.0 },
    { party: 'customer', clip: 'c-slt-angry-1', atSec: 8.8, gainDb: 2 },
    { party: 'customer', clip: 'c-slt-angry-2', atSec: 10.85, gainDb: 2 },
    { party: 'customer', clip: 'c-slt-angry-3', atSec: 13.25, gainDb: 2 },
    { party: 'agent', clip: 'a-kal16-calm-2', atSec: 13.25+2.212+1.5 },
  ], { durationSec: 19.5 }),
  raised: () => runScene([
    { party: 'agent', clip: 'a-gbm3-calm-2', atSec: 0.5 },
    { party: 'agent', clip: 'a-gbm3-calm-3', atSec: 2.8 },
    { party: 'customer', clip: 'c-usf3-calm-1', atSec: 5.3 },
    { party: 'customer', clip: 'c-usf3-calm-2', atSec: 7.7 },
    { party: 'customer', clip: 'c-usf3-angry-1', atSec: 10.3, gainDb: 2 },
    { party: 'customer', clip: 'c-usf3-angry-2', atSec: 12.1, gainDb: 2 },
    { party: 'customer', clip: 'c-usf3-angry-3', atSec: 13.9, gainDb: 2 },
    { party: 'agent', clip: 'a-gbm3-calm-1', atSec: 13.9+1.613+1.5, gainDb: 10 },
  ], { durationSec: 20.5 }),
  echo: () => runScene([
    { party: 'customer', clip: 'c-slt-calm-1', atSec: 0.5 },
    { party: 'customer', clip: 'c-slt-calm-2', atSec: 3.2 },
    { party: 'customer', clip: 'c-slt-calm-3', atSec: 6.2 },
    { party: 'customer', clip: 'c-slt-angry-2', atSec: 9.0 },
  ], { durationSec: 12, echo: { delayMs: 80, gainDb: -20 } }),
  room: () => runScene([
    { party: 'agent', clip: 'a-kal16-calm-2', atSec: 0.5 },
    { party: 'agent', clip: 'a-kal16-calm-3', atSec: 2.9 },
  ], { durationSec: 10, room: [{ clip: 'r-rms-calm-1', atSec: 6.0, gainDb: -18 }] }),
  clicks: () => runScene([], { durationSec: 8, clicks: Array.from({length: 30}, (_, i) => ({ atSec: 1 + i*0.17 + (i%3)*0.03, gainDb: -20 })) }),
  silence: () => runScene([], { durationSec: 5 }),
};
for (const name of process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(scenes)) {
  const t = performance.now();
  const { scene, report, cues } = await scenes[name]!();
  console.log(`== ${name} (${((performance.now()-t)/1000).toFixed(2)} s)`);
  console.log(' truth', JSON.stringify(scene.speech.agent.map(s=>s.map(x=>+x.toFixed(3)))), JSON.stringify(scene.speech.customer.map(s=>s.map(x=>+x.toFixed(3)))));
  console.log(' found', JSON.stringify(report.speech.agent), JSON.stringify(report.speech.customer));
  for (const e of report.events) console.log(' ', JSON.stringify(e));
  console.log(' baselines', JSON.stringify(report.baselines), 'cues', cues.map(c=>c.type+'@'+(c.atSample/8000).toFixed(2)).join(' '));
}
