/** Live cues: the engine's own decisions made early, fast, and never in the report. */
import { describe, expect, it } from 'vitest';
import type { Placement } from '../../scripts/scene/compose.js';
import { DEFAULT_SETTINGS } from '../../src/engine/settings.js';
import { ENGINE_RATE_HZ } from '../../src/engine/speech-tracker.js';
import { clipSec, runScene } from '../helpers/run-scene.js';

describe('live cues', () => {
  it('cue venting, talking over and a raised voice within a second of the moment', async () => {
    const p: Placement[] = [];
    const at = (party: Placement['party'], clip: string, atSec: number, gainDb = 0): number => {
      p.push({ party, clip, atSec, gainDb });
      return atSec + clipSec(clip);
    };
    let t = at('agent', 'a-kal16-calm-1', 0.5);
    t = at('customer', 'c-slt-calm-1', t + 0.6);
    t = at('agent', 'a-kal16-calm-2', t + 0.8);
    const ventStart = t + 0.8;
    t = at('customer', 'c-slt-angry-1', ventStart, 2);
    t = at('customer', 'c-slt-angry-2', t + 0.25, 2);
    // the agent talks over the second angry sentence, loud
    const overStart = t - 1.2;
    const overEnd = at('agent', 'a-kal16-int-1', overStart, 10);
    const { cues, report } = await runScene(p, { durationSec: Math.max(t, overEnd) + 1.5 });
    const first = (type: string): number => {
      const c = cues.find((x) => x.type === type);
      if (!c) throw new Error(`no ${type} cue (got ${cues.map((x) => x.type).join(', ') || 'none'})`);
      return c.atSample / ENGINE_RATE_HZ;
    };
    const venting = first('customerVenting');
    expect(venting).toBeGreaterThan(ventStart);
    expect(venting - ventStart).toBeLessThan(1);
    const talkingOver = first('talkingOver');
    expect(talkingOver).toBeGreaterThan(overStart);
    expect(talkingOver - overStart).toBeLessThan(0.6);
    // loud over the customer, it may yet be a backchannel (an emphatic "mm-hm!" is never a raised voice):
    // the raised-voice cue waits until it is longer than any backchannel, or the customer stops
    const louder = first('louderThanNormal');
    expect(louder - overStart).toBeLessThan(DEFAULT_SETTINGS.maxBackchannelSec + 0.1);
    // cues are for the live view: the report holds final events only
    expect(JSON.stringify(report)).not.toMatch(/customerVenting|talkingOver|louderThanNormal/);
    expect(report.events.some((e) => e.type === 'interruption' && e.atPeak)).toBe(true);
  });

  it('say nothing during a calm exchange', async () => {
    const p: Placement[] = [
      { party: 'agent', clip: 'a-kal16-calm-1', atSec: 0.5 },
      { party: 'customer', clip: 'c-slt-calm-1', atSec: 0.5 + clipSec('a-kal16-calm-1') + 0.7 },
    ];
    const { cues } = await runScene(p, { durationSec: 8 });
    expect(cues).toEqual([]);
  });
});
