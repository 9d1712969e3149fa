/**
 * A report's speech turns as NIST RTTM, the file diarization tools read and score (pyannote.metrics,
 * dscore, md-eval): one line per turn of either party,
 * `SPEAKER <file-id> 1 <onset> <duration> <NA> <NA> <speaker> <NA> <NA>`, ten fields separated by single
 * spaces, onset and duration in s with 3 decimals, speaker `agent` or `customer`. The turns are the
 * report's `speech` spans. Pure and portable: no Node imports.
 */
import { roundTo } from './format.js';
import type { Report } from './schema.js';

export type RttmSpeaker = 'agent' | 'customer';

/** One line of the file. */
export interface RttmTurn {
  speaker: RttmSpeaker;
  onset: number;
  duration: number;
}

/** An RTTM field may not hold a space: each run of white space becomes `_`; nothing left is `call`. */
export function rttmFileId(name: string): string {
  const id = name.replace(/[\s\u0085]+/g, '_');
  return id === '' ? 'call' : id;
}

/** The last component of `path` without its extension (`/calls/Mon 3.wav` → `Mon 3`), either kind of slash. */
function stem(path: string): string {
  const base = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/**
 * The file id of a report's turns: the call's file name without folder and extension (for two mono
 * files, the agent's), spaces replaced; a live call's recording, or its session id when not recorded.
 */
export function defaultFileId(report: Report): string {
  const live = report.live;
  const name = live ? (live.recordingPath ?? live.sessionId) : (report.source.files[0] ?? '');
  return rttmFileId(stem(name));
}

const ms = (x: number): number => roundTo(x, 3);

/** Both parties' turns in time order (onset, then agent before customer); turns of no length are left out. */
export function rttmTurns(report: Report): RttmTurn[] {
  const turns: RttmTurn[] = [];
  for (const speaker of ['agent', 'customer'] as const) {
    for (const [start, end] of report.speech[speaker]) {
      const duration = ms(end - start);
      if (duration > 0) turns.push({ speaker, onset: start, duration });
    }
  }
  const order = (s: RttmSpeaker): number => (s === 'agent' ? 0 : 1);
  return turns.sort((a, b) => a.onset - b.onset || order(a.speaker) - order(b.speaker));
}

/** The RTTM file of `report`; `fileId` (spaces replaced) defaults to {@link defaultFileId}. */
export function rttm(report: Report, fileId?: string): string {
  const id = fileId === undefined ? defaultFileId(report) : rttmFileId(fileId);
  return rttmTurns(report)
    .map(
      (t) =>
        `SPEAKER ${id} 1 ${t.onset.toFixed(3)} ${t.duration.toFixed(3)} <NA> <NA> ${t.speaker} <NA> <NA>\n`,
    )
    .join('');
}
