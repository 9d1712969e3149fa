/**
 * The audio containers SoftSpoken reads, and how a file's type is found from its first bytes (never from its
 * name). Portable: the CLI, the app's worker and the Electron file dialogs share this list.
 */

/** A container/codec family the source layer can decode. */
export type AudioKind = 'wav' | 'mp3' | 'flac' | 'ogg-opus' | 'ogg-vorbis' | 'mp4' | 'aac' | 'amr' | 'webm';

/** What each kind is called in messages and the report's codec line. */
export const KIND_NAMES: Record<AudioKind, string> = {
  wav: 'WAV',
  mp3: 'MP3',
  flac: 'FLAC',
  'ogg-opus': 'Ogg Opus',
  'ogg-vorbis': 'Ogg Vorbis',
  mp4: 'M4A/AAC',
  aac: 'AAC (ADTS)',
  amr: 'AMR',
  webm: 'WebM',
};

/**
 * The MIME type a browser plays each kind as (Chromium, so Electron too), or null when it cannot play it
 * (the app then plays a WAV of what was analysed).
 */
export const PLAYABLE_MIME: Record<AudioKind, string | null> = {
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
  flac: 'audio/flac',
  'ogg-opus': 'audio/ogg',
  'ogg-vorbis': 'audio/ogg',
  mp4: 'audio/mp4',
  aac: 'audio/aac',
  amr: null,
  webm: 'audio/webm',
};

/**
 * File name extensions a folder scan and the file pickers offer (lower case, with the dot). A file's type is
 * still decided by its bytes: the extension only says which files in a folder to try.
 */
export const AUDIO_EXTENSIONS: readonly string[] = [
  '.wav',
  '.wave',
  '.bwf',
  '.rf64',
  '.mp3',
  '.flac',
  '.ogg',
  '.oga',
  '.opus',
  '.m4a',
  '.mp4',
  '.aac',
  '.amr',
  '.awb',
  '.webm',
  '.weba',
];

/** True when `fileName` ends with one of {@link AUDIO_EXTENSIONS} (any case). */
export function isAudioFileName(fileName: string): boolean {
  const dot = fileName.lastIndexOf('.');
  return dot >= 0 && AUDIO_EXTENSIONS.includes(fileName.slice(dot).toLowerCase());
}

/** The extension removed from a file name, whatever audio extension it has (`call.MP3` → `call`). */
export function stripAudioExtension(fileName: string): string {
  return isAudioFileName(fileName) ? fileName.slice(0, fileName.lastIndexOf('.')) : fileName;
}

/** Report names no call may take in a folder's output folder (`summary.csv` is the folder's own). */
const RESERVED_NAMES = ['summary'];

/**
 * The NAME each call of a folder is reported under (NAME.json, NAME.csv, …), in the order of `files`:
 * the file name without its audio extension; the whole file name when two files (or a file and
 * `summary`) would share that, ignoring case (`a.wav` and `a.MP3` → `a.wav`, `a.MP3`); and when even
 * those are equal ignoring case (`a.wav`, `a.WAV`), a `-2`, `-3`, … on the later ones. Unique even where
 * the output folder ignores case.
 */
export function reportNames(files: readonly string[]): string[] {
  const fold = (name: string): string => name.normalize('NFC').toLowerCase();
  const stems = files.map(stripAudioExtension);
  const count = new Map<string, number>();
  for (const s of [...stems, ...RESERVED_NAMES]) count.set(fold(s), (count.get(fold(s)) ?? 0) + 1);
  const taken = new Set(RESERVED_NAMES);
  return files.map((file, i) => {
    const stem = stems[i] as string;
    const base = (count.get(fold(stem)) ?? 0) > 1 ? file : stem;
    let name = base;
    for (let n = 2; taken.has(fold(name)); n++) name = `${base}-${n}`;
    taken.add(fold(name));
    return name;
  });
}

/** What the first bytes say: a kind to decode, a refusal naming what the file is, or "read more first". */
export type Sniffed = { kind: AudioKind } | { refuse: string } | { needBytes: number };

/** The kinds SoftSpoken reads, for messages. */
export const READABLE = 'WAV, MP3, FLAC, Ogg Opus, Ogg Vorbis, M4A/AAC, AMR or WebM';
/** A larger ID3 tag than this (cover art) is not read through: the file is taken as MP3. */
const MAX_ID3_PEEK_BYTES = 8 * 1024 * 1024;

const ascii = (b: Uint8Array, at: number, length: number): string =>
  String.fromCharCode(...b.subarray(at, at + length));

/** Containers we recognise but do not decode: the message names them and what to do. */
const FOREIGN: readonly [test: (b: Uint8Array) => boolean, what: string][] = [
  [(b) => ascii(b, 0, 4) === 'FORM' && /^AIF[FC]$/.test(ascii(b, 8, 4)), 'AIFF audio'],
  [(b) => ascii(b, 0, 4) === 'caff', 'Core Audio (CAF) audio'],
  [(b) => b[0] === 0x30 && b[1] === 0x26 && b[2] === 0xb2 && b[3] === 0x75, 'Windows Media Audio (WMA/ASF)'],
  [(b) => ascii(b, 0, 4) === '.snd', 'Sun/NeXT audio (.au)'],
  [(b) => ascii(b, 0, 4) === 'wvpk', 'WavPack audio'],
  [(b) => ascii(b, 0, 4) === 'MAC ', "Monkey's Audio (APE)"],
  [(b) => ascii(b, 0, 4) === 'MThd', 'a MIDI file (notes, not a recording)'],
  [(b) => ascii(b, 0, 5) === '%PDF-', 'a PDF document'],
  [(b) => ascii(b, 0, 4) === 'PK\x03\x04', 'a ZIP archive (unpack it first)'],
  [(b) => b[0] === 0x1f && b[1] === 0x8b, 'a gzip archive (unpack it first)'],
];

