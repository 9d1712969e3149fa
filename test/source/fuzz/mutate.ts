/**
 * Deterministic mutations of a recording's bytes for the decoder fuzz test (decoder-fuzz.test.ts): a case is
 * (seed, format, index), and the same triple always gives the same bytes and chunk size, so a failure
 * reproduces from its message alone.
 */
import { mulberry32 } from '../../../scripts/scene/compose.js';

/** A seeded PRNG: numbers in [0, 1) (the scene composer's mulberry32). */
export type Random = () => number;
export { mulberry32 };

/** One case's own seed, from the run's seed, the format's name and the case's index. */
export function caseSeed(seed: number, format: string, index: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const c of `${format}#${index}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}

const int = (random: Random, below: number): number => Math.floor(random() * below);
const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)] as T;

/** A field of a header: where it is, how wide, which byte order. */
interface Field {
  at: number;
  bytes: 1 | 2 | 3 | 4 | 8;
  bigEndian: boolean;
  what: string;
}

/** Where a format keeps fields worth breaking: after each occurrence of `marker`, at these offsets. */
interface FieldRule {
  marker: number[];
  fields: [offset: number, bytes: Field['bytes'], what: string][];
  bigEndian: boolean;
}

const text = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

const MP4_FULL_BOX = (type: string): FieldRule => ({
  marker: text(type),
  bigEndian: true,
  fields: [
    [-4, 4, `${type} size`],
    [4, 4, `${type} version/flags`],
    [8, 4, `${type} field 1 (count)`],
    [12, 4, `${type} field 2`],
    [16, 4, `${type} field 3`],
  ],
});

/** Header fields by container (ISO BMFF, RIFF, FLAC STREAMINFO, Ogg pages, EBML, ID3/MPEG/ADTS, AMR). */
const FIELD_RULES: Record<string, FieldRule[]> = {
  wav: [
    { marker: text('RIFF'), bigEndian: false, fields: [[4, 4, 'RIFF size']] },
    {
      marker: text('fmt '),
      bigEndian: false,
      fields: [
        [4, 4, 'fmt size'],
        [8, 2, 'format tag'],
        [10, 2, 'channels'],
        [12, 4, 'sample rate'],
        [16, 4, 'byte rate'],
        [20, 2, 'block align'],
        [22, 2, 'bits per sample'],
      ],
    },
    { marker: text('data'), bigEndian: false, fields: [[4, 4, 'data size']] },
  ],
  flac: [
    {
      marker: text('fLaC'),
      bigEndian: true,
      fields: [
        [4, 1, 'metadata block type'],
        [5, 3, 'metadata block length'],
        [8, 2, 'min block size'],
        [10, 2, 'max block size'],
        [12, 3, 'min frame size'],
        [15, 3, 'max frame size'],
        [18, 4, 'rate/channels/bits'],
        [22, 4, 'total samples'],
      ],
    },
    {
      marker: [0xff, 0xf8],
      bigEndian: true,
      fields: [
        [2, 1, 'frame block size/rate'],
        [3, 1, 'frame channels/bits'],
      ],
    },
  ],
  ogg: [
    {
      marker: text('OggS'),
      bigEndian: false,
      fields: [
        [5, 1, 'page type'],
        [6, 8, 'granule position'],
        [14, 4, 'serial number'],
        [18, 4, 'page sequence'],
        [26, 1, 'segment count'],
        [27, 1, 'first lacing value'],
      ],
    },
    {
      marker: text('OpusHead'),
      bigEndian: false,
      fields: [
        [9, 1, 'Opus channels'],
        [10, 2, 'Opus pre-skip'],
        [12, 4, 'Opus input rate'],
        [16, 2, 'Opus output gain'],
        [18, 1, 'Opus mapping family'],
      ],
    },
    {
      marker: [1, ...text('vorbis')],
      bigEndian: false,
      fields: [
        [7, 4, 'Vorbis version'],
        [11, 1, 'Vorbis channels'],
        [12, 4, 'Vorbis rate'],
        [28, 1, 'Vorbis block sizes'],
      ],
    },
  ],
  webm: [
    ...[
      [0x1a, 0x45, 0xdf, 0xa3],
      [0x18, 0x53, 0x80, 0x67],
      [0x16, 0x54, 0xae, 0x6b],
      [0x1f, 0x43, 0xb6, 0x75],
      [0x63, 0xa2],
    ].map((marker): FieldRule => ({
      marker,
      bigEndian: true,
      fields: [
        [marker.length, 1, 'EBML size length'],
        [marker.length, 8, 'EBML size'],
      ],
    })),
    {
      marker: [0xb5, 0x88],
      bigEndian: true,
      fields: [
        [2, 8, 'sampling frequency'],
        [2, 1, 'sampling frequency exponent'],
      ],
    },
    { marker: [0x9f, 0x81], bigEndian: true, fields: [[2, 1, 'channels']] },
    { marker: [0xa3], bigEndian: true, fields: [[1, 1, 'block size']] },
  ],
  mp4: [
    ...['ftyp', 'moov', 'trak', 'mdia', 'minf', 'stbl', 'mdat', 'moof', 'traf', 'mvex', 'edts', 'udta'].map(
      (type): FieldRule => ({ marker: text(type), bigEndian: true, fields: [[-4, 4, `${type} size`]] }),
    ),
    ...['mvhd', 'mdhd', 'stsd', 'stts', 'stsc', 'stsz', 'stco', 'co64', 'elst', 'tfhd', 'trun', 'trex'].map(
      MP4_FULL_BOX,
    ),
    {
      marker: text('mp4a'),
      bigEndian: true,
      fields: [
        [-4, 4, 'mp4a size'],
        [12, 2, 'mp4a version'],
        [20, 2, 'mp4a channels'],
        [22, 2, 'mp4a bits'],
        [28, 2, 'mp4a rate'],
      ],
    },
    {
      marker: text('esds'),
      bigEndian: true,
      fields: [
        [-4, 4, 'esds size'],
        [9, 1, 'ES descriptor length'],
        [14, 1, 'decoder config length'],
        [15, 1, 'object type'],
        [31, 1, 'AudioSpecificConfig length'],
        [32, 2, 'AudioSpecificConfig'],
      ],
    },
  ],
  aac: [
    {
      marker: [0xff, 0xf1],
      bigEndian: true,
      fields: [
        [2, 1, 'ADTS profile/rate/channels'],
        [3, 3, 'ADTS frame length'],
        [6, 1, 'ADTS raw blocks'],
      ],
    },
  ],
  mp3: [
    {
      marker: text('ID3'),
      bigEndian: true,
      fields: [
        [3, 1, 'ID3 version'],
        [5, 1, 'ID3 flags'],
        [6, 4, 'ID3 size'],
      ],
    },
    ...[
      [0xff, 0xfb],
      [0xff, 0xf3],
      [0xff, 0xe3],
    ].map((marker): FieldRule => ({
      marker,
      bigEndian: true,
      fields: [
        [1, 1, 'MPEG version/layer'],
        [2, 1, 'MPEG bitrate/rate'],
        [3, 1, 'MPEG channel mode'],
      ],
    })),
    ...['Xing', 'Info'].map((tag) => MP4_FULL_BOX(tag)),
  ],
  amr: [{ marker: text('#!AMR'), bigEndian: true, fields: [[5, 1, 'AMR magic end']] }],
};

/** Offsets where `marker` occurs (at most `limit`, spread over the file). */
function occurrences(bytes: Uint8Array, marker: number[], limit: number): number[] {
  const found: number[] = [];
  outer: for (let at = 0; at + marker.length <= bytes.length; at++) {
    for (let k = 0; k < marker.length; k++) if (bytes[at + k] !== marker[k]) continue outer;
    found.push(at);
  }
  if (found.length <= limit) return found;
  const step = found.length / limit;
  return Array.from({ length: limit }, (_, k) => found[Math.floor(k * step)] as number);
}

/** The AMR frame headers (mode byte of each frame), walked from the magic. */
function amrFrameHeaders(bytes: Uint8Array): Field[] {
  const sizes = [13, 14, 16, 18, 20, 21, 27, 32, 6, 6, 6, 6, 1, 1, 1, 1];
  const out: Field[] = [];
  for (let at = 6; at < bytes.length;) {
    out.push({ at, bytes: 1, bigEndian: true, what: 'AMR frame header' });
    at += sizes[((bytes[at] ?? 0) >> 3) & 15] ?? 1;
  }
  return out;
}

/** Every header field of the format found in the bytes. */
export function headerFields(family: string, bytes: Uint8Array): Field[] {
  const fields: Field[] = [];
  for (const rule of FIELD_RULES[family] ?? []) {
    for (const start of occurrences(bytes, rule.marker, 64)) {
      for (const [offset, width, what] of rule.fields) {
        const at = start + offset;
        if (at >= 0 && at + width <= bytes.length) {
          fields.push({ at, bytes: width, bigEndian: rule.bigEndian, what });
        }
      }
    }
  }
  if (family === 'amr') fields.push(...amrFrameHeaders(bytes));
  return fields;
}

function readField(b: Uint8Array, f: Field): bigint {
  let v = 0n;
  for (let k = 0; k < f.bytes; k++) {
    const byte = BigInt(b[f.bigEndian ? f.at + k : f.at + f.bytes - 1 - k] ?? 0);
    v = (v << 8n) | byte;
  }
  return v;
}

function writeField(b: Uint8Array, f: Field, value: bigint): void {
  let v = value & ((1n << BigInt(8 * f.bytes)) - 1n);
  for (let k = f.bytes - 1; k >= 0; k--) {
    b[f.bigEndian ? f.at + k : f.at + f.bytes - 1 - k] = Number(v & 0xffn);
    v >>= 8n;
  }
}

/** Extreme and off-by-a-bit values for a field: 0, all ones, the sign bit, small, doubled, halved, ±1. */
function extreme(random: Random, width: number, old: bigint): [bigint, string] {
  const bits = BigInt(8 * width);
  const ones = (1n << bits) - 1n;
  const choices: [bigint, string][] = [
    [0n, '0'],
    [ones, 'all ones'],
    [ones >> 1n, 'max signed'],
    [1n << (bits - 1n), 'sign bit'],
    [1n, '1'],
    [BigInt(2 + int(random, 15)), 'small'],
    [old * 2n, 'doubled'],
    [old / 2n, 'halved'],
    [old + 1n, '+1'],
    [old - 1n, '-1'],
    [BigInt(int(random, 2 ** 32)) & ones, 'random'],
  ];
  return pick(random, choices);
}

/** Another fixture whose bytes a mutation may splice in (another format's header in front of this one's data). */
export interface Donor {
  name: string;
  bytes: Uint8Array;
}

/** What a mutation knows besides the bytes: the format's family (mutate.ts's field rules) and other files. */
interface Context {
  family: string;
  donors: readonly Donor[];
}

/** The bytes after one mutation, and what was done (for the failure message). */
type Mutator = (random: Random, b: Uint8Array, context: Context) => [Uint8Array, string];

const joined = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
};

const at = (random: Random, b: Uint8Array, headBias = 0.5): number =>
  // half the time in the first KiB, where the headers are
  random() < headBias ? int(random, Math.min(b.length, 1024)) : int(random, b.length);

const MUTATORS: [weight: number, Mutator][] = [
  [
    25,
    (random, b) => {
      const out = b.slice();
      const n = 1 + int(random, 16);
      const where: number[] = [];
      for (let k = 0; k < n; k++) {
        const i = at(random, out, 0.3);
        out[i] = (out[i] ?? 0) ^ (1 << int(random, 8));
        where.push(i);
      }
      return [out, `flip bits at ${where.join(',')}`];
    },
  ],
  [
    10,
    (random, b) => {
      const out = b.slice();
      const start = at(random, out);
      const length = 1 + int(random, 256);
      for (let i = start; i < Math.min(out.length, start + length); i++) out[i] = int(random, 256);
      return [out, `random bytes at ${start}+${length}`];
    },
  ],
  [
    5,
    (random, b) => {
      const out = b.slice();
      const start = at(random, out);
      const length = 1 + int(random, 4096);
      const value = random() < 0.5 ? 0 : 0xff;
      out.fill(value, start, start + length);
      return [out, `fill 0x${value.toString(16)} at ${start}+${length}`];
    },
  ],
  [
    15,
    (random, b) => {
      const end = at(random, b, 0.4);
      return [b.slice(0, end), `truncate at ${end}`];
    },
  ],
  [
    10,
    (random, b) => {
      const from = at(random, b);
      const to = Math.min(b.length, from + 1 + int(random, 8192));
      const into = int(random, b.length + 1);
      const out = new Uint8Array(b.length + to - from);
      out.set(b.subarray(0, into));
      out.set(b.subarray(from, to), into);
      out.set(b.subarray(into), into + to - from);
      return [out, `copy ${from}..${to} to ${into}`];
    },
  ],
  [
    10,
    (random, b) => {
      const from = at(random, b);
      const to = Math.min(b.length, from + 1 + int(random, 8192));
      const out = new Uint8Array(b.length - (to - from));
      out.set(b.subarray(0, from));
      out.set(b.subarray(to), from);
      return [out, `remove ${from}..${to}`];
    },
  ],
  [
    25,
    (random, b, { family }) => {
      const fields = headerFields(family, b);
      const out = b.slice();
      if (fields.length === 0 || random() < 0.15) {
        const width = pick(random, [1, 2, 4] as const);
        const field: Field = {
          at: at(random, out, 0.8),
          bytes: width,
          bigEndian: random() < 0.5,
          what: 'bytes',
        };
        field.at = Math.min(field.at, Math.max(0, out.length - width));
        const [value, how] = extreme(random, width, readField(out, field));
        writeField(out, field, value);
        return [out, `${width}-byte field at ${field.at} set to ${how}`];
      }
      const field = pick(random, fields);
      const [value, how] = extreme(random, field.bytes, readField(out, field));
      writeField(out, field, value);
      return [out, `${field.what} at ${field.at} set to ${how} (0x${readField(out, field).toString(16)})`];
    },
  ],
  [
    5,
    (random, b, { donors }) => {
      const donor = donors.length > 0 ? pick(random, donors) : { name: 'itself', bytes: b };
      const n = 1 + int(random, Math.min(4096, donor.bytes.length));
      const replace = random() < 0.5;
      const out = joined(donor.bytes.subarray(0, n), b.subarray(replace ? n : 0));
      return [out, `first ${n} bytes of ${donor.name} ${replace ? 'over its own' : 'in front'}`];
    },
  ],
  [
    4,
    (random, b) => {
      // an ID3v2 tag in front (ID3v2.4 §3.1: 'ID3', version, flags, a size in four 7-bit bytes)
      const body = int(random, 3000);
      const claims = random() < 0.5 ? body : pick(random, [0, 0x0fffffff, body + 1 + int(random, 1 << 20)]);
      const footer = random() < 0.2 ? 0x10 : 0;
      const size = [claims >>> 21, claims >>> 14, claims >>> 7, claims].map((v) => v & 0x7f);
      const tag = joined(new Uint8Array([0x49, 0x44, 0x33, 4, 0, footer, ...size]), new Uint8Array(body));
      return [
        joined(tag, b),
        `ID3 tag of ${body} bytes (claiming ${claims}, flags 0x${footer.toString(16)}) in front`,
      ];
    },
  ],
];

const TOTAL_WEIGHT = MUTATORS.reduce((n, [w]) => n + w, 0);

function mutator(random: Random): Mutator {
  let r = random() * TOTAL_WEIGHT;
  for (const [weight, m] of MUTATORS) {
    r -= weight;
    if (r < 0) return m;
  }
  return (MUTATORS[0] as [number, Mutator])[1];
}

/** CRC-32 of Ogg pages (polynomial 0x04c11db7, not reflected, initial 0: RFC 3533 §6). */
const OGG_CRC = Array.from({ length: 256 }, (_, n) => {
  let r = n << 24;
  for (let k = 0; k < 8; k++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
  return r >>> 0;
});

/** Recomputes every whole Ogg page's checksum, so the mutation reaches the codec instead of being dropped. */
export function fixOggChecksums(b: Uint8Array): void {
  for (const start of occurrences(b, text('OggS'), Infinity)) {
    const segments = b[start + 26];
    if (segments === undefined || start + 27 + segments > b.length) continue;
    let end = start + 27 + segments;
    for (let k = 0; k < segments; k++) end += b[start + 27 + k] ?? 0;
    if (end > b.length) continue;
    b.fill(0, start + 22, start + 26);
    let crc = 0;
    for (let i = start; i < end; i++)
      crc = ((crc << 8) ^ (OGG_CRC[((crc >>> 24) ^ (b[i] ?? 0)) & 0xff] ?? 0)) >>> 0;
    b[start + 22] = crc & 0xff;
    b[start + 23] = (crc >>> 8) & 0xff;
    b[start + 24] = (crc >>> 16) & 0xff;
    b[start + 25] = crc >>> 24;
  }
}

/** A mutated file: its bytes, the chunk size it is read in, and what was done to it. */
export interface Mutated {
  bytes: Uint8Array;
  chunkBytes: number;
  steps: string[];
}

/** Chunk sizes from 1 byte to 64 KiB, odd ones often; at most `maxChunks` chunks (tiny chunks on big files are slow, not different). */
function chunkSize(random: Random, size: number, maxChunks: number): number {
  const r = random();
  const chosen =
    r < 0.05
      ? 1
      : r < 0.2
        ? 2 + int(random, 15)
        : r < 0.55
          ? 17 + int(random, 4096)
          : Math.round(2 ** (12 + random() * 4));
  return Math.max(chosen, Math.ceil(size / maxChunks));
}

/**
 * The bytes of case `index` of a format: index 0 is the file as it is (read in a random chunk size), the
 * others 1 to 3 mutations of it.
 */
export function mutate(
  random: Random,
  context: Context,
  original: Uint8Array,
  index: number,
  maxChunks: number,
): Mutated {
  const { family } = context;
  let bytes = original;
  const steps: string[] = [];
  if (index > 0) {
    const count = 1 + (random() < 0.4 ? 1 : 0) + (random() < 0.15 ? 1 : 0);
    for (let k = 0; k < count && bytes.length > 0; k++) {
      const [next, step] = mutator(random)(random, bytes, context);
      bytes = next;
      steps.push(step);
    }
    if (family === 'ogg' && random() < 0.75) {
      bytes = bytes === original ? bytes.slice() : bytes;
      fixOggChecksums(bytes);
      steps.push('Ogg checksums fixed');
    }
  }
  const chunkBytes = chunkSize(random, bytes.length, maxChunks);
  return { bytes, chunkBytes, steps };
}
