/**
 * The cache of analysed reports (kept in this origin's IndexedDB by idb-report-cache.ts), so a call analysed
 * once opens at once. The key (src/report/report-key.ts, as the command line's folder runs use it) is the
 * file's content, the settings and the analyzer version: other settings or a new version miss. The
 * value is the report, the side guess and the side it was analysed with; never the audio (the file plays as
 * it is, or is analysed again when the browser cannot play it).
 */
import type { Report } from '../../src/report/schema.js';
import type { SideGuess } from '../../src/ipc/worker-protocol.js';

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