/**
 * Finds a file's kind from its first bytes (`head`; `ended` when that is the whole file). Asks for more
 * bytes when the answer lies further in (an ID3 tag in front, an Ogg page's first packet).
 */
export function sniffAudio(head: Uint8Array, ended: boolean): Sniffed {
  if (head.length === 0) return ended ? { refuse: 'file is empty' } : { needBytes: 64 };
  if (head.length < 64 && !ended) return { needBytes: 64 };
  const id = ascii(head, 0, 4);
  if (['RIFF', 'RIFX', 'RF64', 'BW64'].some((magic) => magic.startsWith(id.slice(0, head.length)))) {
    const form = ascii(head, 8, 4);
    // a RIFF of another form (AVI, WebP…) is not audio; a truncated header is the WAV decoder's to name
    if (head.length >= 12 && form !== 'WAVE') return { refuse: `not audio: a RIFF ${form.trim()} file` };
    return { kind: 'wav' };
  }
  if (id === 'fLaC') return { kind: 'flac' };
  if (id === 'OggS') return sniffOgg(head, ended);
  if (['ftyp', 'moov', 'mdat', 'free', 'wide'].includes(ascii(head, 4, 4))) return { kind: 'mp4' };
  if (ascii(head, 0, 5) === '#!AMR') return { kind: 'amr' };
  if (head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) return { kind: 'webm' };
  if (ascii(head, 0, 3) === 'ID3') return sniffAfterId3(head, ended);
  const sync = frameSync(head, 0);
  if (sync !== null) return { kind: sync };
  const foreign = FOREIGN.find(([test]) => test(head));
  if (foreign)
    return { refuse: `${foreign[1]}, which SoftSpoken cannot read: export the call as WAV, MP3 or FLAC` };
  const text = looksLikeText(head);
  return {
    refuse: `not an audio file SoftSpoken can read${text ? ' (it is text)' : ''}: it reads ${READABLE}`,
  };
}

/** An MPEG audio frame header (MP3 and its layers I/II) or an ADTS AAC header at `at`, or null. */
function frameSync(b: Uint8Array, at: number): 'mp3' | 'aac' | null {
  const [b0, b1, b2] = [b[at] ?? 0, b[at + 1] ?? 0, b[at + 2] ?? 0];
  if (b0 !== 0xff || (b1 & 0xe0) !== 0xe0) return null;
  const layer = (b1 >> 1) & 3;
  if (layer === 0) return (b1 & 0xf6) === 0xf0 && ((b2 >> 2) & 0xf) < 12 ? 'aac' : null;
  const version = (b1 >> 3) & 3;
  return version !== 1 && b2 >> 4 !== 15 && b2 >> 4 !== 0 && ((b2 >> 2) & 3) !== 3 ? 'mp3' : null;
}

function sniffAfterId3(head: Uint8Array, ended: boolean): Sniffed {
  const syncsafe = (((head[6] ?? 0) & 0x7f) << 21) | (((head[7] ?? 0) & 0x7f) << 14);
  const size = syncsafe | (((head[8] ?? 0) & 0x7f) << 7) | ((head[9] ?? 0) & 0x7f);
  const end = 10 + size + ((head[5] ?? 0) & 0x10 ? 10 : 0);
  if (end + 4 > head.length && !ended && end < MAX_ID3_PEEK_BYTES) return { needBytes: end + 4 };
  if (ascii(head, end, 4) === 'fLaC') return { kind: 'flac' };
  return { kind: frameSync(head, end) ?? 'mp3' };
}

function sniffOgg(head: Uint8Array, ended: boolean): Sniffed {
  const segments = head[26] ?? 0;
  const packet = 27 + segments;
  if (packet + 8 > head.length) {
    return ended
      ? { refuse: 'the Ogg file is cut short before its first packet' }
      : { needBytes: packet + 8 };
  }
  if (ascii(head, packet, 8) === 'OpusHead') return { kind: 'ogg-opus' };
  if (ascii(head, packet + 1, 6) === 'vorbis' && head[packet] === 1) return { kind: 'ogg-vorbis' };
  const codec =
    ascii(head, packet + 1, 4) === 'FLAC' ? 'FLAC' : ascii(head, packet, 5) === 'Speex' ? 'Speex' : null;
  const what = codec ? `Ogg ${codec}` : 'an Ogg stream of an unknown codec';
  return { refuse: `${what}, which SoftSpoken cannot read: export the call as WAV, MP3, FLAC or Ogg Opus` };
}

/** Mostly printable ASCII/UTF-8 in the first bytes: a text file given by mistake. */
function looksLikeText(head: Uint8Array): boolean {
  const sample = head.subarray(0, 512);
  let printable = 0;
  for (const byte of sample)
    if (byte === 9 || byte === 10 || byte === 13 || (byte >= 32 && byte < 127) || byte >= 0xc2) printable++;
  return sample.length > 0 && printable / sample.length > 0.95;
}
