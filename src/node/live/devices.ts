/**
 * The capture devices of this machine, for `softspoken devices` and the app's device pickers: PulseAudio
 * or PipeWire sources through pactl, else ALSA PCMs through `arecord -L`. Each device gets a guess of
 * its role, so the pickers can start on the likely pair: the agent's headset microphone, and the call
 * audio (the monitor of the output the softphone plays to).
 */
import { capturePcms, parseArecordList, type AlsaPcm } from './alsa-list.js';
import { CaptureError } from './capture-error.js';
import { runCommand, type CommandResult, type CommandRunner } from './commands.js';
import {
  parsePactlInfo,
  parsePactlSourcesJson,
  parsePactlSourcesText,
  type PulseDefaults,
  type PulseSource,
} from './pulse-list.js';

/** The audio system a device belongs to; capture tells sox which driver to use from it. */
export type CaptureSystem = 'pulseaudio' | 'alsa';

/** A device to capture from. */
export interface CaptureDevice {
  /** What to pass as a device: a PulseAudio source name (`alsa_output....monitor`) or an ALSA PCM. */
  name: string;
  description: string;
  system: CaptureSystem;
  /** 'monitor': what an output plays (loopback); 'microphone': any real input. */
  kind: 'monitor' | 'microphone';
  /** Looks like the agent's microphone, or the call audio; null: no opinion. */
  guess: 'agent' | 'call' | null;
  /** The system's default source (ALSA: the `default` PCM). */
  isDefault: boolean;
}

/** How much a device looks like its guess: higher is likelier; the list is sorted on it. */
interface Ranked {
  device: CaptureDevice;
  score: number;
}

/** A headset is the agent's microphone for sure; a USB or Bluetooth input nearly; any analog input may be. */
function agentScore(s: PulseSource): number {
  const formFactor = s.properties['device.form_factor'] ?? '';
  const bus = s.properties['device.bus'] ?? '';
  const text = `${s.name} ${s.description}`.toLowerCase();
  if (formFactor === 'headset' || formFactor === 'headphone' || text.includes('headset')) return 3;
  if (bus === 'usb' || bus === 'bluetooth' || /^(alsa_input\.usb-|bluez_(input|source)\.)/.test(s.name))
    return 2;
  if (/^alsa_input\..*analog/.test(s.name) || formFactor === 'microphone' || formFactor === 'internal')
    return 1;
  return 0;
}

/** A device and how much it looks like its guess: a monitor is call audio, a scored microphone the agent's. */
function rank(
  name: string,
  description: string,
  system: CaptureSystem,
  monitor: boolean,
  score: number,
  isDefault: boolean,
): Ranked {
  const device: CaptureDevice = {
    name,
    description,
    system,
    kind: monitor ? 'monitor' : 'microphone',
    guess: monitor ? 'call' : score > 0 ? 'agent' : null,
    isDefault,
  };
  return { device, score: score + (isDefault ? 0.5 : 0) };
}

/** Puts the likeliest agent devices first, then the likeliest call devices, then the rest (stable). */
function ordered(ranked: Ranked[]): CaptureDevice[] {
  const group = (d: CaptureDevice): number => (d.guess === 'agent' ? 0 : d.guess === 'call' ? 1 : 2);
  return ranked
    .map((r, i) => ({ ...r, i }))
    .sort((a, b) => group(a.device) - group(b.device) || b.score - a.score || a.i - b.i)
    .map((r) => r.device);
}

/** Only when nothing looks like the agent's microphone, the default one (when a microphone) is the guess. */
function defaultIsAgent(ranked: Ranked[]): void {
  if (ranked.some((r) => r.device.guess === 'agent')) return;
  const fallback = ranked.find((r) => r.device.isDefault && r.device.kind === 'microphone');
  if (fallback) fallback.device.guess = 'agent';
}

/**
 * PulseAudio sources as capture devices. Every monitor looks like call audio, the default sink's first;
 * microphones look like the agent's (headset, then USB/Bluetooth, then analog input), and where none
 * does, the default source when it is a microphone.
 */
