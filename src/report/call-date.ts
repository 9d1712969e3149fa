/**
 * When a call took place, for the agents' trend (agents.ts groups calls by week), from the best clue known
 * and saying which: a live session's start; the date in the file's name (a `{date}` field of the coach's
 * pattern, agents.ts); the recording's own date, written in its file by the recorder (WAV `bext` or
 * `LIST/INFO ICRD`, MP3 ID3v2 `TDRC`/`TYER`+`TDAT`, FLAC and Ogg Vorbis comments `DATE=`, M4A `mvhd`);
 * the file's time (its last change: a copy made today is dated today, so it is the last resort); else
 * when the call was first analysed. Portable: the metadata is read from a file's first and last bytes.
 */

export type CallDateSource = 'live' | 'name' | 'recording' | 'file' | 'analysed';

/** Where a call's date came from, in words ("3 Nov 2026, from the file name"). */
export const DATE_SOURCE_WORDS: Readonly<Record<CallDateSource, string>> = {
  live: 'the live call',
  name: 'the file name',
  recording: 'the recording',
  file: 'the file’s time',
  analysed: 'when first analysed',
};

/** How much of a file's start and end the metadata is looked for in, bytes. */
export const METADATA_HEAD_BYTES = 256 * 1024;
export const METADATA_TAIL_BYTES = 64 * 1024;

const valid = (y: number, m: number, d: number, hh = 0, mm = 0, ss = 0): string | null => {
  if (y < 1980 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31 || hh > 23 || mm > 59 || ss > 59)
    return null;
  const t = Date.UTC(y, m - 1, d, hh, mm, ss);
  const back = new Date(t);
  // 31 Feb is not a date
  return back.getUTCDate() === d && back.getUTCMonth() === m - 1 ? back.toISOString() : null;
};

/**
 * A date (and maybe a time) written as a recorder or a file name writes it, as ISO 8601 UTC; null for
 * anything else. Takes 2026-11-03, 20261103, 2026_11_03, 2026.11.03 or 2026:11:03 (EXIF style), each
 * maybe followed by a time (T, space, _ or -, then 14:12, 1412, 14:12:05 or 141205). A year alone, or a
 * day before its month (03-11-2026, ambiguous), is not a date here.
 */
export function dateFromText(text: string): string | null {
  const m =
    /^\s*(\d{4})[-_.:]?(\d{2})[-_.:]?(\d{2})(?:[T _-]?(\d{2}):?(\d{2})(?::?(\d{2}))?)?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?\s*$/.exec(
      text,
    );
  if (!m) return null;
  const n = (i: number): number => Number(m[i] ?? 0);
  return valid(n(1), n(2), n(3), n(4), n(5), n(6));
}

const ascii = (bytes: Uint8Array, from: number, to: number): string => {
  let s = '';
  for (let i = Math.max(0, from); i < Math.min(to, bytes.length); i++) {
    const c = bytes[i] as number;
    if (c === 0) break;
    s += String.fromCharCode(c);
  }
  return s;
};

/** Every position of `tag` (ASCII) in `bytes`. */
function* find(bytes: Uint8Array, tag: string): Generator<number> {
  const first = tag.charCodeAt(0);
  outer: for (
    let i = bytes.indexOf(first);
    i >= 0 && i <= bytes.length - tag.length;
    i = bytes.indexOf(first, i + 1)
  ) {
    for (let k = 1; k < tag.length; k++) if (bytes[i + k] !== tag.charCodeAt(k)) continue outer;
    yield i;
  }
}

const u32le = (b: Uint8Array, i: number): number =>
  ((b[i] ?? 0) | ((b[i + 1] ?? 0) << 8) | ((b[i + 2] ?? 0) << 16) | ((b[i + 3] ?? 0) << 24)) >>> 0;
const u32be = (b: Uint8Array, i: number): number =>
  (((b[i] ?? 0) << 24) | ((b[i + 1] ?? 0) << 16) | ((b[i + 2] ?? 0) << 8) | (b[i + 3] ?? 0)) >>> 0;

/** WAV: the Broadcast Wave `bext` chunk's OriginationDate and Time (EBU Tech 3285), or `LIST/INFO ICRD`. */
function wavDate(b: Uint8Array): string | null {
  for (const at of find(b, 'bext')) {
    const data = at + 8; // Description 256, Originator 32, OriginatorReference 32, then the date and time
    const date = ascii(b, data + 320, data + 330);
    const time = ascii(b, data + 330, data + 338);
    const found = dateFromText(`${date}${time ? `T${time}` : ''}`) ?? dateFromText(date);
    if (found) return found;
  }
  for (const at of find(b, 'ICRD')) {
    const size = u32le(b, at + 4);
    const found = size > 0 && size < 64 ? dateFromText(ascii(b, at + 8, at + 8 + size)) : null;
    if (found) return found;
  }
  return null;
}

