/**
 * Parsers of PulseAudio's (and PipeWire's pipewire-pulse) `pactl` output: the sources, from
 * `pactl -f json list sources` or, where pactl is older than 16 and knows no JSON, from the text of
 * `pactl list sources`; and the default devices from `pactl info`. Pure: the tests feed recorded outputs.
 */

/** A PulseAudio source as pactl describes it, whichever output format it came from. */
export interface PulseSource {
  /** The source name, what capture is given (e.g. `alsa_output.pci-0000_00_1f.3.analog-stereo.monitor`). */
  name: string;
  description: string;
  /** The sink whose output this source monitors; null for a real input. */
  monitorOf: string | null;
  /** The property list (`device.class`, `device.bus`, `device.form_factor`, ...). */
  properties: Record<string, string>;
}

/** The default devices from `pactl info`; null where it names none. */
export interface PulseDefaults {
  defaultSource: string | null;
  defaultSink: string | null;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * The sources of `pactl -f json list sources`. Throws (SyntaxError or TypeError) when the text is not
 * the expected JSON array: pactl 15 ignores `-f json`, and some versions escape property values badly;
 * the caller then falls back to the text listing.
 */
export function parsePactlSourcesJson(text: string): PulseSource[] {
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed)) throw new TypeError('pactl -f json list sources: not a JSON array');
  return parsed.map((raw: unknown) => {
    const s = (raw ?? {}) as Record<string, unknown>;
    const name = str(s['name']);
    if (name === '') throw new TypeError('pactl -f json list sources: a source without a name');
    const properties: Record<string, string> = {};
    for (const [k, v] of Object.entries((s['properties'] ?? {}) as Record<string, unknown>)) {
      if (typeof v === 'string') properties[k] = v;
    }
    const monitorOf = str(s['monitor_source']);
    return {
      name,
      description: str(s['description']),
      monitorOf: monitorOf === '' ? null : monitorOf,
      properties,
    };
  });
}

/** The sources of `pactl list sources` (run with LC_ALL=C: the field names are translated otherwise). */
export function parsePactlSourcesText(text: string): PulseSource[] {
  const sources: PulseSource[] = [];
  for (const block of text.split(/^Source #\d+\s*$/m).slice(1)) {
    const field = (label: string): string =>
      new RegExp(`^\\t${label}: (.*)$`, 'm').exec(block)?.[1]?.trim() ?? '';
    const name = field('Name');
    if (name === '') continue;
    const monitorOf = field('Monitor of Sink');
    const properties: Record<string, string> = {};
    for (const m of block.matchAll(/^\t\t([^\s=]+) = "(.*)"$/gm)) {
      properties[m[1] as string] = (m[2] as string).replace(/\\(.)/g, '$1');
    }
    sources.push({
      name,
      description: field('Description'),
      monitorOf: monitorOf === '' || monitorOf === 'n/a' ? null : monitorOf,
      properties,
    });
  }
  return sources;
}

/** The default source and sink named by `pactl info` (LC_ALL=C). */
export function parsePactlInfo(text: string): PulseDefaults {
  const field = (label: string): string | null => {
    const value = new RegExp(`^${label}: (.*)$`, 'm').exec(text)?.[1]?.trim() ?? '';
    return value === '' || value === '@DEFAULT_SOURCE@' || value === '@DEFAULT_SINK@' ? null : value;
  };
  return { defaultSource: field('Default Source'), defaultSink: field('Default Sink') };
}
