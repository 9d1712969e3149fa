/**
 * The report a call is counted by, wherever it is counted (the queue's row, the agents' history, the
 * folder's summary export): the analysis's report corrected by the coach's edits of the call
 * (src/report/coach.ts `applyCoachEdits`, the same as the review shows). Worked out again only when the
 * report or the stored edits change.
 */
import { applyCoachEdits } from '../../src/report/coach.js';
import type { Report } from '../../src/report/schema.js';
import type { CoachStore } from './coach-store.js';

export class CountedReports {
  private readonly last = new Map<string, { report: Report; edits: string | null; counted: Report }>();

  constructor(private readonly store: CoachStore) {}

  /** The call `key`'s report as counted: `report` with the coach's edits of the call, if any. */
  of(key: string, report: Report): Report {
    const edits = this.store.text(key);
    const known = this.last.get(key);
    if (known !== undefined && known.report === report && known.edits === edits) return known.counted;
    const counted = edits === null ? report : applyCoachEdits(report, this.store.load(key));
    this.last.set(key, { report, edits, counted });
    return counted;
  }
}
