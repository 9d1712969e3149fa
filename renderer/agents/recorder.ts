/**
 * Where analysed calls enter the call history (call-history.ts): every call of a queue as it is scored
 * (cached or analysed, and again when its sides are swapped), a single call when its review shows, and
 * either again when the coach's edits change it. The demo call is left out. Recording never gets in the
 * coach's way: a failure is only logged.
 */
import {
  METADATA_HEAD_BYTES,
  METADATA_TAIL_BYTES,
  recordingDate,
  type DateClues,
} from '../../src/report/call-date.js';
import type { Report } from '../../src/report/schema.js';
import type { ByteSource, CallInput } from '../host/host.js';
import type { CallHistory } from './call-history.js';

/** The parts of a queue (call-queue.ts's CallQueue) the recorder reads. */
export interface WatchedQueue {
  readonly entries: readonly {
    id: string;
    input: CallInput;
    status: { state: string };
    result: { report: Report } | null;
  }[];
  subscribe(listener: () => void): () => void;
}

/** The bytes of `part` from `start` to `end`: a slice of its Blob, or a Range request to the app's URL. */
async function bytesOf(part: ByteSource, start: number, end: number): Promise<Uint8Array> {
  if ('blob' in part) return new Uint8Array(await part.blob.slice(start, end).arrayBuffer());
  const response = await fetch(part.url, { headers: { Range: `bytes=${start}-${end - 1}` } });
  if (!response.ok) return new Uint8Array(0);
  const bytes = new Uint8Array(await response.arrayBuffer());
  // a server that ignores Range sends the whole file: keep the part asked for
  return response.status === 200 ? bytes.subarray(start, end) : bytes;
}

/**
 * What the app knows of when a call took place, besides its name (call-date.ts): a live session's start,
 * the date its recording's file holds, the file's last change. Never rejects.
 */
export async function dateClues(input: CallInput, report: Report): Promise<Omit<DateClues, 'name'>> {
  const live = report.live?.startedAt;
  const clues: Omit<DateClues, 'name'> = {
    live: live !== undefined && !Number.isNaN(Date.parse(live)) ? new Date(live).toISOString() : null,
    recording: null,
    file: null,
  };
  const part = input.parts[0];
  if (part === undefined) return clues;
  if ('blob' in part && typeof File !== 'undefined' && part.blob instanceof File) {
    const t = part.blob.lastModified;
    if (Number.isFinite(t) && t > 0) clues.file = new Date(t).toISOString();
  }
  try {
    const size = part.sizeBytes;
    const head = await bytesOf(part, 0, Math.min(size || METADATA_HEAD_BYTES, METADATA_HEAD_BYTES));
    const tail =
      size > METADATA_HEAD_BYTES
        ? await bytesOf(part, Math.max(METADATA_HEAD_BYTES, size - METADATA_TAIL_BYTES), size)
        : null;
    clues.recording = recordingDate(head, tail);
  } catch {
    // unreadable now: the other clues stand
  }
  return clues;
}

export class CallRecorder {
  constructor(
    private readonly history: () => Promise<CallHistory>,
    /** The report a call is counted by: the analysis's, corrected by the coach's edits of the call. */
    private readonly counted: (input: CallInput, report: Report) => Report = (_input, report) => report,
  ) {}

  /**
   * Records a call whose analysis is shown (not the demo), as counted (with the coach's corrections; again
   * after each edit); resolves when kept (never rejects).
   */
  async record(input: CallInput, report: Report): Promise<void> {
    if (input.key.startsWith('demo:')) return;
    try {
      const history = await this.history();
      const counted = this.counted(input, report);
      await history.record({
        key: input.key,
        name: input.name,
        dates: await dateClues(input, report),
        report: counted,
      });
    } catch (error) {
      console.warn(`SoftSpoken: ${input.name} is not in the agents' history (${String(error)})`);
    }
  }

  /** Records each call of `queue` once it is done, and again when its report changes; returns the unsubscribe. */
  watchQueue(queue: WatchedQueue): () => void {
    const recorded = new Map<string, Report>();
    const check = (): void => {
      for (const entry of queue.entries) {
        const report = entry.result?.report;
        if (entry.status.state !== 'done' || report === undefined || recorded.get(entry.id) === report)
          continue;
        recorded.set(entry.id, report);
        void this.record(entry.input, report);
      }
    };
    const unsubscribe = queue.subscribe(check);
    check();
    return unsubscribe;
  }
}
