/** The live screens' words and choices, as data. */
import { describe, expect, it } from 'vitest';
import {
  callTime,
  cutOffOffer,
  deviceLabel,
  deviceLine,
  historyLine,
  meterFill,
  NOTHING_HEARD_DB,
  preselect,
  tallyRows,
  testResult,
} from '../../renderer/live/live-text.js';
import { CUE_TONES, toneMs } from '../../renderer/live/cue-tones.js';
import { LIVE_CUE_KINDS, type LiveTally } from '../../src/live/protocol.js';
import { CHART_CHROME, contrastRatio, LIVE_CUE_STYLE } from '../../src/report/palette.js';
import { FAKE_DEVICES } from '../helpers/fake-live-controller.js';

const tally: LiveTally = {
  seconds: 200,
  customerPeaks: 4,
  compliedPeaks: 2,
  missedPeaks: 1,
  unansweredPeaks: 0,
  interruptions: 3,
  interruptionsAtPeak: 1,
  backchannels: 5,
  raisedVoiceSpans: 2,
  raisedVoiceSec: 4.25,
  medianWaitSec: 1.24,
  customerCalmDb: -30,
  agentNormalDb: -33,
};

describe('live words', () => {
  it('writes call time as m:ss', () => {
    expect([callTime(0), callTime(9.9), callTime(61), callTime(3600)]).toEqual([
      '0:00',
      '0:09',
      '1:01',
      '60:00',
    ]);
  });

  it('writes a history line with how the cue ended and a wrong mark', () => {
    const line = historyLine({
      id: 3,
      kind: 'talkingOver',
      atSec: 134.2,
      title: 'Let them finish',
      detail: '',
      positive: false,
      provisional: false,
      outcome: 'confirmed',
      endedSec: 136,
      wrong: true,
    });
    expect(line).toBe('2:14 Let them finish · confirmed · marked wrong');
  });

  it('writes the running scorecard: peaks waited for and missed, interruptions, raised voice, median wait', () => {
    expect(tallyRows(tally).map((r) => `${r.label}: ${r.value}`)).toEqual([
      'Peaks 4: waited for the pause 2, missed 1, open 1',
      'Interruptions: 3 (1 at a peak)',
      'Raised voice: 4.3 s (2 spans)',
      'Median wait: 1.2 s',
    ]);
    const quiet = { ...tally, customerPeaks: 0, compliedPeaks: 0, missedPeaks: 0, interruptions: 0 };
    expect(
      tallyRows({
        ...quiet,
        interruptionsAtPeak: 0,
        raisedVoiceSpans: 0,
        raisedVoiceSec: 0,
        medianWaitSec: null,
      }).map((r) => r.value),
    ).toEqual(['waited for the pause 0, missed 0', '0', '0.0 s', '—']);
  });

  it('says what a device’s trouble means and what to do, and nothing while it runs', () => {
    expect(deviceLine('agent', null)).toBeNull();
    expect(deviceLine('agent', { state: 'running', message: null })).toBeNull();
    expect(deviceLine('customer', { state: 'retrying', message: 'sox exited' })).toBe(
      'The call audio stopped: sox exited. Trying again; the call goes on.',
    );
    expect(deviceLine('agent', { state: 'failed', message: null })).toMatch(
      /^Your microphone failed\. Check that the device is plugged in/,
    );
  });

  it('reports a device test as its peak, or as nothing heard below -60 dBFS', () => {
    expect(testResult(-23.4)).toBe('peak -23 dBFS');
    expect(testResult(NOTHING_HEARD_DB - 1)).toBe('nothing heard: check the device');
    expect(testResult(-Infinity)).toBe('nothing heard: check the device');
    expect([meterFill(-60), meterFill(-30), meterFill(0), meterFill(6), meterFill(-Infinity)]).toEqual([
      0, 0.5, 1, 1, 0,
    ]);
  });

  it('offers a cut-off session with the local time it stopped and its length', () => {
    const startedAt = '2025-03-04T09:50:00Z';
    const stopped = new Date(Date.parse(startedAt) + 15 * 60_000);
    const hhmm = `${String(stopped.getHours()).padStart(2, '0')}:${String(stopped.getMinutes()).padStart(2, '0')}`;
    expect(cutOffOffer({ sessionId: 's', startedAt, agent: null, seconds: 900 })).toBe(
      `A live call was cut off at ${hhmm} (15 min)`,
    );
    expect(cutOffOffer({ sessionId: 's', startedAt: 'garbage', agent: null, seconds: 20 })).toBe(
      'A live call was cut off (under a minute)',
    );
  });

  it('preselects the devices guessed as the agent’s and the call’s, or the remembered ones, never one twice', () => {
    expect(preselect(FAKE_DEVICES)).toEqual({
      agent: 'alsa_input.usb-Headset.mono',
      call: 'alsa_output.pci-Speakers.monitor',
    });
    expect(preselect(FAKE_DEVICES, { agent: 'alsa_input.pci-Mic.analog', call: 'gone' })).toEqual({
      agent: 'alsa_input.pci-Mic.analog',
      call: 'alsa_output.pci-Speakers.monitor',
    });
    const unguessed = FAKE_DEVICES.map((d) => ({ ...d, guess: null }));
    expect(preselect(unguessed)).toEqual({
      agent: 'alsa_input.usb-Headset.mono',
      call: 'alsa_output.pci-Speakers.monitor',
    });
    expect(preselect([])).toEqual({ agent: null, call: null });
    // monitors only (null sinks): the call gets the first, the agent another
    const monitors = ['a', 'b'].map(
      (name) => ({ ...FAKE_DEVICES[1], name, guess: 'call' as const }) as (typeof FAKE_DEVICES)[number],
    );
    expect(preselect(monitors)).toEqual({ agent: 'b', call: 'a' });
    expect(deviceLabel(FAKE_DEVICES[0] as (typeof FAKE_DEVICES)[number])).toBe(
      'USB Headset Microphone · looks like your headset',
    );
    // two devices described alike (every null sink's monitor) are told apart by their names
    const alike = ['sink_a.monitor', 'sink_b.monitor'].map(
      (name) =>
        ({
          ...FAKE_DEVICES[1],
          name,
          description: 'Monitor of Null Output',
        }) as (typeof FAKE_DEVICES)[number],
    );
    expect(alike.map((d) => deviceLabel(d, [...FAKE_DEVICES, ...alike]))).toEqual([
      'Monitor of Null Output (sink_a.monitor) · looks like the call',
      'Monitor of Null Output (sink_b.monitor) · looks like the call',
    ]);
    expect(deviceLabel(FAKE_DEVICES[0] as (typeof FAKE_DEVICES)[number], [...FAKE_DEVICES, ...alike])).toBe(
      'USB Headset Microphone · looks like your headset',
    );
  });
});

describe('live cue look and sound', () => {
  it('gives every cue kind an icon, a label, readable ink and a short distinct tone', () => {
    for (const kind of LIVE_CUE_KINDS) {
      const style = LIVE_CUE_STYLE[kind];
      expect(style.iconPath, kind).toMatch(/^M/);
      expect(contrastRatio(style.ink, CHART_CHROME.background), kind).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(style.ink, style.background), kind).toBeGreaterThanOrEqual(4.5);
      expect(toneMs(CUE_TONES[kind]), kind).toBeLessThanOrEqual(250);
    }
    const icons = new Set(LIVE_CUE_KINDS.map((k) => LIVE_CUE_STYLE[k].iconPath));
    const tones = new Set(LIVE_CUE_KINDS.map((k) => CUE_TONES[k].notesHz.join('-')));
    expect([icons.size, tones.size]).toEqual([LIVE_CUE_KINDS.length, LIVE_CUE_KINDS.length]);
  });
});
