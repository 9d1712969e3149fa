import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturePcms, parseArecordList } from '../../../src/node/live/alsa-list.js';
import { CaptureError } from '../../../src/node/live/capture-error.js';
import type { CommandResult, CommandRunner } from '../../../src/node/live/commands.js';
import {
  alsaDevices,
  listCaptureDevices,
  pickDevices,
  pulseDevices,
} from '../../../src/node/live/devices.js';
import {
  parsePactlInfo,
  parsePactlSourcesJson,
  parsePactlSourcesText,
  type PulseSource,
} from '../../../src/node/live/pulse-list.js';
import { ensurePulse, nullSink, PULSE_HELP } from '../../helpers/pulse.js';

/**
 * The fixtures were recorded on the CI machine (PulseAudio 16.1, LC_ALL=C) with two null sinks of
 * colleagues' tests (ss_agent, ss_call), one of ours (fx_softphone) and a remapped source made to look
 * like a USB headset microphone (fx_headset_mic), which PulseAudio then made the default source.
 * arecord-L.txt is written by hand after a laptop with a USB headset and the snd-aloop loopback card.
 */
const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/live/${name}`, import.meta.url), 'utf8');
const JSON_SOURCES = fixture('pactl-sources.json');
const TEXT_SOURCES = fixture('pactl-sources.txt');
const INFO = fixture('pactl-info.txt');
const ARECORD = fixture('arecord-L.txt');

const names = (devices: readonly { name: string }[]): string[] => devices.map((d) => d.name);

describe('parsing pactl', () => {
  it('reads every source of the JSON listing, monitors with the sink they monitor', () => {
    const sources = parsePactlSourcesJson(JSON_SOURCES);
    expect(sources.map((s) => [s.name, s.monitorOf])).toEqual([
      ['ss_agent.monitor', 'ss_agent'],
      ['ss_call.monitor', 'ss_call'],
      ['fx_softphone.monitor', 'fx_softphone'],
      ['fx_headset_mic', null],
    ]);
    const mic = sources[3] as PulseSource;
    expect(mic.description).toBe('USB-Headset-Mic');
    expect(mic.properties).toMatchObject({ 'device.bus': 'usb', 'device.form_factor': 'headset' });
  });

  it('reads the same sources from the text listing (pactl before 16 has no JSON)', () => {
    expect(parsePactlSourcesText(TEXT_SOURCES)).toEqual(parsePactlSourcesJson(JSON_SOURCES));
  });

  it('rejects JSON that is not a source list, so the caller falls back to text', () => {
    expect(() => parsePactlSourcesJson(TEXT_SOURCES)).toThrow(SyntaxError);
    expect(() => parsePactlSourcesJson('{"name":"x"}')).toThrow(TypeError);
  });

  it('reads the default source and sink from pactl info', () => {
    expect(parsePactlInfo(INFO)).toEqual({ defaultSource: 'fx_headset_mic', defaultSink: 'ss_agent' });
    expect(parsePactlInfo('Server Name: pulseaudio\n')).toEqual({ defaultSource: null, defaultSink: null });
  });
});

describe('guessing roles', () => {
  it('the headset microphone is the agent guess; monitors are call audio, the default sink first', () => {
    const devices = pulseDevices(parsePactlSourcesJson(JSON_SOURCES), parsePactlInfo(INFO));
    expect(devices[0]).toEqual({
      name: 'fx_headset_mic',
      description: 'USB-Headset-Mic',
      system: 'pulseaudio',
      kind: 'microphone',
      guess: 'agent',
      isDefault: true,
    });
    expect(devices.filter((d) => d.kind === 'monitor').map((d) => [d.name, d.guess])).toEqual([
      ['ss_agent.monitor', 'call'], // monitors the default sink
      ['ss_call.monitor', 'call'],
      ['fx_softphone.monitor', 'call'],
    ]);
    const picked = pickDevices(devices);
    expect([picked.agent?.name, picked.call?.name]).toEqual(['fx_headset_mic', 'ss_agent.monitor']);
  });

  it('the monitor of the default sink comes first whichever sink that is', () => {
    const sources = parsePactlSourcesJson(JSON_SOURCES);
    const devices = pulseDevices(sources, { defaultSource: null, defaultSink: 'fx_softphone' });
    expect(pickDevices(devices).call?.name).toBe('fx_softphone.monitor');
  });

  it('a plain default microphone is the agent guess only when nothing looks better', () => {
    const plain = (name: string): PulseSource => ({
      name,
      description: name,
      monitorOf: null,
      properties: {},
    });
    const alone = pulseDevices([plain('webcam'), plain('line-in')], {
      defaultSource: 'line-in',
      defaultSink: null,
    });
    expect(alone.map((d) => [d.name, d.guess])).toEqual([
      ['line-in', 'agent'],
      ['webcam', null],
    ]);
    const analog = { ...plain('alsa_input.pci-0000_00_1f.3.analog-stereo'), description: 'Built-in Audio' };
    const both = pulseDevices([plain('line-in'), analog], { defaultSource: 'line-in', defaultSink: null });
    expect(both.map((d) => [d.name, d.guess])).toEqual([
      ['alsa_input.pci-0000_00_1f.3.analog-stereo', 'agent'],
      ['line-in', null],
    ]);
  });

  it('ALSA: default and one plughw per card; USB headset first, the Loopback card is call audio', () => {
    const pcms = parseArecordList(ARECORD);
    expect(pcms).toHaveLength(16);
    expect(pcms[6]).toEqual({
      name: 'dsnoop:CARD=PCH,DEV=0',
      card: 'HDA Intel PCH, ALC257 Analog',
      description: 'HDA Intel PCH, ALC257 Analog, Direct sample snooping device',
    });
    expect(names(capturePcms(pcms))).toEqual([
      'default',
      'plughw:CARD=PCH,DEV=0',
      'plughw:CARD=Headset,DEV=0',
      'plughw:CARD=Loopback,DEV=1',
    ]);
    expect(alsaDevices(pcms).map((d) => [d.name, d.kind, d.guess, d.isDefault])).toEqual([
      ['plughw:CARD=Headset,DEV=0', 'microphone', 'agent', false],
      ['plughw:CARD=PCH,DEV=0', 'microphone', 'agent', false],
      ['plughw:CARD=Loopback,DEV=1', 'monitor', 'call', false],
      ['default', 'microphone', null, true],
    ]);
  });
});

/** A runner answering from recorded outputs: `answers` maps 'command args' to a result. */
function recorded(answers: Record<string, Partial<CommandResult>>): CommandRunner {
  return (command, args) => {
    const answer = answers[[command, ...args].join(' ')] ?? answers[command];
    const missing = answer === undefined;
    return Promise.resolve({ code: missing ? null : 0, stdout: '', stderr: '', missing, ...answer });
  };
}

describe('listing devices', () => {
  it('falls back to the text listing when pactl knows no -f json', async () => {
    const run = recorded({
      'pactl info': { stdout: INFO },
      'pactl -f json list sources': { code: 1, stderr: "pactl: invalid option -- 'f'" },
      'pactl list sources': { stdout: TEXT_SOURCES },
    });
    const expected = pulseDevices(parsePactlSourcesJson(JSON_SOURCES), parsePactlInfo(INFO));
    expect(await listCaptureDevices(run)).toEqual(expected);
  });

  it('asks ALSA when no PulseAudio server answers', async () => {
    const run = recorded({
      'pactl info': { code: 1, stderr: 'Connection failure: Connection refused\n' },
      arecord: { stdout: ARECORD },
    });
    expect(names(await listCaptureDevices(run))).toEqual(names(alsaDevices(parseArecordList(ARECORD))));
  });

  it('says what is missing when neither PulseAudio nor ALSA can be asked', async () => {
    const run = recorded({ 'pactl info': { code: 1, stderr: 'Connection failure: Connection refused' } });
    const error = await listCaptureDevices(run).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CaptureError);
    expect((error as Error).message).toMatch(
      /^no audio system to capture from: no PulseAudio or PipeWire server answers \(pactl info: Connection failure: Connection refused\), and ALSA's arecord is not installed\. Start PulseAudio/,
    );
  });

  it('with neither program on PATH, the real commands give the same typed error', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'softspoken-nopath-'));
    const saved = process.env['PATH'];
    process.env['PATH'] = empty;
    try {
      const error = await listCaptureDevices().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CaptureError);
      expect((error as Error).message).toContain(
        "pactl (PulseAudio/PipeWire) is not installed, and ALSA's arecord is not installed",
      );
    } finally {
      process.env['PATH'] = saved;
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('listing devices on this machine (PulseAudio)', () => {
  const sinkName = `ss_test_devices_${process.pid}`;
  let unload: () => Promise<void> = async () => undefined;
  beforeAll(async () => {
    expect(await ensurePulse(), PULSE_HELP).toBe(true);
    unload = (await nullSink(sinkName)).unload;
  });
  afterAll(() => unload());

  it("finds a null sink's monitor as a monitor that looks like call audio", async () => {
    const devices = await listCaptureDevices();
    expect(devices.find((d) => d.name === `${sinkName}.monitor`)).toEqual({
      name: `${sinkName}.monitor`,
      description: 'Monitor of Null Output',
      system: 'pulseaudio',
      kind: 'monitor',
      guess: 'call',
      isDefault: expect.any(Boolean) as boolean,
    });
  });
});
