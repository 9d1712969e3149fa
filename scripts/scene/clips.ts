/**
 * Loads the synthesized test utterances in test/fixtures/voices/ (made by scripts/make-voice-clips.sh).
 * Self-contained on purpose: it parses the simple PCM16 WAV files itself and does not depend on dsp/.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeWav } from '../../dsp/wav.js';

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

const cache = new Map<string, Clip[]>();

/** Reads index.json and every clip it lists from `dir` (default: test/fixtures/voices/). Cached per dir. */
export function loadClips(dir: string = DEFAULT_CLIP_DIR): Clip[] {
  const key = path.resolve(dir);
  const cached = cache.get(key);
  if (cached) return cached;
  const index = JSON.parse(readFileSync(path.join(key, 'index.json'), 'utf8')) as IndexEntry[];
  const clips = index.map((entry): Clip => {
    const { format, channels } = decodeWav(readFileSync(path.join(key, entry.file)));
    const samples = channels[0] as Float32Array;
    return {
      id: entry.id,
      samples,
      sampleRateHz: format.sampleRateHz,
      style: entry.style,
      text: entry.text,
      voice: entry.voice,
    };
  });
  cache.set(key, clips);
  return clips;
}

/** Duration of a clip in seconds. */
export function clipDurationSec(clip: Clip): number {
  return clip.samples.length / clip.sampleRateHz;
}
