import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  parseShortSources,
  parseSubscribeLine,
  pulseSourceIndex,
  SourceRemovalWatch,
} from '../../../src/node/live/pulse-watch.js';
import { ensurePulse, nullSink, PULSE_HELP } from '../../helpers/pulse.js';

describe('parsing pactl', () => {
  it('reads the events of pactl subscribe', () => {
    expect(parseSubscribeLine("Event 'remove' on source #17")).toEqual({
      event: 'remove',
      facility: 'source',
      index: 17,
    });
    expect(parseSubscribeLine("Event 'new' on source-output #3")).toEqual({
      event: 'new',
      facility: 'source-output',
      index: 3,
    });
    expect(parseSubscribeLine("Event 'change' on server")).toBeNull();
    expect(parseSubscribeLine('Connection failure: Connection refused')).toBeNull();
  });

  it('reads source indexes from the short listing', () => {
    const text =
      '1\tss_agent.monitor\tmodule-null-sink.c\ts16le 2ch 48000Hz\tSUSPENDED\n' +
      '17\tfx_headset_mic\tmodule-remap-source.c\ts16le 2ch 44100Hz\tIDLE\n';
    expect([...parseShortSources(text)]).toEqual([
      ['ss_agent.monitor', 1],
      ['fx_headset_mic', 17],
    ]);
  });
});

describe('watching PulseAudio', () => {
  beforeAll(async () => {
    expect(await ensurePulse(), PULSE_HELP).toBe(true);
  });
  const sinks: { unload(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const s of sinks) await s.unload();
  });

  it('reports the index of a source when it is removed', async () => {
    const sink = await nullSink(`ss_test_watch_${process.pid}`);
    sinks.push(sink);
    const index = await pulseSourceIndex(sink.monitor);
    expect(index).toEqual(expect.any(Number));
    const removed: number[] = [];
    const watch = new SourceRemovalWatch((i) => removed.push(i));
    try {
      // the subscription connects in the background: it is live once it sees a throwaway sink go
      for (let i = 0; !removed.length && i < 20; i++) {
        const probe = await nullSink(`ss_test_watch_probe_${process.pid}_${i}`);
        const probeIndex = await pulseSourceIndex(probe.monitor);
        await probe.unload();
        for (let waited = 0; !removed.includes(probeIndex as number) && waited < 500; waited += 50) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
      expect(removed, 'pactl subscribe never reported a removal').not.toHaveLength(0);
      await sink.unload();
      await expect.poll(() => removed, { timeout: 5000 }).toContain(index);
    } finally {
      watch.close();
    }
    expect(await pulseSourceIndex(sink.monitor)).toBeNull();
  });
});