export function pulseDevices(sources: readonly PulseSource[], defaults: PulseDefaults): CaptureDevice[] {
  const ranked = sources.map((s): Ranked => {
    const monitor = s.monitorOf !== null || s.properties['device.class'] === 'monitor';
    const ofDefaultSink = s.monitorOf !== null && s.monitorOf === defaults.defaultSink;
    const score = monitor ? (ofDefaultSink ? 2 : 1) : agentScore(s);
    return rank(
      s.name,
      s.description || s.name,
      'pulseaudio',
      monitor,
      score,
      s.name === defaults.defaultSource,
    );
  });
  defaultIsAgent(ranked);
  return ordered(ranked);
}

/** As agentScore, from what ALSA tells: the card's name and description. */
function alsaAgentScore(p: AlsaPcm): number {
  const text = `${p.name} ${p.description}`.toLowerCase();
  if (text.includes('headset')) return 3;
  if (/usb|bluetooth/.test(text)) return 2;
  if (p.name !== 'default' && text.includes('analog')) return 1;
  return 0;
}

/**
 * ALSA PCMs as capture devices (`default` and one `plughw:` per card). A Loopback card (snd-aloop) is a
 * monitor and looks like call audio; a headset, USB, Bluetooth or analog card looks like the agent's.
 */
export function alsaDevices(pcms: readonly AlsaPcm[]): CaptureDevice[] {
  const ranked = capturePcms(pcms).map((p): Ranked => {
    const monitor = `${p.name} ${p.description}`.toLowerCase().includes('loopback');
    const score = monitor ? 1 : alsaAgentScore(p);
    return rank(p.name, p.card || p.name, 'alsa', monitor, score, p.name === 'default');
  });
  defaultIsAgent(ranked);
  return ordered(ranked);
}

const firstLine = (r: CommandResult): string =>
  r.stderr.trim().split('\n')[0]?.trim() || `exit code ${r.code ?? 'none'}`;

/** The PulseAudio/PipeWire devices, or why there are none to ask. */
async function fromPulse(run: CommandRunner): Promise<CaptureDevice[] | string> {
  const info = await run('pactl', ['info']);
  if (info.missing) return 'pactl (PulseAudio/PipeWire) is not installed';
  if (info.code !== 0) return `no PulseAudio or PipeWire server answers (pactl info: ${firstLine(info)})`;
  let sources: PulseSource[] | null = null;
  const json = await run('pactl', ['-f', 'json', 'list', 'sources']);
  if (json.code === 0) {
    try {
      sources = parsePactlSourcesJson(json.stdout);
    } catch {
      sources = null; // pactl before 16 prints text, some versions escape badly: read the text listing
    }
  }
  if (sources === null) {
    const text = await run('pactl', ['list', 'sources']);
    if (text.code !== 0) return `pactl list sources failed: ${firstLine(text)}`;
    sources = parsePactlSourcesText(text.stdout);
  }
  return pulseDevices(sources, parsePactlInfo(info.stdout));
}

/** The ALSA devices, or why there are none to ask. */
async function fromAlsa(run: CommandRunner): Promise<CaptureDevice[] | string> {
  const list = await run('arecord', ['-L']);
  if (list.missing) return "ALSA's arecord is not installed";
  if (list.code !== 0) return `arecord -L failed: ${firstLine(list)}`;
  return alsaDevices(parseArecordList(list.stdout));
}

/**
 * The capture devices, likeliest agent devices first, then likeliest call devices. Asks PulseAudio or
 * PipeWire (pactl) and, when pactl is missing or no server answers, ALSA (arecord). Rejects with a
 * CaptureError naming what is missing when neither answers. `run` is for tests.
 */
export async function listCaptureDevices(run: CommandRunner = runCommand): Promise<CaptureDevice[]> {
  const pulse = await fromPulse(run);
  if (typeof pulse !== 'string') return pulse;
  const alsa = await fromAlsa(run);
  if (typeof alsa !== 'string') return alsa;
  throw new CaptureError(
    `no audio system to capture from: ${pulse}, and ${alsa}. Start PulseAudio or PipeWire ` +
      '(e.g. pulseaudio --start) or install ALSA (Debian/Ubuntu: apt-get install alsa-utils); ' +
      'on macOS and Windows pass the name sox uses for the device (see the README)',
  );
}

/** The likeliest pair: the first device guessed as the agent's and the first guessed as the call's. */
export function pickDevices(devices: readonly CaptureDevice[]): {
  agent: CaptureDevice | null;
  call: CaptureDevice | null;
} {
  return {
    agent: devices.find((d) => d.guess === 'agent') ?? null,
    call: devices.find((d) => d.guess === 'call') ?? null,
  };
}
