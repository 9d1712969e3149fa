/**
 * The key under which an analysed report is "current": the file's content (SHA-256, read in chunks so a
 * long call never needs one buffer of its size), the settings and the analyzer version; other settings or
 * a new version miss. One definition for the app's report cache (renderer/queue/report-cache.ts) and the
 * command line's folder runs (src/node/folder-run.ts), which skip a call whose reports are current.
 * Portable: Web Crypto and Blob, in the browser and in Node alike.
 */

/** Bytes hashed at a time: 4 MiB keeps memory small and each digest call short. */
export const CHUNK_BYTES = 4 * 1024 * 1024;
/** Bumped when what a key stands for changes: every older key then misses. */
const KEY_FORMAT = 'softspoken.report-cache/1';

const hex = (bytes: ArrayBuffer): string =>
  Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');

/** What a digest reads: a Blob (a File in the browser, `fs.openAsBlob` in Node). */
export interface DigestSource {
  readonly size: number;
  slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

/**
 * The content digest of `blob`: SHA-256 over the SHA-256 of each `chunkBytes` piece in order (a hash list;
 * Web Crypto has no streaming digest), hex. Equal bytes give equal digests, whatever the file's name.
 */
export async function contentDigest(blob: DigestSource, chunkBytes = CHUNK_BYTES): Promise<string> {
  if (!Number.isInteger(chunkBytes) || chunkBytes <= 0) {
    throw new RangeError(`chunkBytes must be a positive integer, got ${chunkBytes}`);
  }
  const pieces = Math.max(1, Math.ceil(blob.size / chunkBytes));
  const digests = new Uint8Array(pieces * 32);
  for (let i = 0; i < pieces; i++) {
    const bytes = await blob.slice(i * chunkBytes, (i + 1) * chunkBytes).arrayBuffer();
    digests.set(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)), i * 32);
  }
  return hex(await crypto.subtle.digest('SHA-256', digests));
}

/** JSON with the keys of every object sorted: the same settings give the same text in any order. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The key of a file's analysis: its content digest, what it was analysed with (the resolved settings, and
 * for the command line the agent channel and the first pass) and the analyzer version.
 */
export async function cacheKey(contentHex: string, settings: object, version: string): Promise<string> {
  const text = `${KEY_FORMAT}\n${version}\n${stableJson(settings)}`;
  const config = hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return `${contentHex}:${config}`;
}
