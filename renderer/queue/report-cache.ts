/**
 * The cache of analysed reports (kept in this origin's IndexedDB by idb-report-cache.ts), so a call analysed
 * once opens at once. The key is the file's content (SHA-256, read in chunks so a long call never needs one
 * buffer of its size), the settings and the analyzer version: other settings or a new version miss. The
 * value is the report, the side guess and the side it was analysed with; never the audio (the file plays as
 * it is, or is analysed again when the browser cannot play it).
 */
import type { Report } from '../../src/report/schema.js';
import type { SideGuess } from '../../src/ipc/worker-protocol.js';

/** Bytes hashed at a time: 4 MiB keeps the page's memory small and each digest call short. */
export const CHUNK_BYTES = 4 * 1024 * 1024;
/** Bumped when the cached value's shape changes: every older entry then misses. */
const CACHE_FORMAT = 'softspoken.report-cache/1';

export interface CachedAnalysis {
  report: Report;
  guess: SideGuess;
  /** The side the report was analysed with as the agent. */
  side: 0 | 1;
}

export interface ReportCache {
  get(key: string): Promise<CachedAnalysis | null>;
  put(key: string, value: CachedAnalysis): Promise<void>;
}

const hex = (bytes: ArrayBuffer): string =>
  Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * The content digest of `blob`: SHA-256 over the SHA-256 of each `chunkBytes` piece in order (a hash list;
 * Web Crypto has no streaming digest), hex. Equal bytes give equal digests, whatever the file's name.
 */
export async function contentDigest(blob: Blob, chunkBytes = CHUNK_BYTES): Promise<string> {
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

/** The cache key of a file's analysis: its content digest, the resolved settings and the analyzer version. */
export async function cacheKey(contentHex: string, settings: object, version: string): Promise<string> {
  const text = `${CACHE_FORMAT}\n${version}\n${stableJson(settings)}`;
  const config = hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return `${contentHex}:${config}`;
}

/** A cache in memory (IndexedDB unavailable, and the unit tests). */
export function memoryReportCache(): ReportCache {
  const entries = new Map<string, CachedAnalysis>();
  return {
    get: (key) => Promise.resolve(entries.get(key) ?? null),
    put: (key, value) => {
      entries.set(key, value);
      return Promise.resolve();
    },
  };
}
