/**
 * Loads the synthesized test utterances in test/fixtures/voices/ (made by scripts/make-voice-clips.sh).
 * Self-contained on purpose: it parses the simple PCM16 WAV files itself and does not depend on dsp/.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type ClipStyle = 'calm' | 'angry' | 'backchannel' | 'interjection';

export interface Clip {
  id: string;
  samples: Float32Array;
  sampleRateHz: number;
  style: string;
  text: string;
  /** engine:voice, e.g. "flite:slt" (empty for clips not loaded from the index) */
  voice?: string;
}

interface IndexEntry {
  id: string;
  file: string;
  voice: string;
  text: string;
  style: ClipStyle;
  durationSec: number;
}

/** test/fixtures/voices/ of this project, wherever the project is. */
export const DEFAULT_CLIP_DIR = fileURLToPath(new URL('../../test/fixtures/voices/', import.meta.url));

/** Decodes a mono or multi-channel PCM16 WAV (first channel only). Throws on anything else. */
export function parsePcm16Wav(bytes: Uint8Array): { samples: Float32Array; sampleRateHz: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number): string => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error('not a RIFF/WAVE file');
  let channels = 0;
  let sampleRateHz = 0;
  for (let at = 12; at + 8 <= bytes.length;) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      const format = view.getUint16(body, true);
      const bits = view.getUint16(body + 14, true);
      if ((format !== 1 && format !== 0xfffe) || bits !== 16) throw new Error('only PCM16 WAV is supported');
      channels = view.getUint16(body + 2, true);
      sampleRateHz = view.getUint32(body + 4, true);
    } else if (id === 'data') {
      if (channels === 0) throw new Error('WAV data chunk before fmt chunk');
      const frames = Math.floor(Math.min(size, bytes.length - body) / (2 * channels));
      const samples = new Float32Array(frames);
      for (let i = 0; i < frames; i++) samples[i] = view.getInt16(body + 2 * channels * i, true) / 32768;
      return { samples, sampleRateHz };
    }
    at = body + size + (size & 1);
  }
  throw new Error('WAV has no data chunk');
}

const cache = new Map<string, Clip[]>();

/** Reads index.json and every clip it lists from `dir` (default: test/fixtures/voices/). Cached per dir. */
export function loadClips(dir: string = DEFAULT_CLIP_DIR): Clip[] {
  const key = path.resolve(dir);
  const cached = cache.get(key);
  if (cached) return cached;
  const index = JSON.parse(readFileSync(path.join(key, 'index.json'), 'utf8')) as IndexEntry[];
  const clips = index.map((entry): Clip => {
    const { samples, sampleRateHz } = parsePcm16Wav(readFileSync(path.join(key, entry.file)));
    return { id: entry.id, samples, sampleRateHz, style: entry.style, text: entry.text, voice: entry.voice };
  });
  cache.set(key, clips);
  return clips;
}

/** Duration of a clip in seconds. */
export function clipDurationSec(clip: Clip): number {
  return clip.samples.length / clip.sampleRateHz;
}
