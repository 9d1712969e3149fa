/**
 * Byte-by-byte WAV builders for tests. They deliberately do not use encodeWav, so decoder tests check
 * against independently written bytes (RIFF/WAVE layout: 'RIFF' size 'WAVE', then id + size + body chunks).
 */

export type Bytes = Uint8Array | readonly number[];

/** Little-endian 16-bit field. */
export const u16le = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff];

/** Little-endian 32-bit field. */
export const u32le = (n: number): number[] => [
  n & 0xff,
  (n >>> 8) & 0xff,
  (n >>> 16) & 0xff,
  (n >>> 24) & 0xff,
];

/** Little-endian 64-bit field (exact below 2^53): low 32 bits, then high. */
export const u64le = (n: number): number[] => [
  ...u32le(n % 0x100000000),
  ...u32le(Math.floor(n / 0x100000000)),
];

/** ASCII bytes of a chunk id or tag. */
export const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

/** Concatenates byte parts. */
export function concat(...parts: Bytes[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** A RIFF chunk: id, size (the body length unless overridden), body and, for odd sizes, the pad byte. */
export function chunk(id: string, body: Bytes, sizeBytes = body.length): Uint8Array {
  return concat(ascii(id), u32le(sizeBytes), body, body.length % 2 === 1 ? [0] : []);
}

export interface FmtFields {
  formatTag: number;
  channels: number;
  sampleRateHz: number;
  bitsPerSample: number;
  /** Defaults to channels × bitsPerSample / 8. */
  blockAlign?: number;
  /** Bytes per second; defaults to sampleRateHz × blockAlign. */
  byteRate?: number;
}

/** The 16 common fmt bytes: tag, channels, rate, byte rate, block align, bits. */
function fmtCommon(f: FmtFields): number[] {
  const blockAlign = f.blockAlign ?? (f.channels * f.bitsPerSample) / 8;
  return [
    ...u16le(f.formatTag),
    ...u16le(f.channels),
    ...u32le(f.sampleRateHz),
    ...u32le(f.byteRate ?? f.sampleRateHz * blockAlign),
    ...u16le(blockAlign),
    ...u16le(f.bitsPerSample),
  ];
}

/** A plain 16-byte `fmt ` chunk (WAVEFORMAT / PCMWAVEFORMAT). */
export const fmtChunk = (f: FmtFields): Uint8Array => chunk('fmt ', fmtCommon(f));

/** KSDATAFORMAT_SUBTYPE_* GUID {0000tttt-0000-0010-8000-00AA00389B71} as stored (little-endian fields). */
export function subFormatGuid(tag: number): number[] {
  return [...u16le(tag), 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];
}

/** A 40-byte WAVE_FORMAT_EXTENSIBLE `fmt ` chunk (tag 0xFFFE, cbSize 22) with the given SubFormat GUID. */
export function fmtExtensibleChunk(
  f: Omit<FmtFields, 'formatTag'>,
  guid: number[],
  validBits = f.bitsPerSample,
  channelMask = f.channels === 2 ? 0x3 : 0x4,
): Uint8Array {
  const body = [
    ...fmtCommon({ ...f, formatTag: 0xfffe }),
    ...u16le(22),
    ...u16le(validBits),
    ...u32le(channelMask),
  ];
  return chunk('fmt ', [...body, ...guid]);
}

/** 'RIFF' + size + 'WAVE' + chunks; the RIFF size is computed unless given. */
export function riffWave(chunks: Bytes[], riffSizeBytes?: number): Uint8Array {
  const body = concat(...chunks);
  return concat(ascii('RIFF'), u32le(riffSizeBytes ?? body.length + 4), ascii('WAVE'), body);
}

/** A whole file: fmt, optional extra chunks before data, a data chunk (size overridable), extra chunks after. */
export function wavFile(opts: {
  fmt: FmtFields | Uint8Array;
  data: Bytes;
  dataSizeBytes?: number;
  before?: Bytes[];
  after?: Bytes[];
}): Uint8Array {
  const fmt = opts.fmt instanceof Uint8Array ? opts.fmt : fmtChunk(opts.fmt);
  const data = chunk('data', opts.data, opts.dataSizeBytes ?? opts.data.length);
  return riffWave([fmt, ...(opts.before ?? []), data, ...(opts.after ?? [])]);
}

/** 16-bit little-endian two's-complement bytes of integer sample values. */
export const int16Bytes = (values: readonly number[]): number[] => values.flatMap((v) => u16le(v & 0xffff));

/** The canonical 44-byte header of a 16-bit PCM file with `frames` frames, for writing long files in pieces. */
export function pcm16Header(channels: number, sampleRateHz: number, frames: number): Uint8Array {
  const dataBytes = frames * channels * 2;
  const fmt = fmtChunk({ formatTag: 1, channels, sampleRateHz, bitsPerSample: 16 });
  return concat(
    ascii('RIFF'),
    u32le(4 + fmt.length + 8 + dataBytes),
    ascii('WAVE'),
    fmt,
    ascii('data'),
    u32le(dataBytes),
  );
}

/** A ds64 chunk (EBU Tech 3306): riffSize, dataSize, sampleCount (64-bit), table length and table entries. */
export function ds64Chunk(f: {
  riffSizeBytes: number;
  dataSizeBytes: number;
  sampleCount: number;
  table?: { id: string; sizeBytes: number }[];
}): Uint8Array {
  const table = f.table ?? [];
  return chunk('ds64', [
    ...u64le(f.riffSizeBytes),
    ...u64le(f.dataSizeBytes),
    ...u64le(f.sampleCount),
    ...u32le(table.length),
    ...table.flatMap((t) => [...ascii(t.id), ...u64le(t.sizeBytes)]),
  ]);
}

/** 'RF64' or 'BW64' + 0xFFFFFFFF + 'WAVE' + chunks (the ds64 chunk, if any, is one of `chunks`). */
export function wave64(id: 'RF64' | 'BW64', chunks: Bytes[]): Uint8Array {
  return concat(ascii(id), u32le(0xffffffff), ascii('WAVE'), ...chunks);
}
