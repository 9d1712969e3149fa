/**
 * Where analysed calls enter the call history (call-history.ts): every call of a queue as it is scored
 * (cached or analysed, and again when its sides are swapped), and a single call when its review shows.
 * The demo call is left out. Recording never gets in the coach's way: a failure is only logged.
 */
import type { Report } from '../../src/report/schema.js';
import type { CallInput } from '../host/host.js';
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

/** The date a call took place, as far as the app knows: a live session's start, else the file's last change. */
export function callDate(input: CallInput, report: Report): string | null {
  const live = report.live?.startedAt;
  if (live !== undefined && !Number.isNaN(Date.parse(live))) return new Date(live).toISOString();
  const part = input.parts[0];
  if (part !== undefined && 'blob' in part && typeof File !== 'undefined' && part.blob instanceof File) {
    const t = part.blob.lastModified;
    if (Number.isFinite(t) && t > 0) return new Date(t).toISOString();
  }
  return null;
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
        fileDate: callDate(input, report),
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