/** MP3: ID3v2's recording time (`TDRC`, v2.4) or year and day (`TYER` + `TDAT` DDMM, v2.3). */
function id3Date(b: Uint8Array): string | null {
  if (ascii(b, 0, 3) !== 'ID3') return null;
  const text = (tag: string): string | null => {
    for (const at of find(b, tag)) {
      const size = u32be(b, at + 4);
      const syncsafe =
        ((b[at + 4] ?? 0) << 21) | ((b[at + 5] ?? 0) << 14) | ((b[at + 6] ?? 0) << 7) | (b[at + 7] ?? 0);
      for (const length of [size, syncsafe]) {
        if (length < 2 || length > 64) continue;
        const encoding = b[at + 10];
        if (encoding !== 0 && encoding !== 3) continue; // Latin-1 or UTF-8 (dates are plain digits)
        return ascii(b, at + 11, at + 10 + length);
      }
    }
    return null;
  };
  const tdrc = text('TDRC');
  if (tdrc) return dateFromText(tdrc);
  const year = text('TYER');
  const ddmm = text('TDAT');
  return year && ddmm && /^\d{4}$/.test(ddmm)
    ? dateFromText(`${year}-${ddmm.slice(2)}-${ddmm.slice(0, 2)}`)
    : null;
}

/** FLAC and Ogg (Vorbis, Opus): a Vorbis comment `DATE=` (its length is the 4 bytes before it). */
function vorbisDate(b: Uint8Array): string | null {
  for (const key of ['DATE=', 'date=', 'Date=']) {
    for (const at of find(b, key)) {
      const length = u32le(b, at - 4);
      if (length <= key.length || length > 64) continue;
      const found = dateFromText(ascii(b, at + key.length, at + length));
      if (found) return found;
    }
  }
  return null;
}

/** MP4/M4A: the movie header's creation time (`mvhd`, seconds since 1904), when one was written (not 0). */
function mp4Date(b: Uint8Array): string | null {
  const EPOCH_1904_SEC = 2082844800; // seconds from 1904-01-01 to 1970-01-01 (ISO/IEC 14496-12)
  for (const at of find(b, 'mvhd')) {
    const version = b[at + 4];
    const seconds =
      version === 1 ? u32be(b, at + 8) * 2 ** 32 + u32be(b, at + 12) : version === 0 ? u32be(b, at + 8) : 0;
    if (seconds <= EPOCH_1904_SEC) continue;
    const date = new Date((seconds - EPOCH_1904_SEC) * 1000);
    const iso = valid(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
    if (iso) return date.toISOString();
  }
  return null;
}

/**
 * The date a recording's file says it was made, from its first bytes (`head`, up to METADATA_HEAD_BYTES)
 * and its last (`tail`, where WAV's LIST chunk and a non-streamable M4A's index often are); null when it
 * says none. Never throws: a file's metadata is a clue, not a requirement.
 */
export function recordingDate(head: Uint8Array, tail: Uint8Array | null = null): string | null {
  try {
    for (const bytes of tail === null ? [head] : [head, tail]) {
      const found = wavDate(bytes) ?? id3Date(bytes) ?? vorbisDate(bytes) ?? mp4Date(bytes);
      if (found) return found;
    }
  } catch {
    // a malformed header is not the coach's problem here
  }
  return null;
}

/** What is known of a call's date, each clue as ISO 8601 or null. */
export interface DateClues {
  live?: string | null;
  name?: string | null;
  recording?: string | null;
  file?: string | null;
}

/** The call's date by the best clue (live, name, recording, file), else `firstAnalysed`, and which it was. */
export function chooseCallDate(
  clues: DateClues,
  firstAnalysed: string,
): { date: string; from: CallDateSource } {
  for (const from of ['live', 'name', 'recording', 'file'] as const) {
    const iso = clues[from];
    const t = iso === null || iso === undefined ? NaN : Date.parse(iso);
    if (!Number.isNaN(t)) return { date: new Date(t).toISOString(), from };
  }
  return { date: firstAnalysed, from: 'analysed' };
}
