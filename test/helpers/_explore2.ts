import { runScene } from './run-scene.js';
const clicks = (g: number) => Array.from({length: 40}, (_, i) => ({ atSec: 1 + i*0.13 + (i%3)*0.04, gainDb: g }));
const cases: [string, () => ReturnType<typeof runScene>][] = [
  ['clicks -6', () => runScene([], { durationSec: 8, clicks: clicks(-6) })],
  ['clicks -3 noise -60', () => runScene([], { durationSec: 8, clicks: clicks(-3), noiseDb: { agent: -60, customer: -60 } })],
  ['clicks -20 with agent speech first', () => runScene([{ party: 'agent', clip: 'a-kal16-calm-2', atSec: 0.5 }], { durationSec: 10, clicks: clicks(-20).map(c => ({...c, atSec: c.atSec + 3})) })],
  ['echo -10 150ms', () => runScene([{ party: 'customer', clip: 'c-slt-calm-1', atSec: 0.5 },{ party: 'customer', clip: 'c-slt-angry-2', atSec: 3.2 }], { durationSec: 6, echo: { delayMs: 150, gainDb: -10 } })],
  ['echo -20 30ms', () => runScene([{ party: 'customer', clip: 'c-usf3-calm-1', atSec: 0.2 },{ party: 'customer', clip: 'c-usf3-angry-2', atSec: 2.6 }], { durationSec: 5, echo: { delayMs: 30, gainDb: -20 } })],
  ['room -18 before agent speaks', () => runScene([{ party: 'agent', clip: 'a-kal16-calm-2', atSec: 4 }], { durationSec: 7, room: [{ clip: 'r-awb-calm-1', atSec: 0.5, gainDb: -18 }] })],
  ['room -18 during customer speech', () => runScene([{ party: 'agent', clip: 'a-kal16-calm-2', atSec: 0.5 }, { party: 'customer', clip: 'c-slt-calm-2', atSec: 3 }], { durationSec: 7, room: [{ clip: 'r-awb-calm-1', atSec: 3.5, gainDb: -18 }] })],
];
for (const [name, f] of cases) {
  const { report } = await f();
  console.log(name.padEnd(36), JSON.stringify(report.speech.agent), JSON.stringify(report.events.map(e => e.type + '@' + e.start)));
}
