/**
 * Parser of ALSA's `arecord -L`, the device list where no PulseAudio or PipeWire server runs. Pure: the
 * tests feed a recorded output.
 */

/** An ALSA PCM as `arecord -L` lists it: its name (what sox is given) and description lines. */
export interface AlsaPcm {
  name: string;
  /** The description lines, joined with ', ' (e.g. 'Logitech USB Headset, USB Audio, Default Audio Device'). */
  description: string;
  /** The first description line: the card and device (e.g. 'Logitech USB Headset, USB Audio'). */
  card: string;
}

/**
 * The PCMs of `arecord -L`: a name at the start of a line, then its description on indented lines.
 */
export function parseArecordList(text: string): AlsaPcm[] {
  const pcms: AlsaPcm[] = [];
  let current: { name: string; lines: string[] } | null = null;
  const close = (): void => {
    if (current === null) return;
    pcms.push({ name: current.name, description: current.lines.join(', '), card: current.lines[0] ?? '' });
  };
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    if (/^\s/.test(line)) {
      current?.lines.push(line.trim());
    } else {
      close();
      current = { name: line.trim(), lines: [] };
    }
  }
  close();
  return pcms;
}

/**
 * The PCMs worth offering for capture: `default` and one `plughw:` per card and device (it converts
 * rate and channels, so sox gets 16 kHz mono from any card). `hw:` (no conversion), `front:`,
 * `surround*:`, `hdmi:`, `iec958:`, `dmix:` (output) and `null` are left out.
 */
export function capturePcms(pcms: readonly AlsaPcm[]): AlsaPcm[] {
  return pcms.filter((p) => p.name === 'default' || p.name.startsWith('plughw:'));
}
